"""The account's operations beyond WhatsApp (issue 22), on the wire: each through `SmsMobile` over
REST and over SOAP, a SOAP caller through the gateway, `AsyncSmsMobile` and the CLI, against a
sandbox with SMS, calls, a mailbox message and a notification in it. A read gives the same typed
value through every layer (SOAP's records carry only the WSDL's fields, the REST ones more: the
typed fields are equal, `raw` differs and is not compared); a send is taken through every layer
and lands in the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from smsmobile import (
    ApiKey,
    AsyncSmsMobile,
    CallRecord,
    Device,
    EmailMessage,
    MailboxPage,
    Notification,
    ReceivedSms,
    RetryPolicy,
    SentEmail,
    SentNotification,
    SentSms,
    ServiceError,
    SmsMobile,
)
from smsmobile._json import to_json
from smsmobile.cli import main as cli_main
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

SID = "sandbox-sid-1"  # the sandbox's first phone
MAILBOX = "sandbox-mailbox-key"


@pytest.fixture(scope="module")
def gateway_url(_sandbox_server: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(_sandbox_server.url, retry=RetryPolicy(backoff=0.01)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture
def account(sandbox: RunningSandbox) -> RunningSandbox:
    control = sandbox.control
    control.receive_sms(number="+32470000001", message="an SMS to read", sid=SID)
    for kind in ("missed", "incoming", "outgoing"):
        control.record_call(kind=kind, number="+32470000002", name="Ada", sid=SID)
    control.deliver_email(**{"from": "ada@example.org", "subject": "Hi", "body": "Hello"})
    with SmsMobile(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as client:
        client.notifications.send(SID, "a notification")
        client.sms.send("+32470000003", "a sent SMS")
    return sandbox


#: (namespace, method, keywords, CLI words): every read of the account beyond WhatsApp.
READS: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("sms", "received", {}, ["sms", "inbox"]),
    ("sms", "sent", {}, ["sms", "sent"]),
    ("devices", "list", {}, ["devices"]),
    ("calls", "missed", {}, ["calls", "missed"]),
    ("calls", "incoming", {}, ["calls", "incoming"]),
    ("calls", "outgoing", {}, ["calls", "outgoing"]),
    ("notifications", "list", {}, ["notifications", "list"]),
    (
        "email",
        "list",
        {"apikeybox": MAILBOX, "mbox": "INBOX", "start": 0},
        ["email", "list", "--apikeybox", MAILBOX, "--mbox", "INBOX", "--start", "0"],
    ),
]


#: The typed record of each read (the records of `email.list`'s `MailboxPage`).
RECORD_TYPES: dict[str, type] = {
    "sms.received": ReceivedSms,
    "sms.sent": SentSms,
    "devices.list": Device,
    "calls.missed": CallRecord,
    "calls.incoming": CallRecord,
    "calls.outgoing": CallRecord,
    "notifications.list": Notification,
    "email.list": EmailMessage,
}


def layers(sandbox: RunningSandbox, gateway_url: str) -> dict[str, Callable[..., Any]]:
    auth = ApiKey(sandbox.api_key)

    def sync(base_url: str, transport: str) -> Callable[..., Any]:
        def call(namespace: str, method: str, keywords: dict[str, Any]) -> Any:
            with SmsMobile(auth=auth, base_url=base_url, transport=transport) as client:  # type: ignore[arg-type]
                result = getattr(getattr(client, namespace), method)(**keywords)
                return list(result) if isinstance(result, Iterator) else result

        return call

    def asynchronous(namespace: str, method: str, keywords: dict[str, Any]) -> Any:
        async def run() -> Any:
            async with AsyncSmsMobile(auth=auth, base_url=sandbox.url) as client:
                result = getattr(getattr(client, namespace), method)(**keywords)
                if isinstance(result, AsyncIterator):
                    return [record async for record in result]
                return await result

        return asyncio.run(run())

    return {
        "REST": sync(sandbox.url, "rest"),
        "SOAP": sync(sandbox.url, "soap"),
        "gateway": sync(gateway_url, "soap"),
        "async": asynchronous,
    }


def cli(sandbox: RunningSandbox, words: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli_main(["--json", "--base-url", sandbox.url, "--api-key", sandbox.api_key, *words])
    return code, out.getvalue()


@pytest.mark.parametrize(
    ("namespace", "method", "keywords", "words"), READS, ids=[f"{r[0]}.{r[1]}" for r in READS]
)
def test_a_read_gives_the_same_value_through_every_layer(
    account: RunningSandbox,
    gateway_url: str,
    namespace: str,
    method: str,
    keywords: dict[str, Any],
    words: list[str],
) -> None:
    seen = {
        name: call(namespace, method, keywords)
        for name, call in layers(account, gateway_url).items()
    }
    rest = seen["REST"]
    records = rest.messages if isinstance(rest, MailboxPage) else rest
    assert records, f"{namespace}.{method}: the account's records are listed"
    assert all(type(r) is RECORD_TYPES[f"{namespace}.{method}"] for r in records)
    assert seen["async"] == rest
    for name in ("SOAP", "gateway"):  # the same typed values (`raw` is not compared)
        assert seen[name] == rest, (name, seen[name], rest)
    code, out = cli(account, words)
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(to_json(rest)))


@pytest.mark.parametrize("layer", ["REST", "SOAP", "gateway", "async"])
def test_every_send_is_taken_through_every_layer(
    sandbox: RunningSandbox, gateway_url: str, layer: str
) -> None:
    call = layers(sandbox, gateway_url)[layer]
    sent = call("sms", "send", {"to": "+32 470 00 00 04", "message": f"SMS by {layer}"})
    stored = sandbox.control.messages()[-1]
    assert (stored["guid"], stored["channel"], stored["message"]) == (
        sent.guid,
        "sms",
        f"SMS by {layer}",
    )
    notified = call("notifications", "send", {"sid": SID, "message": f"by {layer}"})
    assert isinstance(notified, SentNotification) and notified.device_sid == SID
    assert notified.id is not None and "apikey" not in notified.raw  # the echoed key is dropped
    assert sandbox.api_key not in repr(notified) + json.dumps(to_json(notified))
    mailed = call(
        "email",
        "send",
        {
            "apikeybox": MAILBOX,
            "sender_name": "Ada",
            "sender_email": "ada@example.org",
            "recipient_email": "bob@example.org",
            "mail_subject": f"by {layer}",
            "mail_body": "Hello",
            "allow_self_signed": "no",
        },
    )
    assert isinstance(mailed, SentEmail) and mailed.id
    account = sandbox.control.account()
    assert f"by {layer}" in json.dumps(account)


def test_the_cli_sends_an_sms(sandbox: RunningSandbox) -> None:
    code, out = cli(sandbox, ["sms", "send", "--to", "+32470000005", "--message", "from the CLI"])
    assert code == 0
    stored = sandbox.control.messages()[-1]
    assert (stored["channel"], stored["message"]) == ("sms", "from the CLI")
    assert json.loads(out)["guid"] == stored["guid"]


def test_calls_page_with_offset_and_limit_until_a_short_page(sandbox: RunningSandbox) -> None:
    for n in range(5):
        sandbox.control.record_call(kind="missed", number=f"+3247000001{n}", sid=SID)
    before = sandbox.control.stats()["requests"].get("/call/missed/list/", 0)
    with SmsMobile(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as client:
        calls = client.calls.missed(limit=2)  # checked now, requested while read
        assert sandbox.control.stats()["requests"].get("/call/missed/list/", 0) == before
        numbers = [call.number for call in calls]
    assert sorted(numbers) == [f"+3247000001{n}" for n in range(5)]
    offsets = [
        c["fields"].get("offset")
        for c in sandbox.control.calls()
        if c["operation"] == "calls_missed"
    ]
    assert offsets == ["0", "2", "4"]  # 2 + 2 + 1: the short page ends it

    async def read() -> list[str]:
        async with AsyncSmsMobile(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as client:
            return [call.number async for call in client.calls.missed(limit=2)]

    assert sorted(asyncio.run(read())) == sorted(numbers)


@pytest.mark.parametrize("layer", ["REST", "SOAP", "gateway", "async"])
def test_a_notification_refused_with_success_false_is_the_same_error_through_every_layer(
    sandbox: RunningSandbox, gateway_url: str, layer: str
) -> None:
    call = layers(sandbox, gateway_url)[layer]
    with pytest.raises(ServiceError) as refused:
        call("notifications", "send", {"sid": "no-such-phone", "message": "lost"})
    assert refused.value.code == "unsuccessful"
    assert "unknown sid" in str(refused.value)
    assert sandbox.api_key not in str(refused.value) + repr(refused.value)


def test_a_foreign_soap_caller_gets_the_same_fault_from_the_sandbox_and_the_gateway(
    sandbox: RunningSandbox, gateway_url: str
) -> None:
    """`success: false` is a fault on both fronts (the gateway reads the reply as the client
    does), with the code the client gives it and without the echoed key."""
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:tns="urn:smsmobile:whatsapp:v1"><soap:Body><tns:SendNotificationRequest>'
        f"<tns:apikey>{sandbox.api_key}</tns:apikey><tns:sid>no-such-phone</tns:sid>"
        "<tns:message>lost</tns:message></tns:SendNotificationRequest></soap:Body></soap:Envelope>"
    )
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    for base in (sandbox.url, gateway_url):
        reply = httpx.post(f"{base}/soap", content=body, headers=headers, timeout=30)
        assert reply.status_code == 500, (base, reply.text)
        assert "<tns:code>unsuccessful</tns:code>" in reply.text.replace("ns0:", "tns:"), reply.text
        assert "unknown sid" in reply.text and sandbox.api_key not in reply.text


def test_an_accepted_notification_never_hands_the_echoed_key_to_a_soap_caller(
    sandbox: RunningSandbox, gateway_url: str
) -> None:
    """The service's /notification/send reply repeats the `apikey`: neither SOAP front passes it
    on (behind a gateway holding the credentials, the caller has only a gateway key)."""
    phone = sandbox.control.account()["phones"][0]["sid"]
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:tns="urn:smsmobile:whatsapp:v1"><soap:Body><tns:SendNotificationRequest>'
        f"<tns:apikey>{sandbox.api_key}</tns:apikey><tns:sid>{phone}</tns:sid>"
        "<tns:message>done</tns:message></tns:SendNotificationRequest></soap:Body></soap:Envelope>"
    )
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    for base in (sandbox.url, gateway_url):
        reply = httpx.post(f"{base}/soap", content=body, headers=headers, timeout=30)
        assert reply.status_code == 200, (base, reply.text)
        assert "SendNotificationResponse" in reply.text
        assert sandbox.api_key not in reply.text and "apikey>" not in reply.text, reply.text
