"""Huge and deeply nested bodies, both ways: a clear error, never a crash or unbounded memory."""

from __future__ import annotations

import contextlib
import json
import tracemalloc

import httpx
import pytest

from smsmobile import (
    ApiKey,
    InvalidRequest,
    MalformedReply,
    OutcomeUnknown,
    RetryPolicy,
    SmsMobileError,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox

from .support import canned_server

ONE_ATTEMPT = RetryPolicy(attempts=1)
TWO_MB = "x" * (2 * 1024 * 1024)
_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_NS = "urn:smsmobile:whatsapp:v1"


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_a_2mb_message_is_refused_before_any_request(
    sandbox: RunningSandbox, transport: str
) -> None:
    with (
        WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport) as wa,
        pytest.raises(InvalidRequest) as refused,
    ):
        wa.send("32470123456", TWO_MB)

    assert refused.value.field == "message"
    assert len(str(refused.value)) < 200  # the rule, not the text
    assert sandbox.control.stats()["requests"] == {}
    assert sandbox.control.messages() == []


def test_a_2mb_form_posted_by_hand_is_refused_by_the_sandbox(sandbox: RunningSandbox) -> None:
    reply = httpx.post(
        sandbox.url + "/sendsms/",
        data={"apikey": sandbox.api_key, "recipients": "32470123456", "message": TWO_MB},
        timeout=30,
    )

    assert reply.status_code == 413
    assert sandbox.control.messages() == []


def _soap_reply(inner: str) -> bytes:
    return (
        f'<soap:Envelope xmlns:soap="{_ENV}"><soap:Body>'
        f'<t:SendWhatsAppResponse xmlns:t="{_NS}">{inner}</t:SendWhatsAppResponse>'
        "</soap:Body></soap:Envelope>"
    ).encode()


def test_a_soap_reply_of_1_5_mb_is_read() -> None:
    note = "n" * 1_500_000
    body = _soap_reply(
        "<t:error>0</t:error><t:sent>1</t:sent>"
        "<t:id>6416bc49a8f0c2da052f5e01b4e5ad0ee646d727</t:id>"
        f"<t:note>{note}</t:note><t:datetime>2026-01-01T00:00:00Z</t:datetime>"
        "<t:send_with_whatsapp>1</t:send_with_whatsapp>"
    )
    with (
        canned_server(body, "text/xml") as url,
        WhatsApp(auth=ApiKey("huge-bodies-key"), base_url=url, transport="soap") as wa,
    ):
        sent = wa.send("32470123456", "hi")

    assert sent.guid == "6416bc49a8f0c2da052f5e01b4e5ad0ee646d727"
    assert sent.note == note


def test_a_deeply_nested_soap_reply_is_malformed() -> None:
    depth = 5000
    body = _soap_reply("<t:error>0</t:error>" + "<a>" * depth + "</a>" * depth)
    with (
        canned_server(body, "text/xml") as url,
        WhatsApp(
            auth=ApiKey("huge-bodies-key"), base_url=url, transport="soap", retry=ONE_ATTEMPT
        ) as wa,
    ):
        with pytest.raises(MalformedReply):
            wa.check_number("32470123456")
        with pytest.raises(OutcomeUnknown):
            wa.send("32470123456", "hi")


@pytest.mark.parametrize("call", ["read", "send"])
def test_a_deeply_nested_json_reply_is_malformed(call: str) -> None:
    with (
        canned_server(b"[" * 5000) as url,
        WhatsApp(auth=ApiKey("huge-bodies-key"), base_url=url, retry=ONE_ATTEMPT) as wa,
    ):
        if call == "read":
            with pytest.raises(MalformedReply):
                wa.check_number("32470123456")
        else:
            with pytest.raises(OutcomeUnknown):
                wa.send("32470123456", "hi")


def _huge_inbox(size: int) -> bytes:
    one = {"number": "32470123456", "message": "m" * 80, "timestamp": "1700000000", "guid": "g"}
    count = size // len(json.dumps(one))
    return json.dumps([dict(one, guid=f"g{i}") for i in range(count)]).encode()


def test_a_huge_json_reply_is_a_clear_error_or_read_in_bounded_memory() -> None:
    body = b'{"result": ' + b"[" * 100 + b"0" * (8 * 1024 * 1024)
    with (
        canned_server(body) as url,
        WhatsApp(auth=ApiKey("huge-bodies-key"), base_url=url, retry=ONE_ATTEMPT) as wa,
    ):
        tracemalloc.start()
        try:
            with pytest.raises(SmsMobileError):
                wa.check_number("32470123456")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak < 8 * len(body)


def test_an_8mb_json_reply_is_refused_or_read_in_bounded_memory() -> None:
    body = _huge_inbox(8 * 1024 * 1024)
    with (
        canned_server(body) as url,
        WhatsApp(auth=ApiKey("huge-bodies-key"), base_url=url, retry=ONE_ATTEMPT) as wa,
    ):
        tracemalloc.start()
        try:
            with contextlib.suppress(MalformedReply):
                wa.fetch_page()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak < 4 * len(body)
