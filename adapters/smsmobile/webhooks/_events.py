"""Webhook V2 events as frozen dataclasses, parsed from the (already verified) body.

Only `whatsapp.received` has a published `data` shape; its fields are read strictly (a wrong type
is a `MalformedEvent`). The other WhatsApp types' `data` is not published: their payloads keep the
fields we can reasonably expect, all optional and read leniently (a surprising value becomes
None). Every event keeps the raw `data` mapping, and a type this version does not know parses to
an event whose `payload` is None rather than failing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

from ._errors import MalformedEvent

__all__ = [
    "WebhookEvent",
    "WebhookPayload",
    "WhatsAppFailed",
    "WhatsAppReceived",
    "WhatsAppSent",
    "WhatsAppSubmitted",
    "WhatsAppVoiceTranscribed",
    "parse_event",
]


@dataclass(frozen=True, slots=True)
class WhatsAppSubmitted:
    """`whatsapp.submitted`: the service handed a send to the phone. Shape not published."""

    guid: str | None = None
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class WhatsAppSent:
    """`whatsapp.sent`: the phone reports the message as sent. Shape not published."""

    guid: str | None = None
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class WhatsAppFailed:
    """`whatsapp.failed`: the send failed; `/resendwa/` takes `guid`. Shape not published.

    `reason` is the service's `error` / `reason` text, when it gives one.
    """

    guid: str | None = None
    recipient: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class WhatsAppReceived:
    """`whatsapp.received`: an inbound WhatsApp message (the published shape).

    `sender` is the wire's `from` (a Python keyword). `received_at` is timezone-aware UTC.
    """

    guid: str | None = None
    data_id: str | None = None
    sender: str | None = None
    contact_name: str | None = None
    message: str | None = None
    is_voice_message: bool = False
    received_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class WhatsAppVoiceTranscribed:
    """`whatsapp.voice.transcribed`: a voice message's text is ready. Shape not published."""

    guid: str | None = None
    data_id: str | None = None
    sender: str | None = None
    transcription: str | None = None


WebhookPayload: TypeAlias = (
    WhatsAppSubmitted | WhatsAppSent | WhatsAppFailed | WhatsAppReceived | WhatsAppVoiceTranscribed
)


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """One Webhook V2 event: the envelope, the raw `data`, and a typed `payload`.

    `payload` is None for an event type this version does not know; `data` is always there
    (read-only). Times are timezone-aware UTC. Use `id` to de-duplicate: it is inside the signed
    body, unlike the `X-SMSMobileAPI-Event-ID` header.
    """

    id: str
    type: str
    api_version: str
    created_at: dt.datetime
    occurred_at: dt.datetime
    data: Mapping[str, object] = field(hash=False)
    payload: WebhookPayload | None = None


def parse_event(body: bytes) -> WebhookEvent:
    """Parse a webhook body into a `WebhookEvent`, or raise `MalformedEvent`.

    This does not check the signature: use `construct_event` on anything from the network.
    """
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # bad JSON or encoding, absurd nesting or digits
        raise MalformedEvent("body is not JSON") from exc
    if not isinstance(document, dict):
        raise MalformedEvent("body is not a JSON object")
    data = document.get("data")
    if not isinstance(data, dict):
        raise MalformedEvent("envelope field 'data' is missing or not an object")
    event_type = _required_text(document, "type")
    return WebhookEvent(
        id=_required_text(document, "id"),
        type=event_type,
        api_version=_required_text(document, "api_version", numeric=True),
        created_at=_required_time(document, "created_at"),
        occurred_at=_required_time(document, "occurred_at"),
        data=MappingProxyType(data),
        payload=_payload_parsers[event_type](data) if event_type in _payload_parsers else None,
    )


