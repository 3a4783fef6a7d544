"""Webhooks the sandbox delivers: what happens on the account arrives signed, retried, shown."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from smsmobile import ApiKey, WhatsApp
from smsmobile.webhooks import (
    WhatsAppFailed,
    WhatsAppReceived,
    WhatsAppSent,
    WhatsAppSubmitted,
    WhatsAppVoiceTranscribed,
    construct_event,
)
from smsmobile_sandbox import make_app
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

from .webhook_collector import collector

SECRET = "whsec_sandbox_test_0123456789abcdef"
FAST = (0.05, 0.1, 0.2)


def wait_for_deliveries(
    sandbox: RunningSandbox, count: int, settled: bool = True, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Poll /_sandbox/webhooks until `count` deliveries exist (and none is pending)."""
    deadline = time.monotonic() + timeout
    while True:
        deliveries = sandbox.control.webhooks()
        done = len(deliveries) >= count and (
            not settled or all(d["state"] != "pending" for d in deliveries)
        )
        if done or time.monotonic() > deadline:
            return deliveries
        time.sleep(0.02)


def test_every_account_event_is_delivered_signed_as_the_client_verifies() -> None:
    with (
        collector() as hooks,
        run_sandbox(
            webhook_url=hooks.url, webhook_secret=SECRET, error_recipients=["32470000000"]
        ) as sandbox,
    ):
        with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
            sent = wa.send("+32470123456", "Hello *there*")
            failed = wa.send("+32470000000", "Will fail")
        sandbox.control.inject_inbound(number="32470123456", contact="Ann", message="Hi")
        sandbox.control.inject_inbound(
            number="32470123456", message="call me", message_type="audio"
        )
        received = [hooks.next() for _ in range(7)]
    events = [construct_event(r.body, r.headers, SECRET) for r in received]
    by_type: dict[str, list[Any]] = {}
    for event in events:
        by_type.setdefault(event.type, []).append(event.payload)
    assert sorted(by_type) == [
        "whatsapp.failed",
        "whatsapp.received",
        "whatsapp.sent",
        "whatsapp.submitted",
        "whatsapp.voice.transcribed",
    ]
    assert {p.guid for p in by_type["whatsapp.submitted"]} == {sent.guid, failed.guid}
    assert all(isinstance(p, WhatsAppSubmitted) for p in by_type["whatsapp.submitted"])
    [ok] = by_type["whatsapp.sent"]
    assert isinstance(ok, WhatsAppSent) and (ok.guid, ok.recipient) == (sent.guid, "+32470123456")
    [bad] = by_type["whatsapp.failed"]
    assert isinstance(bad, WhatsAppFailed) and bad.guid == failed.guid and bad.reason
    text, voice = by_type["whatsapp.received"]
    assert isinstance(text, WhatsAppReceived) and isinstance(voice, WhatsAppReceived)
    assert (text.sender, text.contact_name, text.message, text.is_voice_message) == (
        "+32470123456",  # the published samples write numbers with their +
        "Ann",
        "Hi",
        False,
    )
    assert voice.is_voice_message is True
    [transcribed] = by_type["whatsapp.voice.transcribed"]
    assert isinstance(transcribed, WhatsAppVoiceTranscribed)
    assert (transcribed.transcription, transcribed.guid) == ("call me", voice.guid)
    for delivery, event in zip(received, events, strict=True):
        assert delivery.headers["X-SMSMobileAPI-Event"] == event.type
        assert delivery.headers["X-SMSMobileAPI-Event-ID"] == event.id
        assert len(delivery.headers["Idempotency-Key"]) == 36
        assert json.loads(delivery.body)["api_version"] == "2026-09-22"  # a date, as published
    assert len({event.id for event in events}) == 7


def test_a_non_2xx_answer_is_retried_with_the_same_event_and_key() -> None:
    with (
        collector(answers=[503, 500]) as hooks,
        run_sandbox(
            webhook_url=hooks.url, webhook_secret=SECRET, webhook_retry_delays=FAST
        ) as sandbox,
    ):
        sandbox.control.inject_inbound(number="32470123456", message="Hi")
        attempts = [hooks.next() for _ in range(3)]
        [delivery] = wait_for_deliveries(sandbox, 1)
    assert [a.answered for a in attempts] == [503, 500, 202]
    assert len({a.body for a in attempts}) == 1
    assert len({a.headers["Idempotency-Key"] for a in attempts}) == 1
    assert len({a.headers["X-SMSMobileAPI-Event-ID"] for a in attempts}) == 1
    for attempt in attempts:
        construct_event(attempt.body, attempt.headers, SECRET)  # each one freshly signed
    assert delivery["state"] == "delivered"
    assert [a["status"] for a in delivery["attempts"]] == [503, 500, 202]
    assert delivery["idempotency_key"] == attempts[0].headers["Idempotency-Key"]


