"""Masking of secrets (API keys, client secrets, tokens) in any text that may reach a log or an
exception message. The REST and SOAP transports both log through `redact`.

Masked by shape: `apikey=...`, `"apikey": "..."`, `'apikey': '...'`, `<x:apikey>...</x:apikey>`,
the same for `access_token`, `refresh_token` and `client_secret`, and `Bearer <token>`. Masked by
value: anything passed to `register_secret` (the key and client secret of every client built, and
every token fetched), wherever it appears, if it has at least 8 characters: shorter values would
mask ordinary words (a secret "secret" would turn `client_secret` into `client_***`).
"""

from __future__ import annotations

import logging
import re
import threading

__all__ = ["MASK", "install_log_filter", "redact", "register_secret"]

MASK = "***"
_SECRET_NAMES = r"(?:apikey|api_key|access_token|refresh_token|client_secret)"  # noqa: S105
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # form / query:  apikey=VALUE
    (re.compile(rf"(\b{_SECRET_NAMES}=)[^&\s\"'<>;,]+", re.IGNORECASE), rf"\1{MASK}"),
    # JSON / Python repr:  "apikey": "VALUE"  or  'apikey': 'VALUE'
    (
        re.compile(rf"""(["']{_SECRET_NAMES}["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2""", re.IGNORECASE),
        rf"\1\2{MASK}\2",
    ),
    # XML:  <ns:apikey>VALUE</ns:apikey>
    (
        re.compile(
            rf"(<(?:[\w.-]+:)?{_SECRET_NAMES}(?:\s[^>]*)?>)[^<]*(</(?:[\w.-]+:)?{_SECRET_NAMES}\s*>)",
            re.IGNORECASE,
        ),
        rf"\1{MASK}\2",
    ),
    # Authorization header values
    (re.compile(r"(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE), rf"\1{MASK}"),
)
_MIN_SECRET_LENGTH = 8  # shorter values would mask ordinary words ("secret", "token")

_lock = threading.Lock()
_secrets: frozenset[str] = frozenset()


def register_secret(value: str | None) -> None:
    """Mask `value` wherever it appears from now on (no-op for empty or very short values)."""
    global _secrets
    if not value or len(value) < _MIN_SECRET_LENGTH:
        return
    with _lock:
        if value not in _secrets:
            _secrets = _secrets | {value}


def redact(text: str) -> str:
    """`text` with every known secret and every secret-shaped value replaced by `***`."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class _RedactingFilter(logging.Filter):
    """Rewrites a record's message through `redact` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; do not hide the record
            return True
        record.msg = redact(message)
        record.args = None
        return True


_FILTER = _RedactingFilter()
# Loggers of the libraries we drive that may print URLs (with `apikey=`), form bodies, tokens.
_LIBRARY_LOGGERS = (
    "smsmobile",
    "smsmobile.gateway",
    "smsmobile.webhooks",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "requests_oauthlib.oauth2_session",
    "oauthlib.oauth2.rfc6749.parameters",
    "oauthlib.oauth2.rfc6749.clients.base",
    "urllib3.connectionpool",
    "zeep.transports",
    "zeep.wsdl.bindings.soap",
)


def install_log_filter(*names: str) -> None:
    """Attach the redacting filter to our logger and to the loggers of the HTTP libraries we use.

    A logging filter only sees records logged on its own logger, hence one per library logger.
    Idempotent.
    """
    for name in (*_LIBRARY_LOGGERS, *names):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
