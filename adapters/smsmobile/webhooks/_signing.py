"""Webhook V2 signatures: `v1=` + hex HMAC-SHA256(secret, "<timestamp>." + raw body).

The signature covers the timestamp and the body, nothing else: the other headers (event type,
event id, idempotency key) are informative and not trusted here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Mapping

from .._errors import InvalidRequest
from ._errors import InvalidSignature, StaleDelivery
from ._events import WebhookEvent, parse_event

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_HEADER",
    "EVENT_ID_HEADER",
    "IDEMPOTENCY_KEY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "construct_event",
    "sign",
    "signed_headers",
    "verify",
]

EVENT_HEADER = "X-SMSMobileAPI-Event"
EVENT_ID_HEADER = "X-SMSMobileAPI-Event-ID"
TIMESTAMP_HEADER = "X-SMSMobileAPI-Timestamp"
SIGNATURE_HEADER = "X-SMSMobileAPI-Signature"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"

DEFAULT_TOLERANCE = 300
"""Seconds a delivery's timestamp may be from now, either way, before it counts as stale."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}", re.ASCII)
_SEPARATORS = re.compile(r"[\s,]+")


def sign(body: bytes, secret: str | bytes, timestamp: int | None = None) -> str:
    """The `X-SMSMobileAPI-Signature` value the service would send: `v1=<64 hex>`.

    For tests, and for checking your own receiver. `timestamp` defaults to now (unix seconds).
    """
    when = int(time.time()) if timestamp is None else timestamp
    return "v1=" + _digest(_key(secret), when, body)


def signed_headers(
    body: bytes,
    secret: str | bytes,
    *,
    timestamp: int | None = None,
    event_type: str | None = None,
    event_id: str | None = None,
) -> dict[str, str]:
    """All five headers of a delivery of `body`, signed with `secret`, as the service sends them.

    The event type and id default to the body's own `type` and `id` (left out when the body has
    none). The service's `Idempotency-Key` scheme is not published; here it is the event id.
    """
    when = int(time.time()) if timestamp is None else timestamp
    if event_type is None or event_id is None:
        envelope = _peek(body)
        event_type = event_type if event_type is not None else envelope.get("type")
        event_id = event_id if event_id is not None else envelope.get("id")
    headers = {TIMESTAMP_HEADER: str(when), SIGNATURE_HEADER: sign(body, secret, when)}
    if event_type is not None:
        headers[EVENT_HEADER] = event_type
    if event_id is not None:
        headers[EVENT_ID_HEADER] = event_id
        headers[IDEMPOTENCY_KEY_HEADER] = event_id
    return headers


def verify(
    body: bytes,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check that `body` was signed by the service with `secret`, recently.

    `body` must be the raw bytes as received (not re-serialised JSON). Header names are
    case-insensitive. Several signatures (`v1=a, v1=b`, during a secret rotation) pass when any
    one matches. Raises `InvalidSignature` (missing/malformed headers, no match) or
    `StaleDelivery` (signature good, timestamp more than `tolerance` seconds from `now`). Raises
    `InvalidRequest` for an empty secret or a negative tolerance: a configuration mistake.
    """
    key = _key(secret)
    if tolerance < 0:
        raise InvalidRequest("tolerance", "must be zero or more seconds")
    lowered = {name.lower(): value for name, value in headers.items() if isinstance(name, str)}
    timestamp_text = lowered.get(TIMESTAMP_HEADER.lower())
    signature_text = lowered.get(SIGNATURE_HEADER.lower())
    if not isinstance(timestamp_text, str) or not timestamp_text.strip():
        raise InvalidSignature(f"missing {TIMESTAMP_HEADER} header")
    if not isinstance(signature_text, str) or not signature_text.strip():
        raise InvalidSignature(f"missing {SIGNATURE_HEADER} header")
    if not _TIMESTAMP.fullmatch(timestamp_text.strip()):
        raise InvalidSignature(f"{TIMESTAMP_HEADER} is not unix seconds")
    timestamp = int(timestamp_text.strip())

    candidates = [
        token[3:].lower().encode("ascii")
        for token in _SEPARATORS.split(signature_text.strip())
        if token[:3].lower() == "v1=" and _HEX_DIGEST.fullmatch(token[3:])
    ]
    if not candidates:
        raise InvalidSignature(f"{SIGNATURE_HEADER} holds no v1= signature")
    expected = _digest(key, timestamp, body).encode("ascii")
    matched = False
    for candidate in candidates:  # compare against all, so timing does not say which failed
        matched |= hmac.compare_digest(candidate, expected)
    if not matched:
        raise InvalidSignature("no signature matches the body and timestamp")

    skew = (time.time() if now is None else now) - timestamp
    if abs(skew) > tolerance:
        direction = "old" if skew > 0 else "in the future"
        raise StaleDelivery(
            f"delivery timestamp is {abs(skew):.0f} s {direction} (tolerance {tolerance} s)",
            skew=skew,
        )


def construct_event(
    body: bytes,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> WebhookEvent:
    """`verify`, then `parse_event`: the one call a receiver needs."""
    verify(body, headers, secret, tolerance=tolerance, now=now)
    return parse_event(body)


def _key(secret: str | bytes) -> bytes:
    # surrogatepass: any str is a usable key, and sign and verify always agree on its bytes.
    key = secret.encode("utf-8", "surrogatepass") if isinstance(secret, str) else bytes(secret)
    if not key:
        raise InvalidRequest("secret", "must not be empty")
    return key


def _digest(key: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(key, f"{timestamp}.".encode("ascii"), hashlib.sha256)
    mac.update(body)
    return mac.hexdigest()


def _peek(body: bytes) -> dict[str, str]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(document, dict):
        return {}
    return {name: value for name in ("id", "type") if isinstance(value := document.get(name), str)}