def test_a_delivery_that_never_succeeds_ends_failed() -> None:
    with (
        collector(answers=[500] * 10) as hooks,
        run_sandbox(
            webhook_url=hooks.url, webhook_secret=SECRET, webhook_retry_delays=FAST
        ) as sandbox,
    ):
        sandbox.control.inject_inbound(number="32470123456", message="Hi")
        [delivery] = wait_for_deliveries(sandbox, 1)
    assert delivery["state"] == "failed"
    assert [a["status"] for a in delivery["attempts"]] == [500] * (len(FAST) + 1)


def test_an_unreachable_receiver_is_retried_and_recorded() -> None:
    with collector() as hooks:
        closed_url = hooks.url  # the collector is gone once this block ends
    with run_sandbox(
        webhook_url=closed_url, webhook_secret=SECRET, webhook_retry_delays=(0.05,)
    ) as sandbox:
        sandbox.control.inject_inbound(number="32470123456", message="Hi")
        [delivery] = wait_for_deliveries(sandbox, 1)
    assert delivery["state"] == "failed"
    assert [a["error"] for a in delivery["attempts"]] == ["ConnectError", "ConnectError"]


def test_an_sms_only_send_is_sms_events_and_no_whatsapp_event() -> None:
    with collector() as hooks, run_sandbox(webhook_url=hooks.url, webhook_secret=SECRET) as sb:
        reply = httpx.post(
            f"{sb.url}/sendsms/",
            data={"apikey": sb.api_key, "recipients": "32470123456", "message": "sms"},
        )
        assert reply.json()["result"]["send_with_whatsapp"] == "0"
        sb.control.inject_inbound(number="32470123456", message="after")
        types = [json.loads(hooks.next().body)["type"] for _ in range(3)]
    assert types == ["sms.api.submitted", "sms.sent", "whatsapp.received"]


def test_an_event_fired_on_demand_through_the_controls() -> None:
    with collector() as hooks, run_sandbox(webhook_url=hooks.url, webhook_secret=SECRET) as sb:
        reply = httpx.post(
            f"{sb.url}/_sandbox/webhooks",
            json={"type": "whatsapp.failed", "data": {"guid": "abc", "reason": "test"}},
        )
        delivered = hooks.next()
        bad = httpx.post(f"{sb.url}/_sandbox/webhooks", json={"type": "whatsapp.nope"})
    assert reply.status_code == 202
    event = construct_event(delivered.body, delivered.headers, SECRET)
    assert event.id == reply.json()["delivery"]["id"]
    assert isinstance(event.payload, WhatsAppFailed) and event.payload.reason == "test"
    assert bad.status_code == 400 and bad.json()["message"].startswith("type:")


def test_no_webhooks_without_a_url(sandbox: RunningSandbox) -> None:
    reply = httpx.post(f"{sandbox.url}/_sandbox/webhooks", json={"type": "whatsapp.sent"})
    assert reply.status_code == 400
    assert httpx.get(f"{sandbox.url}/_sandbox/webhooks").json() == {"url": None, "deliveries": []}


@pytest.mark.parametrize(
    ("url", "secret"), [("ftp://x/", SECRET), ("http://127.0.0.1:1/", ""), (None, SECRET)]
)
def test_a_bad_webhook_setup_is_refused_at_start(url: str | None, secret: str) -> None:
    with pytest.raises(ValueError, match="webhook"):
        make_app(webhook_url=url, webhook_secret=secret)


def test_the_secret_is_in_no_repr_or_listing() -> None:
    app = make_app(webhook_url="http://127.0.0.1:9/hook?token=t0ps3cret", webhook_secret=SECRET)
    try:
        assert SECRET not in repr(app.webhooks)
        assert "t0ps3cret" not in repr(app.webhooks)
        assert app.webhooks is not None and "t0ps3cret" not in app.webhooks.shown_url
    finally:
        app.close()
