"""Every public call of `WhatsApp`, over both transports and both kinds of auth: what a user sees
and what the sandbox received."""

from __future__ import annotations

import datetime as dt
import re
import time

from contract_support import AuthKind, TransportName

from smsmobile import (
    AutoReplyFlags,
    ChatGptReply,
    NumberCheck,
    RetrievalState,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox


def stored(sandbox: RunningSandbox) -> dict[str, object]:
    messages = sandbox.control.messages()
    assert len(messages) == 1
    return messages[0]


def open_inbound(wa: WhatsApp) -> None:
    wa.set_retrieval(True)
    wa.synchronize()


def test_send_whatsapp_only(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName, auth_kind: AuthKind
) -> None:
    sent = wa.send("+32 470 12 34 56", "Hello *world*")
    assert re.fullmatch("[0-9a-f]{40}", sent.guid)
    assert sent.accepted
    assert sent.via_whatsapp
    assert sent.sent_at is not None
    assert abs((dt.datetime.now(dt.UTC) - sent.sent_at).total_seconds()) < 60
    record = stored(sandbox)
    assert record["guid"] == sent.guid
    assert record["recipients"] == "32470123456"
    assert record["message"] == "Hello *world*"
    assert record["channel"] == "whatsapp"
    assert record["via"] == ("rest" if transport == "rest" else "soap")  # soap12 is SOAP too
    assert record["auth"] == ("oauth2" if auth_kind == "oauth2" else "apikey")


def test_send_keeps_text_exactly(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    text = "Line one\n_italic_ ~strike~ ```mono```\n  indented <b>&amp; 'quotes' \"é\" 🎉  "
    wa.send("32470123456", text)
    assert stored(sandbox)["message"] == text


def test_send_with_media_and_every_flag(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    later = int(time.time()) + 3600
    sent = wa.send(
        "32470123456",
        "the invoice",
        media_url="https://example.com/invoice.pdf",
        pdf_preview=True,
        short_url=True,
        also_sms=True,
        schedule_at=later,
        device_sid="device-1",
        sim_port=2,
    )
    assert sent.accepted
    record = stored(sandbox)
    assert record["url_media"] == "https://example.com/invoice.pdf"
    assert record["pdf_with_image"] is True
    assert record["url_media_shorted"] is True
    assert record["channel"] == "whatsapp+sms"
    assert record["schedule_timestamp"] == later
    assert record["status"] == "scheduled"


def test_send_without_flags_leaves_them_off(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    wa.send("32470123456", "plain", media_url="https://example.com/photo.jpg")
    record = stored(sandbox)
    assert record["url_media"] == "https://example.com/photo.jpg"
    assert record["pdf_with_image"] is False
    assert record["url_media_shorted"] is False
    assert record["schedule_timestamp"] is None
    assert record["status"] == "sent"


def test_resend_a_failed_message(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=["32470999999"])
    sent = wa.send("32470999999", "will fail")
    assert stored(sandbox)["status"] == "error"
    resent = wa.resend(sent.guid)
    assert resent.guid == sent.guid
    assert resent.accepted
    record = stored(sandbox)
    assert (record["status"], record["attempts"]) == ("sent", 2)


def test_set_retrieval(wa: WhatsApp) -> None:
    assert wa.set_retrieval(True) == RetrievalState(enabled=True)
    assert wa.set_retrieval("toggle") == RetrievalState(enabled=False)
    assert wa.set_retrieval("toggle") == RetrievalState(enabled=True)
    assert wa.set_retrieval(False) == RetrievalState(enabled=False)


def test_synchronize_opens_a_window(wa: WhatsApp) -> None:
    wa.set_retrieval(True)  # the service's order: retrieval on, then a synchronisation
    window = wa.synchronize()
    assert window.is_open()
    remaining = (window.expires_at - dt.datetime.now(dt.UTC)).total_seconds()
    assert 500 < remaining <= 601  # the sandbox's 600 s window
    assert window.expires_at.tzinfo is not None


def test_messages_newest_first_across_pages(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(page_size=2)
    base = int(time.time()) - 1000
    for offset in range(5):
        sandbox.control.inject_inbound(
            number="32470000001", message=f"m{offset}", contact="Ann", timestamp=base + offset
        )
    open_inbound(wa)
    received = list(wa.messages())
    assert [m.text for m in received] == ["m4", "m3", "m2", "m1", "m0"]
    assert [m.timestamp for m in received] == [base + 4, base + 3, base + 2, base + 1, base]
    assert received[0].number == "32470000001"
    assert received[0].contact == "Ann"
    assert received[0].received_at == dt.datetime.fromtimestamp(base + 4, dt.UTC)
    assert received[0].auto_reply == AutoReplyFlags(False, False, False)
    assert received[0].chatgpt is None
    requests = sandbox.control.stats()["requests"]
    assert sum(n for path, n in requests.items() if path in ("/getwa/", "/soap")) >= 3


def test_messages_filters_and_limit(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    day = dt.datetime(2025, 3, 11, 9, 0, tzinfo=dt.UTC)
    stamp = int(day.timestamp())
    sandbox.control.inject_inbound(number="1111111", message="old", timestamp=stamp - 86400)
    sandbox.control.inject_inbound(number="2222222", message="text", timestamp=stamp)
    sandbox.control.inject_inbound(
        number="3333333", message="voice, transcribed", timestamp=stamp + 60, message_type="audio"
    )
    sandbox.control.inject_inbound(number="4444444", message="now")
    open_inbound(wa)
    assert [m.text for m in wa.messages(message_type="audio")] == ["voice, transcribed"]
    assert [m.text for m in wa.messages(date=day.date())] == ["voice, transcribed", "text"]
    assert [m.text for m in wa.messages(date="2025-03-11", message_type="text")] == ["text"]
    assert [m.text for m in wa.messages(before=stamp + 60)] == ["text", "old"]
    assert [m.text for m in wa.messages(limit=2)] == ["now", "voice, transcribed"]
    assert [m.text for m in wa.fetch_page(before=stamp)] == ["old"]


def test_messages_with_auto_reply_and_chatgpt(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sandbox.control.inject_inbound(
        number="32470000002",
        message="what time do you open?",
        contact="Bob",
        more={"auto_reply": "1", "transfert_to_email": "1", "chatgpt_reply": "1"},
        chatgpt={
            "prompt_tokens": "12",
            "completion_tokens": "30",
            "total_tokens": "42",
            "total_tokens_cost": "0.000084",
            "response": "We open at 9.",
        },
    )
    open_inbound(wa)
    (message,) = wa.messages()
    assert message.auto_reply == AutoReplyFlags(True, True, True)
    assert message.chatgpt is not None
    assert message.chatgpt == ChatGptReply(
        response="We open at 9.",
        prompt_tokens=12,
        completion_tokens=30,
        total_tokens=42,
        cost=message.chatgpt.cost,
    )
    assert str(message.chatgpt.cost) == "0.000084"


def test_no_messages_is_an_empty_iteration(wa: WhatsApp) -> None:
    open_inbound(wa)
    assert list(wa.messages()) == []


def test_check_number(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(not_on_whatsapp=["32470000009"])
    assert wa.check_number("+32 470 00 00 01") == NumberCheck("32470000001", True)
    assert wa.check_number("0032 470 00 00 09") == NumberCheck("32470000009", False)
