"""Webhook V2 events as frozen dataclasses, parsed from the (already verified) body.

All 15 event types of the service are typed: the WhatsApp ones here, SMS, calls and e-mail in
`_account_events`. `whatsapp.received` has a published `data` shape; its fields are read strictly
(a wrong type is a `MalformedEvent`). `whatsapp.voice.transcribed` has a published sample, read
leniently like the unpublished types: their payloads keep the fields we can reasonably expect,
all optional (a surprising value becomes None). Every event keeps the raw `data` mapping, and a
type this version does not know parses to an event whose `payload` is None rather than failing.
`api_version` is the service's date string ("2026-09-22"; older deliveries sent "2" or 2).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

from ._account_events import ACCOUNT_PAYLOAD_PARSERS, AccountPayload
from ._errors import MalformedEvent
from ._event_fields import (
    loose,
    loose_float,
    loose_text,
    parse_time,
    strict_flag,
    strict_text,
    strict_time,
)

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
    """`whatsapp.voice.transcribed`: a voice message's text is ready.

    `transcription` is the published sample's `transcript` (older deliveries: `transcription`);
    `duration_seconds` the voice message's length, a float.
    """

    guid: str | None = None
    data_id: str | None = None
    sender: str | None = None
    transcription: str | None = None
    contact_name: str | None = None
    duration_seconds: float | None = None


WebhookPayload: TypeAlias = (
    WhatsAppSubmitted
    | WhatsAppSent
    | WhatsAppFailed
    | WhatsAppReceived
    | WhatsAppVoiceTranscribed
    | AccountPayload
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
    return WhatsAppReceived(
        guid=strict_text(data, "guid"),
        data_id=strict_text(data, "data_id"),
        sender=strict_text(data, "from"),
        contact_name=strict_text(data, "contact_name"),
        message=strict_text(data, "message"),
        is_voice_message=strict_flag(data, "is_voice_message"),
        received_at=strict_time(data, "received_at"),
    )


def _submitted(data: Mapping[str, object]) -> WhatsAppSubmitted:
    return WhatsAppSubmitted(guid=loose_text(data, "guid"), recipient=_recipient(data))


def _sent(data: Mapping[str, object]) -> WhatsAppSent:
    return WhatsAppSent(guid=loose_text(data, "guid"), recipient=_recipient(data))


def _failed(data: Mapping[str, object]) -> WhatsAppFailed:
    error = data.get("error")
    if isinstance(error, dict):  # tolerate {"error": {"code": ..., "message": ...}}
        error = error.get("message")
    reason = loose(error) or loose_text(data, "reason", "error_message", "message")
    return WhatsAppFailed(guid=loose_text(data, "guid"), recipient=_recipient(data), reason=reason)


def _transcribed(data: Mapping[str, object]) -> WhatsAppVoiceTranscribed:
    return WhatsAppVoiceTranscribed(
        guid=loose_text(data, "guid"),
        data_id=loose_text(data, "data_id"),
        sender=loose_text(data, "from", "number"),
        transcription=loose_text(data, "transcript", "transcription", "text", "message"),
        contact_name=loose_text(data, "contact_name"),
        duration_seconds=loose_float(data, "duration_seconds"),
    )


_payload_parsers: dict[str, Callable[[Mapping[str, object]], WebhookPayload]] = {
    "whatsapp.submitted": _submitted,
    "whatsapp.sent": _sent,
    "whatsapp.failed": _failed,
    "whatsapp.received": _received,
    "whatsapp.voice.transcribed": _transcribed,
    **ACCOUNT_PAYLOAD_PARSERS,
}


def _recipient(data: Mapping[str, object]) -> str | None:
    return loose_text(data, "recipient", "recipients", "to", "number")


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
    return parse_time(document[name], name)
