"""Parsing the envelope and the typed payloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from webhook_support import encode, envelope

from smsmobile.webhooks import (
    MalformedEvent,
    WebhookError,
    WhatsAppFailed,
    WhatsAppReceived,
    WhatsAppSent,
    WhatsAppSubmitted,
    WhatsAppVoiceTranscribed,
    parse_event,
)

UTC = dt.UTC


def test_inbound_message_parses_to_typed_values() -> None:
    document = envelope()
    event = parse_event(encode(document))
    assert event.id == document["id"]
    assert event.type == "whatsapp.received"
    assert event.api_version == "2"
    assert event.created_at == dt.datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC)
    assert event.occurred_at == dt.datetime(2025, 10, 9, 8, 53, 19, tzinfo=UTC)
    assert event.payload == WhatsAppReceived(
        guid="0b6e3f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        data_id="48213",
        sender="32470123456",
        contact_name="Ada",
        message="Hello from the phone",
        is_voice_message=False,
        received_at=dt.datetime(2025, 10, 9, 8, 53, 18, tzinfo=UTC),
    )
    assert event.data["from"] == "32470123456"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("0", False), ("1", True), (0, False), (1, True), (True, True), (False, False),
     ("true", True), ("false", False), ("True", True), (None, False)],
)  # fmt: skip
def test_is_voice_message_accepts_the_usual_spellings(wire: object, expected: bool) -> None:
    document = envelope()
    document["data"]["is_voice_message"] = wire
    payload = parse_event(encode(document)).payload
    assert isinstance(payload, WhatsAppReceived)
    assert payload.is_voice_message is expected


@pytest.mark.parametrize(
    "wire",
    [
        "2025-10-09T08:53:18Z",
        "2025-10-09T08:53:18+00:00",
        "2025-10-09T10:53:18+02:00",
        "2025-10-09 08:53:18",
        1760000000 - 1_141_602,
        "1758858398",
        1758858398.0,
    ],
)
def test_received_at_accepts_iso_and_unix_seconds(wire: object) -> None:
    document = envelope()
    document["data"]["received_at"] = wire
    payload = parse_event(encode(document)).payload
    assert isinstance(payload, WhatsAppReceived)
    assert payload.received_at is not None
    assert payload.received_at.tzinfo is not None
    assert payload.received_at.utcoffset() == dt.timedelta(0)
    if isinstance(wire, str) and "-" in wire:
        assert payload.received_at == dt.datetime(2025, 10, 9, 8, 53, 18, tzinfo=UTC)
    else:
        assert payload.received_at == dt.datetime(2025, 9, 26, 3, 46, 38, tzinfo=UTC)


def test_envelope_times_accept_unix_seconds() -> None:
    event = parse_event(encode(envelope(created_at=0, occurred_at="86400")))
    assert event.created_at == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert event.occurred_at == dt.datetime(1970, 1, 2, tzinfo=UTC)


def test_inbound_message_with_numbers_and_missing_optional_fields() -> None:
    event = parse_event(encode(envelope(data={"from": 32470123456, "message": "hi"})))
    assert event.payload == WhatsAppReceived(sender="32470123456", message="hi")


@pytest.mark.parametrize(
    ("event_type", "data", "payload"),
    [
        (
            "whatsapp.submitted",
            {"guid": "g1", "recipient": "32470000001"},
            WhatsAppSubmitted(guid="g1", recipient="32470000001"),
        ),
        ("whatsapp.sent", {"guid": "g2", "to": 32470000002}, WhatsAppSent("g2", "32470000002")),
        (
            "whatsapp.failed",
            {"guid": "g3", "recipients": "32470000003", "error": "not on WhatsApp"},
            WhatsAppFailed(guid="g3", recipient="32470000003", reason="not on WhatsApp"),
        ),
        (
            "whatsapp.failed",
            {"guid": "g4", "error": {"code": 7, "message": "phone offline"}},
            WhatsAppFailed(guid="g4", reason="phone offline"),
        ),
        ("whatsapp.failed", {"reason": "blocked"}, WhatsAppFailed(reason="blocked")),
        (
            "whatsapp.voice.transcribed",
            {"guid": "g5", "from": "32470000005", "transcription": "call me back"},
            WhatsAppVoiceTranscribed(guid="g5", sender="32470000005", transcription="call me back"),
        ),
        ("whatsapp.sent", {}, WhatsAppSent()),
        ("whatsapp.sent", {"guid": ["odd"], "recipient": {"x": 1}}, WhatsAppSent()),
    ],
)
def test_unpublished_types_keep_what_they_can_and_the_raw_data(
    event_type: str, data: dict[str, Any], payload: object
) -> None:
    event = parse_event(encode(envelope(event_type, data=data)))
    assert event.payload == payload
    assert dict(event.data) == data


def test_unknown_event_type_is_a_generic_event_not_an_error() -> None:
    event = parse_event(encode(envelope("sms.delivered", data={"anything": [1, 2]})))
    assert event.type == "sms.delivered"
    assert event.payload is None
    assert event.data == {"anything": [1, 2]}


def test_events_are_frozen_and_their_data_read_only() -> None:
    event = parse_event(encode(envelope()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        event.data["message"] = "changed"  # type: ignore[index]
    assert hash(event) == hash(parse_event(encode(envelope(id=event.id))))


def _without(field: str) -> dict[str, Any]:
    document: dict[str, Any] = envelope()
    del document[field]
    return document


def _with_data(**fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = envelope()
    document["data"].update(fields)
    return document


MALFORMED: dict[str, bytes] = {
    "empty body": b"",
    "not JSON": b"{nope",
    "not UTF-8": b'{"id": "\xff"}',
    "a JSON array": b"[]",
    "a JSON string": b'"whatsapp.received"',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    **{f"no {field}": encode(_without(field)) for field in
       ("id", "type", "api_version", "created_at", "occurred_at", "data")},
    "empty id": encode(envelope(id="")),
    "numeric type": encode(envelope(type=3)),
    "data is a list": encode(envelope(data=[])),
    "data is null": encode(envelope(data=None)),
    "created_at is words": encode(envelope(created_at="last tuesday")),
    "occurred_at is a bool": encode(envelope(occurred_at=True)),
    "created_at out of range": encode(envelope(created_at=10**20)),
    "is_voice_message is 'maybe'": encode(_with_data(is_voice_message="maybe")),
    "is_voice_message is 2": encode(_with_data(is_voice_message=2)),
    "received_at is a list": encode(_with_data(received_at=[])),
    "message is an object": encode(_with_data(message={"text": "hi"})),
    "from is a bool": encode(_with_data(**{"from": True})),
}  # fmt: skip


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_envelopes_are_refused(body: bytes) -> None:
    with pytest.raises(MalformedEvent) as caught:
        parse_event(body)
    assert isinstance(caught.value, WebhookError)
