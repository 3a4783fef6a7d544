"""`with_raw_response`: one call's HTTP status, headers and body with its parsed result, over
REST and SOAP, sync and async, against the sandbox; secrets masked in every repr."""

from __future__ import annotations

import asyncio
import json

import pytest
from adapter_support import closed_port

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    ConnectError,
    InvalidRequest,
    OutcomeUnknown,
    RetryPolicy,
    ServiceError,
    SyncWindow,
    WhatsApp,
)
from smsmobile._call_watch import RawBox, WireReply
from smsmobile._raw import RawReply
from smsmobile_sandbox.testing import RunningSandbox

NO_WAIT = RetryPolicy(attempts=2, backoff=0.0, jitter=False)
TRANSPORTS = ["rest", "soap"]


@pytest.fixture(autouse=True)
def _retrieval_on(sandbox: RunningSandbox) -> None:
    """These tests read the sync window: retrieval on first, as the service requires."""
    sandbox.control.set_retrieval(True)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_raw_send_has_the_reply_and_the_parsed_result(
    sandbox: RunningSandbox, transport: str
) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport) as wa:
        raw = wa.with_raw_response.send("+32 470 12 34 56", "Hello")
    sent = raw.parse()
    assert raw.status_code == 200
    assert raw.attempts == 1
    assert raw.operation == "send"
    assert raw.headers["Server"] == "smsmobile-sandbox"
    assert sent.guid.encode() in raw.content
    assert sandbox.control.messages()[-1]["guid"] == sent.guid  # sent once, not twice
    assert len(sandbox.control.messages()) == 1
    if transport == "rest":
        assert raw.json()["result"]["id"] == sent.guid
        assert raw.fault is None
    else:
        assert "SendWhatsAppResponse" in raw.text


def test_a_refused_read_returns_the_last_reply_and_parse_raises(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "count": 5}])
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, retry=NO_WAIT) as wa:
        raw = wa.with_raw_response.synchronize()
    assert raw.status_code == 503
    assert raw.attempts == 2
    assert raw.json() == {"error": 503, "message": "injected fault"}
    with pytest.raises(ServiceError) as caught:
        raw.parse()
    assert caught.value.http_status == 503


def test_a_soap_fault_is_readable_as_xml(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 500, "count": 1}])
    with WhatsApp(
        auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="soap", retry=NO_WAIT
    ) as wa:
        raw = wa.with_raw_response.send("+32470123456", "Hello")
    assert raw.status_code == 500
    assert raw.fault is not None
    assert "<faultstring>injected fault</faultstring>" in raw.fault
    assert "ServiceFault" in raw.fault
    with pytest.raises(OutcomeUnknown):  # a send that failed after leaving: never repeated
        raw.parse()
    assert raw.attempts == 1


def test_a_retried_read_reports_only_its_last_attempt(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(
        rules=[{"match": "/getwa/synchronisation/", "action": "status", "status": 503}]
    )
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, retry=NO_WAIT) as wa:
        raw = wa.with_raw_response.synchronize()
    assert (raw.status_code, raw.attempts) == (200, 2)
    assert isinstance(raw.parse(), SyncWindow)


def test_no_reply_means_the_exception_itself() -> None:
    with closed_port() as port:
        wa = WhatsApp(
            auth=ApiKey("k" * 20),
            base_url=f"http://127.0.0.1:{port}",
            retry=RetryPolicy(attempts=1),
        )
        with pytest.raises(ConnectError):
            wa.with_raw_response.synchronize()
    with pytest.raises(InvalidRequest):  # refused before any request, as without raw
        wa.with_raw_response.send("not a number", "x")
    with pytest.raises(AttributeError, match="not one call"):
        wa.with_raw_response.messages  # noqa: B018
    wa.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_async_raw_replies(sandbox: RunningSandbox, transport: str) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "count": 1}])

    async def run() -> tuple[RawReply[object], RawReply[object]]:
        async with AsyncWhatsApp(
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport, retry=NO_WAIT
        ) as wa:
            window = await wa.with_raw_response.synchronize()  # the 503, then a 200
            sent = await wa.with_raw_response.send("+32470123456", "Hello")
            return sent, window

    sent, window = asyncio.run(run())
    assert sent.status_code == 200
    assert sent.parse().guid == sandbox.control.messages()[-1]["guid"]  # type: ignore[attr-defined]
    assert (window.status_code, window.attempts) == (200, 2)


def test_every_repr_masks_secrets() -> None:
    key = "k3y-0f-the-acc0unt-123"
    box = RawBox()
    box.operation = "send"
    box.reply = WireReply(
        200,
        {"Set-Cookie": f"session={key}", "Authorization": "Bearer abcdefgh123", "X-Note": "ok"},
        json.dumps({"echo": f"apikey={key}", "access_token": "tok-123456789"}).encode(),
    )
    from smsmobile._redact import register_secret

    register_secret(key)
    shown = repr(RawReply(box, result=None))
    assert key not in shown
    assert "tok-123456789" not in shown
    assert "abcdefgh123" not in shown
    assert "'X-Note': 'ok'" in shown
