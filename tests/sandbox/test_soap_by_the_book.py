"""SOAP as the specifications write it, seen over HTTP: SOAP 1.1 faults (WS-I Basic Profile 1.1),
the SOAP 1.2 binding at the same address, VersionMismatch, MustUnderstand, and WS-Security
UsernameToken admission (OASIS UsernameToken Profile 1.1) at the sandbox.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import zeep
from lxml import etree

from smsmobile import ApiKey, AuthenticationError, InvalidRequest, OAuth2ClientCredentials, WhatsApp
from smsmobile.soapserver import BackendFault, Credentials, SoapFront
from smsmobile_sandbox import load_wsdl, serve
from smsmobile_sandbox.testing import RunningSandbox

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TNS = "urn:smsmobile:whatsapp:v1"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
TEXT_XML = "text/xml; charset=utf-8"
SOAP_XML = "application/soap+xml; charset=utf-8"


@pytest.fixture
def retrieval_on(sandbox: RunningSandbox) -> None:
    """Synchronize is these tests' harmless call; the sandbox answers it once retrieval is on."""
    params = {"apikey": sandbox.api_key, "statut": "1"}
    httpx.get(f"{sandbox.url}/getwa/active/", params=params).raise_for_status()


def envelope(operation: str, ns: str = SOAP11, header: str = "", **fields: str) -> bytes:
    children = "".join(f"<tns:{name}>{value}</tns:{name}>" for name, value in fields.items())
    return (
        f'<soap:Envelope xmlns:soap="{ns}" xmlns:tns="{TNS}">'
        f"{f'<soap:Header>{header}</soap:Header>' if header else ''}<soap:Body>"
        f"<tns:{operation}Request>{children}</tns:{operation}Request>"
        "</soap:Body></soap:Envelope>"
    ).encode()


def post(url: str, body: bytes, content_type: str = TEXT_XML) -> httpx.Response:
    return httpx.post(f"{url}/soap", content=body, headers={"Content-Type": content_type})


def body_of(reply: httpx.Response, ns: str) -> etree._Element:
    root = etree.fromstring(reply.content)
    assert root.tag == f"{{{ns}}}Envelope"
    [element] = root.find(f"{{{ns}}}Body")  # type: ignore[misc]
    return element


def service_fault(fault: etree._Element) -> dict[str, str]:
    node = fault.find(f".//{{{TNS}}}ServiceFault")
    assert node is not None
    return {etree.QName(child).localname: child.text or "" for child in node}


def username_token(
    password: str,
    *,
    digest: bool = True,
    created: dt.datetime | None = None,
    nonce: bytes | None = None,
    must_understand: bool = True,
) -> str:
    """A wsse:Security header built by the profile's text, independently of the server."""
    stamp = (created or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    nonce = os.urandom(16) if nonce is None else nonce
    if digest:
        raw = hashlib.sha1(nonce + stamp.encode() + password.encode()).digest()  # noqa: S324
        value, kind = base64.b64encode(raw).decode(), "PasswordDigest"
    else:
        value, kind = password, "PasswordText"
    understand = ' soap:mustUnderstand="1"' if must_understand else ""
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"{understand}><wsse:UsernameToken>'
        f"<wsse:Username>erp</wsse:Username>"
        f'<wsse:Password Type="{PROFILE}#{kind}">{value}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{stamp}</wsu:Created></wsse:UsernameToken></wsse:Security>"
    )


# -- SOAP 1.1: every fault is HTTP 500 ----------------------------------------------------------


def test_soap11_faults_are_http_500_with_the_rest_status_in_the_detail(
    sandbox: RunningSandbox,
) -> None:
    refused = post(sandbox.url, envelope("Synchronize", apikey="wrong"))
    assert refused.status_code == 500
    fault = body_of(refused, SOAP11)
    assert fault.findtext("faultcode") == "soap:Client"
    assert service_fault(fault)["httpStatus"] == "403"

    sandbox.control.faults(rate_limit={"requests": 1, "per_seconds": 60})
    post(sandbox.url, envelope("Synchronize", apikey=sandbox.api_key))
    limited = post(sandbox.url, envelope("Synchronize", apikey=sandbox.api_key))
    assert limited.status_code == 500
    detail = service_fault(body_of(limited, SOAP11))
    assert detail["httpStatus"] == "429" and 1 <= int(detail["retryAfter"]) <= 60


