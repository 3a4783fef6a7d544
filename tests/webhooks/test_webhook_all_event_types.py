"""All 15 Webhook V2 event types parse to typed payloads: the service's published samples as they
are (date `api_version`, JSON booleans, ISO 8601 UTC times, `+` numbers, free-text guids), the
older shapes ("0"/"1", unix seconds) too, and an unknown type still arrives with its raw data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from smsmobile.cli._parser_servers import WEBHOOK_EVENT_TYPES
from smsmobile.webhooks import (
    CallIncoming,
    CallMissed,
    CallOutgoing,
    EmailReceived,
    EmailSent,
    MalformedEvent,
    SmsApiSubmitted,
    SmsFailed,
    SmsMobileSent,
    SmsReceived,
    SmsSent,
    WebhookEvent,
    WhatsAppFailed,
    WhatsAppReceived,
    WhatsAppSent,
    WhatsAppSubmitted,
    WhatsAppVoiceTranscribed,
    parse_event,
)
from smsmobile.webhooks._trigger import sample_event

UTC = dt.UTC


def published(event_type: str, data: dict[str, Any]) -> bytes:
    """An envelope as the service's published sample deliveries write it."""
    return json.dumps(
        {
            "id": "5f0c7f0e-2a43-4c2e-9a4b-1f1d0f3e8c11",
            "type": event_type,
            "api_version": "2026-09-22",
            "created_at": "2026-09-22T10:15:31Z",
            "occurred_at": "2026-09-22T10:15:30Z",
            "data": data,
        }
    ).encode()


def parsed(event_type: str, data: dict[str, Any]) -> WebhookEvent:
    return parse_event(published(event_type, data))


def test_the_published_whatsapp_received_sample() -> None:
    event = parsed(
        "whatsapp.received",
        {
            "guid": "WA-GUID-3001",
            "data_id": "WA-DATA-3001",
            "from": "+32470123456",
            "contact_name": "Ada",
            "message": "Hello",
            "is_voice_message": False,
            "received_at": "2026-09-22T10:15:30Z",
        },
    )
    assert event.api_version == "2026-09-22"
    assert event.payload == WhatsAppReceived(
        guid="WA-GUID-3001",
        data_id="WA-DATA-3001",
        sender="+32470123456",
        contact_name="Ada",
        message="Hello",
        is_voice_message=False,
        received_at=dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC),
    )


def test_the_published_voice_transcribed_sample() -> None:
    event = parsed(
        "whatsapp.voice.transcribed",
        {
            "guid": "WA-GUID-3002",
            "data_id": "WA-DATA-3002",
            "from": "+32470123456",
            "contact_name": "Ada",
            "transcript": "Call me back please",
            "duration_seconds": 7.4,
        },
    )
    assert event.payload == WhatsAppVoiceTranscribed(
        guid="WA-GUID-3002",
        data_id="WA-DATA-3002",
        sender="+32470123456",
        transcription="Call me back please",
        contact_name="Ada",
        duration_seconds=7.4,
    )


def test_the_published_sms_received_sample() -> None:
    event = parsed(
        "sms.received",
        {
            "guid": "SMS-GUID-2001",
            "from": "+32470123456",
            "message": "STOP",
            "received_at": "2026-09-22T10:15:30Z",
            "alias": "Ada",
            "device_id": "SID-PHONE-1",
        },
    )
    assert event.payload == SmsReceived(
        guid="SMS-GUID-2001",
        sender="+32470123456",
        message="STOP",
        received_at=dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC),
        alias="Ada",
        device_id="SID-PHONE-1",
    )


def test_the_published_call_missed_sample() -> None:
    event = parsed(
        "call.missed",
        {
            "guid": "CALL-GUID-4001",
            "number": "+32470123456",
            "name": "Ada",
            "duration_seconds": 0,
            "device_id": "SID-PHONE-1",
            "call_at": "2026-09-22 10:15:30",
        },
    )
    assert event.payload == CallMissed(
        guid="CALL-GUID-4001",
        number="+32470123456",
        name="Ada",
        duration_seconds=0,
        device_id="SID-PHONE-1",
        call_at=dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC),
    )


def test_older_shapes_still_parse() -> None:
    sms = parsed(
        "sms.received",
        {"guid": "ab12", "from": 32470123456, "message": "hi", "received_at": 1790072130},
    ).payload
    assert isinstance(sms, SmsReceived)
    assert sms.sender == "32470123456"
    assert sms.received_at == dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC)
    call = parsed(
        "call.missed", {"number": "32470123456", "duration_seconds": "12", "call_at": "1790072130"}
    ).payload
    assert call == CallMissed(
        number="32470123456",
        duration_seconds=12,
        call_at=dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC),
    )
    voice = parsed("whatsapp.received", {"guid": "g", "is_voice_message": "1"}).payload
    assert isinstance(voice, WhatsAppReceived) and voice.is_voice_message is True
    old_envelope = json.loads(published("sms.sent", {"guid": "g"}))
    old_envelope["api_version"] = 2
    assert parse_event(json.dumps(old_envelope).encode()).api_version == "2"


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("sms.received", {"received_at": "yesterday"}),
        ("sms.received", {"from": ["+32470123456"]}),
        ("call.missed", {"duration_seconds": 1.5}),
        ("call.missed", {"call_at": "22/09/2026"}),
    ],
)
def test_a_published_field_of_the_wrong_type_is_malformed(
    event_type: str, data: dict[str, Any]
) -> None:
    with pytest.raises(MalformedEvent):
        parsed(event_type, data)


