"""The sandbox's webhook deliveries for the whole account (issue 22): what happens to SMS, calls
and e-mail arrives at a real `WebhookReceiver` as the typed event of its type, in the shape of
the service's published samples (date `api_version`, JSON booleans, ISO 8601 UTC times, numbers
with their `+`)."""

from __future__ import annotations

import datetime as dt
import json
import queue
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from smsmobile.webhooks import (
    CallIncoming,
    CallMissed,
    CallOutgoing,
    EmailReceived,
    EmailSent,
    SmsApiSubmitted,
    SmsFailed,
    SmsMobileSent,
    SmsReceived,
    SmsSent,
    WebhookEvent,
    WebhookReceiver,
    WhatsAppVoiceTranscribed,
)
from smsmobile_sandbox._mailbox import DEFAULT_MAILBOX_KEY
from smsmobile_sandbox._server import serve
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

SECRET = "whsec_account_events_0123456789abcdef"
T0 = 1_790_000_000  # 2026-09-21T14:13:20Z
AT = dt.datetime(2026, 9, 21, 14, 13, 20, tzinfo=dt.UTC)
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@contextmanager
def receiving() -> Iterator[tuple[RunningSandbox, queue.Queue[WebhookEvent]]]:
    """A sandbox with two phones delivering to a real `WebhookReceiver` on 127.0.0.1."""
    events: queue.Queue[WebhookEvent] = queue.Queue()
    server = serve(WebhookReceiver(SECRET, events.put))
    server.start()
    try:
        with run_sandbox(
            phones=2,
            webhook_url=server.url + "/hooks",
            webhook_secret=SECRET,
            webhook_retry_delays=(0.05, 0.1),
            error_recipients=["32470000000"],
        ) as sandbox:
            yield sandbox, events
    finally:
        server.close()


def take(events: queue.Queue[WebhookEvent], count: int) -> list[WebhookEvent]:
    return [events.get(timeout=20) for _ in range(count)]


def test_sms_sends_and_receptions_arrive_typed() -> None:
    with receiving() as (sandbox, events), httpx.Client(base_url=sandbox.url) as http:
        form = {"apikey": sandbox.api_key, "message": "Code 1234"}
        ok = http.post("/sendsms/", data={**form, "recipients": "32470123456"}).json()
        bad = http.post(
            "/sendsms/", data={**form, "recipients": "32470000000", "sIdentifiant": "sandbox-sid-2"}
        ).json()
        sandbox.control.receive_sms(
            number="32470123456", message="STOP", alias="Ada", sid="sandbox-sid-2", timestamp=T0
        )
        sandbox.control.send_sms_from_phone(number="+32470999999", message="by hand", timestamp=T0)
        received = take(events, 6)
    by_type = {event.type: event for event in received}
    assert sorted(by_type) == [
        "sms.api.submitted", "sms.failed", "sms.mobile.sent", "sms.received", "sms.sent",
    ]  # fmt: skip
    sent = by_type["sms.sent"].payload
    assert isinstance(sent, SmsSent)
    assert (sent.guid, sent.recipient, sent.device_id) == (
        ok["result"]["id"],
        "+32470123456",
        "sandbox-sid-1",
    )
    failed = by_type["sms.failed"].payload
    assert isinstance(failed, SmsFailed) and failed.reason
    assert (failed.guid, failed.device_id) == (bad["result"]["id"], "sandbox-sid-2")
    submitted = [e.payload for e in received if e.type == "sms.api.submitted"]
    assert all(isinstance(p, SmsApiSubmitted) and p.message == "Code 1234" for p in submitted)
    assert by_type["sms.received"].payload == SmsReceived(
        guid=str(by_type["sms.received"].data["guid"]),
        sender="+32470123456",
        message="STOP",
        received_at=AT,
        alias="Ada",
        device_id="sandbox-sid-2",
    )
    by_hand = by_type["sms.mobile.sent"].payload
    assert isinstance(by_hand, SmsMobileSent)
    assert (by_hand.recipient, by_hand.message, by_hand.sent_at) == ("+32470999999", "by hand", AT)


@pytest.mark.parametrize(
    ("kind", "typed"),
    [("missed", CallMissed), ("incoming", CallIncoming), ("outgoing", CallOutgoing)],
)
def test_calls_arrive_typed_in_the_published_shape(kind: str, typed: type[Any]) -> None:
    with receiving() as (sandbox, events):
        sandbox.control.record_call(
            kind=kind,
            number="32470123456",
            name="Ada",
            duration_sec=0 if kind == "missed" else 42,
            timestamp=T0,
        )
        [event] = take(events, 1)
    assert event.type == f"call.{kind}"
    assert event.api_version == "2026-09-22"
    assert event.data["call_at"] == "2026-09-21 14:13:20"
    assert isinstance(event.data["duration_seconds"], int)
    assert event.payload == typed(
        guid=event.data["guid"],
        number="+32470123456",
        name="Ada",
        duration_seconds=0 if kind == "missed" else 42,
        device_id="sandbox-sid-1",
        call_at=AT,
    )


def test_email_sent_and_received_arrive_typed() -> None:
    with receiving() as (sandbox, events), httpx.Client(base_url=sandbox.url) as http:
        http.post(
            "/sendemail/",
            data={
                "apikey": sandbox.api_key,
                "apikeybox": DEFAULT_MAILBOX_KEY,
                "sender_name": "Shop",
                "sender_email": "shop@example.com",
                "recipient_email": "ada@example.org",
                "mail_subject": "Your order",
                "mail_body": "It shipped.",
                "allow_self_signed": "yes",
            },
        ).raise_for_status()
        sandbox.control.deliver_email(
            **{"from": "ada@example.org", "subject": "Thanks", "timestamp": T0}
        )
        sent, received = take(events, 2)
    assert isinstance(sent.payload, EmailSent)
    assert (sent.payload.recipient, sent.payload.subject) == ("ada@example.org", "Your order")
    assert DEFAULT_MAILBOX_KEY not in json.dumps(dict(sent.data))
    assert received.payload == EmailReceived(
        guid=str(received.data["guid"]),
        sender="ada@example.org",
        recipient="sandbox@example.com",
        subject="Thanks",
        mailbox="INBOX",
        received_at=AT,
    )


def test_whatsapp_deliveries_match_the_published_samples() -> None:
    with receiving() as (sandbox, events):
        sandbox.control.inject_inbound(
            number="32470123456", contact="Ada", message="call me back please", message_type="audio"
        )
        received, transcribed = take(events, 2)
    assert received.data["is_voice_message"] is True  # a JSON boolean, not "1"
    assert received.data["from"] == "+32470123456"
    assert ISO_UTC.fullmatch(str(received.data["received_at"]))
    assert transcribed.data["transcript"] == "call me back please"
    assert isinstance(transcribed.data["duration_seconds"], float)
    payload = transcribed.payload
    assert isinstance(payload, WhatsAppVoiceTranscribed)
    assert (payload.transcription, payload.contact_name) == ("call me back please", "Ada")
    assert ISO_UTC.fullmatch(str(received.data["received_at"]))


def test_every_type_can_be_fired_through_the_controls() -> None:
    with receiving() as (sandbox, events):
        reply = httpx.post(
            f"{sandbox.url}/_sandbox/webhooks",
            json={"type": "call.missed", "data": {"number": "+32470123456", "duration_seconds": 0}},
        )
        assert reply.status_code == 202
        [event] = take(events, 1)
    assert isinstance(event.payload, CallMissed) and event.payload.number == "+32470123456"
