"""`message_type` "leave empty to see all" (issue 12.4): the spec and the WSDL allow the empty
value, the client takes None, 'all' or '' for every type, and the sandbox and the gateway
answer an empty `message_type` with every message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
import yaml
from lxml import etree

from smsmobile import RetryPolicy, WhatsApp
from smsmobile.gateway import make_gateway_app
from smsmobile_sandbox import serve
from smsmobile_sandbox.testing import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
TNS = "urn:smsmobile:whatsapp:v1"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
XS = "http://www.w3.org/2001/XMLSchema"


def test_the_spec_allows_the_empty_message_type() -> None:
    spec = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"]["MessageType"]

    for value in ("text", "audio", ""):
        jsonschema.validate(value, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("video", schema)


@pytest.mark.parametrize("wsdl", ["spec", "adapters/smsmobile", "sandbox/smsmobile_sandbox"])
def test_every_wsdl_copy_allows_the_empty_message_type(wsdl: str) -> None:
    schema_element = etree.parse(str(ROOT / wsdl / "smsmobileapi.wsdl")).find(f".//{{{XS}}}schema")
    assert schema_element is not None
    schema = etree.XMLSchema(schema_element)

    def request(value: str) -> etree._Element:
        return etree.fromstring(
            f'<GetMessagesRequest xmlns="{TNS}"><message_type>{value}</message_type>'
            "</GetMessagesRequest>".encode()
        )

    assert schema.validate(request("")), schema.error_log
    assert schema.validate(request("audio"))
    assert not schema.validate(request("video"))


def _inject_both(sandbox: RunningSandbox) -> None:
    sandbox.control.inject_inbound(number="32470000001", message="typed", timestamp=1_700_000_000)
    sandbox.control.inject_inbound(
        number="32470000001", message="spoken", message_type="audio", timestamp=1_700_000_010
    )


@pytest.mark.parametrize("every", [None, "all", ""])
def test_the_client_asks_for_every_type_without_a_message_type(
    sandbox: RunningSandbox, inbox: WhatsApp, every: str | None
) -> None:
    _inject_both(sandbox)

    texts = [m.text for m in inbox.messages(message_type=every)]  # type: ignore[arg-type]

    assert texts == ["spoken", "typed"]
    reads = [r for r in sandbox.control.requests() if r["path"] == "/getwa/"]
    assert reads and all("message_type" not in r["query"] for r in reads)
    assert [m.text for m in inbox.fetch_page(message_type="audio")] == ["spoken"]


@pytest.fixture
def gateway_url(sandbox: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(sandbox.url, retry=RetryPolicy(attempts=1)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def test_an_empty_soap_message_type_means_every_message(
    sandbox: RunningSandbox, inbox: WhatsApp, gateway_url: str
) -> None:
    _inject_both(sandbox)

    for url in (sandbox.url, gateway_url):
        reply = httpx.post(
            f"{url}/soap",
            content=(
                f'<soap:Envelope xmlns:soap="{SOAP}" xmlns:tns="{TNS}"><soap:Body>'
                f"<tns:GetMessagesRequest><tns:apikey>{sandbox.api_key}</tns:apikey>"
                "<tns:message_type></tns:message_type></tns:GetMessagesRequest>"
                "</soap:Body></soap:Envelope>"
            ).encode(),
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": f'"{TNS}#GetMessages"',
            },
        )
        assert reply.status_code == 200, (url, reply.text)
        response = next(etree.fromstring(reply.content).iter(f"{{{TNS}}}GetMessagesResponse"))
        texts = [m.findtext(f"{{{TNS}}}message") for m in response.findall(f"{{{TNS}}}message")]
        assert texts == ["spoken", "typed"], url