def _received(data: Mapping[str, object]) -> WhatsAppReceived:
    received_at = data.get("received_at")
    return WhatsAppReceived(
        guid=_strict_text(data, "guid"),
        data_id=_strict_text(data, "data_id"),
        sender=_strict_text(data, "from"),
        contact_name=_strict_text(data, "contact_name"),
        message=_strict_text(data, "message"),
        is_voice_message=_strict_flag(data, "is_voice_message"),
        received_at=None
        if received_at is None or received_at == ""
        else _time(received_at, "data.received_at"),
    )


def _submitted(data: Mapping[str, object]) -> WhatsAppSubmitted:
    return WhatsAppSubmitted(guid=_loose_text(data, "guid"), recipient=_recipient(data))


def _sent(data: Mapping[str, object]) -> WhatsAppSent:
    return WhatsAppSent(guid=_loose_text(data, "guid"), recipient=_recipient(data))


def _failed(data: Mapping[str, object]) -> WhatsAppFailed:
    error = data.get("error")
    if isinstance(error, dict):  # tolerate {"error": {"code": ..., "message": ...}}
        error = error.get("message")
    reason = _loose(error) or _loose_text(data, "reason", "error_message", "message")
    return WhatsAppFailed(guid=_loose_text(data, "guid"), recipient=_recipient(data), reason=reason)


def _transcribed(data: Mapping[str, object]) -> WhatsAppVoiceTranscribed:
    return WhatsAppVoiceTranscribed(
        guid=_loose_text(data, "guid"),
        data_id=_loose_text(data, "data_id"),
        sender=_loose_text(data, "from", "number"),
        transcription=_loose_text(data, "transcription", "transcript", "text", "message"),
    )


_payload_parsers: dict[str, Callable[[Mapping[str, object]], WebhookPayload]] = {
    "whatsapp.submitted": _submitted,
    "whatsapp.sent": _sent,
    "whatsapp.failed": _failed,
    "whatsapp.received": _received,
    "whatsapp.voice.transcribed": _transcribed,
}


def _recipient(data: Mapping[str, object]) -> str | None:
    return _loose_text(data, "recipient", "recipients", "to", "number")


def _required_text(document: Mapping[str, object], name: str, *, numeric: bool = False) -> str:
    value = document.get(name)
    if numeric and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # "api_version": 2
    if not isinstance(value, str) or not value.strip():
        raise MalformedEvent(f"envelope field {name!r} is missing or not a non-empty string")
    return value


def _required_time(document: Mapping[str, object], name: str) -> dt.datetime:
    if name not in document:
        raise MalformedEvent(f"envelope field {name!r} is missing")
    return _time(document[name], name)


def _strict_text(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numbers (a phone number, an id) sent as JSON numbers
    if not isinstance(value, str):
        raise MalformedEvent(f"data field {name!r} is not a string")
    return value


_TRUE = frozenset({"1", "true", "yes"})
_FALSE = frozenset({"0", "false", "no", ""})


def _strict_flag(data: Mapping[str, object], name: str) -> bool:
    value = data.get(name)
    if value is None or value is False or value is True:
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise MalformedEvent(f"data field {name!r} is not a boolean, 0/1 or '0'/'1'")


def _loose(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _loose_text(data: Mapping[str, object], *names: str) -> str | None:
    for name in names:
        value = _loose(data.get(name))
        if value is not None:
            return value
    return None


_UNIX = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,9})?", re.ASCII)


def _time(value: object, name: str) -> dt.datetime:
    """An ISO 8601 string or unix seconds (number or numeric string) as aware UTC.

    A time without an offset is taken as UTC, which is what the service writes elsewhere.
    """
    problem = MalformedEvent(f"field {name!r} is not an ISO 8601 time or unix seconds")
    try:
        if isinstance(value, bool):
            raise problem
        if isinstance(value, int | float):
            return dt.datetime.fromtimestamp(value, dt.UTC)
        if not isinstance(value, str):
            raise problem
        text = value.strip()
        if _UNIX.fullmatch(text):
            return dt.datetime.fromtimestamp(float(text), dt.UTC)
        parsed = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError) as exc:
        raise problem from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00+01:00
        raise problem from exc