def test_a_soap12_envelope_to_the_soap11_binding_is_a_version_mismatch(
    sandbox: RunningSandbox,
) -> None:
    reply = post(sandbox.url, envelope("Synchronize", SOAP12, apikey=sandbox.api_key))
    assert reply.status_code == 500
    fault = body_of(reply, SOAP11)
    assert fault.findtext("faultcode") == "soap:VersionMismatch"
    root = etree.fromstring(reply.content)
    supported = root.findall(
        f"{{{SOAP11}}}Header/{{{SOAP12}}}Upgrade/{{{SOAP12}}}SupportedEnvelope"
    )
    assert len(supported) == 2
    assert sandbox.control.stats()["requests"].get("/soap") == 1  # seen, and nothing done


def test_a_soap11_envelope_sent_as_soap12_gets_a_soap11_version_mismatch(
    sandbox: RunningSandbox,
) -> None:
    reply = post(sandbox.url, envelope("Synchronize", apikey=sandbox.api_key), SOAP_XML)
    assert reply.status_code == 500
    assert body_of(reply, SOAP11).findtext("faultcode") == "soap:VersionMismatch"


@pytest.mark.usefixtures("retrieval_on")
def test_a_mandatory_header_we_do_not_understand_is_a_must_understand_fault(
    sandbox: RunningSandbox,
) -> None:
    header = '<x:Transaction xmlns:x="urn:other" soap:mustUnderstand="1">5</x:Transaction>'
    reply = post(sandbox.url, envelope("Synchronize", header=header, apikey=sandbox.api_key))
    assert reply.status_code == 500
    assert body_of(reply, SOAP11).findtext("faultcode") == "soap:MustUnderstand"

    # The same block addressed to another node, or optional, is none of our business.
    for other in (
        '<x:T xmlns:x="urn:other" soap:mustUnderstand="1" soap:actor="urn:someone-else">5</x:T>',
        '<x:T xmlns:x="urn:other" soap:mustUnderstand="0">5</x:T>',
    ):
        ok = post(sandbox.url, envelope("Synchronize", header=other, apikey=sandbox.api_key))
        assert ok.status_code == 200, ok.text


# -- SOAP 1.2 at the same address -----------------------------------------------------------------