AT = "2026-09-22T10:15:30Z"
WHEN = dt.datetime(2026, 9, 22, 10, 15, 30, tzinfo=UTC)
TYPED: list[tuple[str, dict[str, Any], object]] = [
    (
        "sms.api.submitted",
        {"guid": "G1", "recipient": "+3247", "message": "hi", "device_id": "S1",
         "submitted_at": AT},
        SmsApiSubmitted("G1", "+3247", "hi", "S1", WHEN),
    ),
    (
        "sms.sent",
        {"guid": "G1", "recipient": "+3247", "device_id": "S1", "sent_at": AT},
        SmsSent("G1", "+3247", "S1", WHEN),
    ),
    (
        "sms.failed",
        {"guid": "G1", "recipient": "+3247", "device_id": "S1", "reason": "no signal"},
        SmsFailed("G1", "+3247", "S1", "no signal"),
    ),
    (
        "sms.mobile.sent",
        {"guid": "G2", "recipient": "+3247", "message": "hey", "device_id": "S1", "sent_at": AT},
        SmsMobileSent("G2", "+3247", "hey", "S1", WHEN),
    ),
    (
        "call.incoming",
        {"guid": "C1", "number": "+3247", "name": "Ada", "duration_seconds": 42,
         "device_id": "S1", "call_at": "2026-09-22 10:15:30"},
        CallIncoming("C1", "+3247", "Ada", 42, "S1", WHEN),
    ),
    (
        "call.outgoing",
        {"guid": "C2", "phone_number": "+3247", "cached_name": "Bob", "duration_sec": "9",
         "device_id": "S2", "call_datetime_utc": "2026-09-22 10:15:30"},
        CallOutgoing("C2", "+3247", "Bob", 9, "S2", WHEN),
    ),
    (
        "email.sent",
        {"guid": "E1", "from": "me@example.com", "to": "you@example.com", "subject": "Hi",
         "sent_at": AT},
        EmailSent("E1", "me@example.com", "you@example.com", "Hi", WHEN),
    ),
    (
        "email.received",
        {"guid": "E2", "from": "you@example.com", "to": "me@example.com", "subject": "Re: Hi",
         "mailbox": "INBOX", "received_at": AT},
        EmailReceived("E2", "you@example.com", "me@example.com", "Re: Hi", "INBOX", WHEN),
    ),
    (
        "whatsapp.submitted",
        {"guid": "W1", "recipient": "+3247"},
        WhatsAppSubmitted("W1", "+3247"),
    ),
    ("whatsapp.sent", {"guid": "W1", "recipient": "+3247"}, WhatsAppSent("W1", "+3247")),
    (
        "whatsapp.failed",
        {"guid": "W1", "recipient": "+3247", "reason": "blocked"},
        WhatsAppFailed("W1", "+3247", "blocked"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("event_type", "data", "expected"), TYPED, ids=[t[0] for t in TYPED])
def test_every_event_type_is_typed(event_type: str, data: dict[str, Any], expected: object) -> None:
    assert parsed(event_type, data).payload == expected


def test_unpublished_shapes_are_read_leniently() -> None:
    payload = parsed(
        "call.incoming", {"number": ["?"], "duration_seconds": "long", "call_at": "soon"}
    ).payload
    assert payload == CallIncoming()


def test_all_fifteen_types_are_typed_and_an_unknown_one_is_kept_raw() -> None:
    types = [t for t, _, _ in TYPED] + [
        "sms.received",
        "call.missed",
        "whatsapp.received",
        "whatsapp.voice.transcribed",
    ]
    assert len(set(types)) == 15
    for event_type in types:
        assert parsed(event_type, {}).payload is not None, event_type
    unknown = parsed("fax.received", {"pages": 3, "from": "+3247"})
    assert unknown.payload is None
    assert dict(unknown.data) == {"pages": 3, "from": "+3247"}


@pytest.mark.parametrize("event_type", sorted(WEBHOOK_EVENT_TYPES))
def test_the_trigger_samples_of_every_type_parse_typed(event_type: str) -> None:
    """`smsmobile webhook trigger` offers all 15 types, each in the published shapes."""
    document = sample_event(event_type)
    assert document["api_version"] == "2026-09-22"
    event = parse_event(json.dumps(document).encode())
    assert event.payload is not None
    assert any(value is not None for value in dataclasses.astuple(event.payload))


def test_the_trigger_offers_the_fifteen_types() -> None:
    assert len(set(WEBHOOK_EVENT_TYPES)) == 15
