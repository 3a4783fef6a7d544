"""The gateway sends through the same REST transport: its sends reach the service in the
documented shape, `POST /sendsms/?waonly=yes` with the key and the text in the body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import zeep

from smsmobile import RetryPolicy
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox


@pytest.fixture
def gateway_url(sandbox: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(sandbox.url, retry=RetryPolicy(attempts=1)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


@pytest.mark.parametrize(
    ("flags", "query", "channel"),
    [
        ({"waonly": "yes"}, ["waonly"], "whatsapp"),
        ({}, ["waonly"], "whatsapp"),  # WhatsApp only unless asked for SMS too
        ({"sendwa": "1", "sendsms": "1"}, ["sendsms", "sendwa"], "whatsapp+sms"),
    ],
)
def test_gateway_sends_put_the_channel_flags_in_the_query(
    gateway_url: str,
    sandbox: RunningSandbox,
    flags: dict[str, str],
    query: list[str],
    channel: str,
) -> None:
    service = zeep.Client(f"{gateway_url}/soap?wsdl").service

    sent = service.SendWhatsApp(
        apikey=sandbox.api_key, recipients="191728660", message="Hello", **flags
    )

    assert sent.error == "0"
    (wire,) = [r for r in sandbox.control.requests() if r["path"] == "/sendsms/"]
    assert (wire["method"], wire["query"]) == ("POST", query)
    assert wire["body"] == ["apikey", "message", "recipients"]
    assert sandbox.control.messages()[0]["channel"] == channel


def test_gateway_forwards_every_field_a_soap_caller_sends(
    gateway_url: str, sandbox: RunningSandbox
) -> None:
    fields = {
        "recipients": "191728660",
        "message": "Hello",
        "url_media": "https://example.com/a.pdf",
        "pdf_with_image": "yes",
        "url_media_shorted": "yes",
        "sendwa": "1",
        "sendsms": "0",  # WhatsApp, never SMS: only expressible with the two flags
        "schedule_timestamp": 4102444800,
        "sIdentifiant": "phone-1",
        "port": 2,
        "shorturl": "1",
    }
    service = zeep.Client(f"{gateway_url}/soap?wsdl").service

    assert service.SendWhatsApp(apikey=sandbox.api_key, **fields).error == "0"

    (wire,) = [r for r in sandbox.control.requests() if r["path"] == "/sendsms/"]
    assert sorted(wire["query"] + wire["body"]) == sorted([*fields, "apikey"])
    (stored,) = sandbox.control.messages()
    assert (stored["channel"], stored["shorturl"], stored["port"]) == ("whatsapp", "1", "2")
