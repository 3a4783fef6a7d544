"""The one exception hierarchy of smsmobile, shared by the REST and SOAP transports.

    SmsMobileError
    ├── InvalidRequest      bad input, caught before any I/O (names the field and the rule)
    ├── AuthenticationError the key or OAuth2 credentials were refused (HTTP 401/403)
    ├── RateLimited         HTTP 429; `retry_after` seconds, when the service said
    ├── ServiceError        the service answered with a non-zero `error` (even inside HTTP 200),
    │                       or with a 4xx/5xx that is none of the above; `code`, `http_status`
    └── TransportError      the exchange itself failed
        ├── ConnectError    the request never reached the service: safe to repeat, even a send
        ├── RequestTimeout  no (complete) reply in time
        ├── MalformedReply  a reply that cannot be read (bad JSON/XML, wrong shape), one
        │                   past MAX_REPLY_BYTES (decompressed), or a stacked encoding
        ├── RedirectRefused a 3xx: never followed, as every request carries a credential
        └── OutcomeUnknown  a send that may or may not have been accepted: do not resend
                            blindly; `cause` is the failure behind it

No message, attribute or repr of these ever holds an API key, client secret or token. Each
message is one sentence: what failed, where (the host, never a credential) and, where it
helps, what to do.
"""

from __future__ import annotations

import re
import socket

__all__ = [
    "AuthenticationError",
    "ConnectError",
    "InvalidRequest",
    "MalformedReply",
    "OutcomeUnknown",
    "RateLimited",
    "RedirectRefused",
    "RequestTimeout",
    "ServiceError",
    "SmsMobileError",
    "TransportError",
    "connect_error",
]


class SmsMobileError(Exception):
    """Base of every error this package raises.

    `before_request` is True when the failure came before the request left (a token fetch that
    failed): nothing reached the service, so even a send may be repeated.
    """

    before_request: bool = False


class InvalidRequest(SmsMobileError, ValueError):
    """Input that breaks a documented rule; raised before anything is sent."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class AuthenticationError(SmsMobileError):
    """The API key, token or client credentials were refused."""

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        self.http_status = http_status
        super().__init__(message)


class RateLimited(SmsMobileError):
    """The service asked us to slow down (HTTP 429)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ServiceError(SmsMobileError):
    """The service refused or failed the call; `code` is its `error` value, as a string.

    The text reads `service error CODE (HTTP STATUS): DETAIL`, composed here once: a message
    that already starts with that (an error re-raised by the gateway, a transport's
    `HTTP 400, error 400: ...`) gives its detail only, so nothing is said twice.
    """

    def __init__(self, message: str, *, code: str, http_status: int | None = None) -> None:
        self.code = code
        self.http_status = http_status
        self.detail = _service_detail(message, code, http_status)
        status = f" (HTTP {http_status})" if http_status is not None else ""
        detail = f": {self.detail}" if self.detail else ""
        super().__init__(f"service error {code}{status}{detail}")


def _service_detail(message: str, code: str, http_status: int | None) -> str:
    """`message` without the prefixes that repeat the code or the status."""
    code_re, status_re = re.escape(code), r"\d{3}" if http_status is None else str(http_status)
    prefixes = (
        rf"service error {code_re}(?: \(HTTP {status_re}\))?(?::\s*|$)",
        rf"HTTP {status_re}, error {code_re}(?::\s*|$)",
        rf"error {code_re}(?::\s*|$)",
    )
    text = message.strip()
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            stripped = re.sub("^" + prefix, "", text, count=1)
            if stripped != text:
                text, changed = stripped.strip(), True
    return text


class TransportError(SmsMobileError):
    """The HTTP exchange failed: connection, timeout or unreadable reply."""


class ConnectError(TransportError):
    """The connection could not be made, so the request never reached the service."""


def connect_error(exc: BaseException, host: str, operation: str = "") -> ConnectError:
    """A `ConnectError` naming the host and why: name not found, refused, timed out, TLS."""
    reason = _connect_reason(exc)
    why = {
        "dns": "the name was not found (DNS); check the base URL",
        "refused": "the connection was refused; is the service running there, and is the "
        "base URL right?",
        "timeout": "no answer within the connect timeout; check the network and the base URL",
        "tls": "the TLS handshake failed; check the base URL and the certificates",
    }.get(reason, f"{type(exc).__name__}; check the network and the base URL")
    text = f"cannot connect to {host}: {why}"
    return ConnectError(f"{operation}: {text}" if operation else text)


def _connect_reason(exc: BaseException) -> str:
    """What the exception chain says went wrong: "dns", "refused", "timeout", "tls" or ""."""
    import ssl

    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "dns"
        if isinstance(current, ConnectionRefusedError):
            return "refused"
        if isinstance(current, ssl.SSLError):
            return "tls"
        if isinstance(current, TimeoutError | socket.timeout):
            return "timeout"
        text = str(current)
        if "Name or service not known" in text or "nodename nor servname" in text:
            return "dns"
        if "Temporary failure in name resolution" in text or "getaddrinfo failed" in text:
            return "dns"
        if "Connection refused" in text:
            return "refused"
        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        pending.extend(current.args)
    return ""


class RequestTimeout(TransportError):
    """The service did not answer (completely) within the read timeout or the attempt's
    deadline (`Timeouts.total`)."""


class MalformedReply(TransportError):
    """The reply could not be parsed or does not have the documented shape."""


class RedirectRefused(TransportError):
    """The service answered with a redirect (3xx), which is not followed: the request carries
    the key, a token or the client secret, and `Location` could send it anywhere.

    Not an unknown outcome, even for a send: a redirect is the server's answer that the request
    belongs elsewhere, not a sign it was processed. Not retried either (the answer would be the
    same); `status` and `location_host` say where it pointed.
    """

    def __init__(self, message: str, *, status: int, location_host: str | None) -> None:
        self.status = status
        self.location_host = location_host
        super().__init__(message)


class OutcomeUnknown(TransportError):
    """A send whose request may have reached the service, but whose reply was lost or failed.

    The message may or may not have been accepted. Check before sending again: a blind retry
    could deliver it twice.
    """

    def __init__(self, message: str, *, cause: SmsMobileError | None = None) -> None:
        self.cause = cause
        super().__init__(message)