def test_soap12_calls_and_sender_faults(sandbox: RunningSandbox) -> None:
    ok = post(sandbox.url, envelope("CheckNumber", SOAP12, apikey=sandbox.api_key,
                                    recipients="32470123456"), SOAP_XML)  # fmt: skip
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/soap+xml")
    assert body_of(ok, SOAP12).tag == f"{{{TNS}}}CheckNumberResponse"

    refused = post(sandbox.url, envelope("Synchronize", SOAP12, apikey="wrong"), SOAP_XML)
    assert refused.status_code == 400  # env:Sender, by the SOAP 1.2 HTTP binding
    fault = body_of(refused, SOAP12)
    assert fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") == "soap:Sender"
    assert fault.findtext(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text")
    assert service_fault(fault)["httpStatus"] == "403"


def test_soap12_must_understand_names_the_header(sandbox: RunningSandbox) -> None:
    header = '<x:Transaction xmlns:x="urn:other" soap:mustUnderstand="true">5</x:Transaction>'
    body = envelope("Synchronize", SOAP12, header=header, apikey=sandbox.api_key)
    reply = post(sandbox.url, body, SOAP_XML)
    assert reply.status_code == 500
    fault = body_of(reply, SOAP12)
    assert fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") == "soap:MustUnderstand"
    root = etree.fromstring(reply.content)
    [named] = root.findall(f"{{{SOAP12}}}Header/{{{SOAP12}}}NotUnderstood")
    assert named.get("qname") == "nu:Transaction"


class _FailingBackend:
    """Every operation fails as the upstream's 503 would."""

    def call(self, operation: object, credentials: Credentials, fields: object) -> dict[str, Any]:
        raise BackendFault("503", "upstream unavailable", 503, retry_after=4)


@pytest.fixture
def failing_front() -> Iterator[str]:
    server = serve(SoapFront(_FailingBackend(), load_wsdl()))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def test_server_faults_in_both_versions(failing_front: str) -> None:
    reply11 = post(failing_front, envelope("Synchronize"))
    assert reply11.status_code == 500
    assert body_of(reply11, SOAP11).findtext("faultcode") == "soap:Server"
    assert reply11.headers["retry-after"] == "4"
    reply12 = post(failing_front, envelope("Synchronize", SOAP12), SOAP_XML)
    assert reply12.status_code == 500
    fault = body_of(reply12, SOAP12)
    assert fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") == "soap:Receiver"
    assert service_fault(fault) == {
        "code": "503",
        "httpStatus": "503",
        "message": "upstream unavailable",
        "retryAfter": "4",
    }


def test_the_wsdl_offers_both_ports_at_the_address_it_was_fetched_from(
    sandbox: RunningSandbox,
) -> None:
    client = zeep.Client(f"{sandbox.url}/soap?wsdl")
    [service] = client.wsdl.services.values()
    addresses = {name: port.binding_options["address"] for name, port in service.ports.items()}
    assert addresses == {
        "WhatsAppSoapPort": f"{sandbox.url}/soap",
        "WhatsAppSoap12Port": f"{sandbox.url}/soap",
    }
    soap12 = client.bind("SmsMobileApiWhatsAppService", "WhatsAppSoap12Port")
    assert soap12.CheckNumber(apikey=sandbox.api_key, recipients="32470123456").whatsapp == "1"


# -- WS-Security UsernameToken ---------------------------------------------------------------------


@pytest.mark.usefixtures("retrieval_on")
@pytest.mark.parametrize("digest", [True, False], ids=["PasswordDigest", "PasswordText"])
def test_a_username_token_authenticates_a_call(sandbox: RunningSandbox, digest: bool) -> None:
    header = username_token(sandbox.api_key, digest=digest)
    reply = post(sandbox.url, envelope("Synchronize", header=header))
    assert reply.status_code == 200, reply.text


@pytest.mark.usefixtures("retrieval_on")
def test_wrong_stale_and_replayed_tokens_are_refused_alike(sandbox: RunningSandbox) -> None:
    fresh = username_token(sandbox.api_key)
    assert post(sandbox.url, envelope("Synchronize", header=fresh)).status_code == 200
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    refusals = {
        "replayed": fresh,
        "wrong": username_token("not-the-key"),
        "wrong-text": username_token("not-the-key", digest=False),
        "stale": username_token(sandbox.api_key, created=old),
        "future": username_token(sandbox.api_key, created=old + dt.timedelta(minutes=30)),
    }
    details = {}
    for name, header in refusals.items():
        reply = post(sandbox.url, envelope("Synchronize", header=header))
        assert reply.status_code == 500, name
        fault = body_of(reply, SOAP11)
        assert fault.findtext("faultcode") == "soap:Client"
        details[name] = (fault.findtext("faultstring"), service_fault(fault))
    assert len(set(map(repr, details.values()))) == 1  # nothing says which check failed
    assert details["wrong"][1]["httpStatus"] == "403"


@pytest.mark.usefixtures("retrieval_on")
def test_the_python_client_sends_a_username_token(sandbox: RunningSandbox) -> None:
    for mode in (True, "text"):
        wa = WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="soap",
                      wsse=mode, soap_version="1.2")  # fmt: skip
        try:
            sent = wa.send("32470123456", "over WS-Security")
            assert wa.synchronize().expires_at > dt.datetime.now(dt.UTC)
        finally:
            wa.close()
        record = sandbox.control.messages()[-1]
        assert (record["guid"], record["auth"]) == (sent.guid, "apikey")
    wrong = WhatsApp(auth=ApiKey("not-the-key"), base_url=sandbox.url, transport="soap", wsse=True)
    with pytest.raises(AuthenticationError):
        wrong.synchronize()
    wrong.close()


def test_soap_options_are_checked_before_any_request(sandbox: RunningSandbox) -> None:
    oauth2 = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    with pytest.raises(InvalidRequest) as no_key:
        WhatsApp(auth=oauth2, base_url=sandbox.url, transport="soap", wsse=True)
    with pytest.raises(InvalidRequest) as no_version:
        WhatsApp(auth=ApiKey("k"), base_url=sandbox.url, transport="soap", soap_version="1.3")  # type: ignore[arg-type]
    assert (no_key.value.field, no_version.value.field) == ("wsse", "soap_version")
    assert sandbox.control.stats() == {"token_requests": 0, "requests": {}}


@pytest.mark.parametrize(
    ("content_type", "ns"), [(TEXT_XML, SOAP11), (SOAP_XML, SOAP12)], ids=["1.1", "1.2"]
)
def test_an_injected_fault_speaks_the_callers_soap_version(
    sandbox: RunningSandbox, content_type: str, ns: str
) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "retry_after": 2}])
    body = envelope("Synchronize", ns=ns, apikey=sandbox.api_key)

    reply = post(sandbox.url, body, content_type)

    assert reply.headers["Content-Type"].partition(";")[0] == content_type.partition(";")[0]
    fault = body_of(reply, ns)
    assert fault.tag == f"{{{ns}}}Fault"
    assert service_fault(fault)["httpStatus"] == "503"
    assert service_fault(fault)["retryAfter"] == "2"
