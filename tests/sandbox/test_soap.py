"""SOAP at /soap: zeep round-trips, replies valid against the WSDL's XSD, hardened parsing."""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import zeep
import zeep.exceptions
from lxml import etree

from smsmobile.soapserver import BackendFault, Credentials, Operation, SoapFront, WireFields
from smsmobile_sandbox import load_wsdl, serve
from smsmobile_sandbox.testing import RunningSandbox

WSDL_PATH = Path(__file__).resolve().parents[2] / "spec" / "smsmobileapi.wsdl"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:smsmobile:whatsapp:v1"
XS = "http://www.w3.org/2001/XMLSchema"


def test_the_sandbox_uses_nothing_of_smsmobile_but_its_soap_server() -> None:
    """The sandbox knows nothing of the client: of `smsmobile` it imports the SOAP server, the
    contract's rules, the waitress helper every server of ours shares, and the extras check
    (`MissingExtra` for `import smsmobile_sandbox` without [server]), never the facade or the
    transports (they are the other end of the wire)."""
    package = Path(__file__).resolve().parents[2] / "sandbox" / "smsmobile_sandbox"
    imported: set[str] = set()
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    ours = {name for name in imported if name == "smsmobile" or name.startswith("smsmobile.")}
    assert ours == {
        "smsmobile.soapserver",
        "smsmobile.contract",
        "smsmobile._waitress",
        "smsmobile._extras",
    }


def _wsdl_schema() -> etree.XMLSchema:
    """The WSDL's inline schema, built here independently of the sandbox's code."""
    wsdl = etree.parse(str(WSDL_PATH))
    source = wsdl.find(f".//{{http://schemas.xmlsoap.org/wsdl/}}types/{{{XS}}}schema")
    assert source is not None
    root = etree.Element(source.tag, dict(source.attrib), nsmap=dict(source.nsmap))
    for child in source:
        root.append(copy.deepcopy(child))
    return etree.XMLSchema(etree.ElementTree(root))


SCHEMA = _wsdl_schema()


def envelope(operation: str, **fields: str) -> bytes:
    children = "".join(f"<tns:{name}>{value}</tns:{name}>" for name, value in fields.items())
    return (
        f'<soap:Envelope xmlns:soap="{SOAP}" xmlns:tns="{TNS}"><soap:Body>'
        f"<tns:{operation}Request>{children}</tns:{operation}Request>"
        "</soap:Body></soap:Envelope>"
    ).encode()


def post(sandbox: RunningSandbox, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{sandbox.url}/soap",
        content=body,
        headers={"Content-Type": "text/xml; charset=utf-8", **headers},
    )


def body_element(response: httpx.Response) -> etree._Element:
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{SOAP}}}Envelope"
    [element] = root.find(f"{{{SOAP}}}Body")  # type: ignore[misc]
    return element


def assert_valid_reply(response: httpx.Response) -> etree._Element:
    """A success reply: 200 and a body element valid against the WSDL; a fault: valid detail."""
    element = body_element(response)
    if element.tag == f"{{{SOAP}}}Fault":
        assert response.status_code >= 400
        assert element.findtext("faultcode") in ("soap:Client", "soap:Server")
        [detail] = element.find("detail")  # type: ignore[misc]
        SCHEMA.assertValid(etree.ElementTree(copy.deepcopy(detail)))
        return detail
    assert response.status_code == 200
    SCHEMA.assertValid(etree.ElementTree(copy.deepcopy(element)))
    return element


def fault_fields(detail: etree._Element) -> dict[str, str]:
    return {etree.QName(child).localname: child.text or "" for child in detail}


@pytest.fixture
def client(sandbox: RunningSandbox) -> zeep.Client:
    return zeep.Client(f"{sandbox.url}/soap?wsdl")


def test_wsdl_address_points_at_the_serving_host(sandbox: RunningSandbox) -> None:
    reply = httpx.get(f"{sandbox.url}/soap?wsdl")
    assert reply.status_code == 200
    location = etree.fromstring(reply.content).find(
        ".//{http://schemas.xmlsoap.org/wsdl/soap/}address"
    )
    assert location is not None and location.get("location") == f"{sandbox.url}/soap"


def test_zeep_round_trips_every_operation(sandbox: RunningSandbox, client: zeep.Client) -> None:
    key = sandbox.api_key
    sandbox.control.faults(error_recipients=["32470000000"], not_on_whatsapp=["15550000000"])
    sent = client.service.SendWhatsApp(
        apikey=key, recipients="+32470000000", message="hi", waonly="yes", port=2
    )
    assert (sent.error, sent.sent, sent.send_with_whatsapp) == ("0", "1", "1")
    [stored] = sandbox.control.messages()
    assert (stored["guid"], stored["via"], stored["status"]) == (sent.id, "soap", "error")

    resent = client.service.ResendWhatsApp(apikey=key, guid=sent.id)
    assert (resent.error, resent.id, resent.note) == ("0", sent.id, "resent")

    assert client.service.SetRetrieval(apikey=key, statut="1").statut == "1"
    window = client.service.Synchronize(apikey=key)
    assert window.messages == "synchronized" and window.expire_at_unix > 0

    sandbox.control.inject_inbound(number="3212345678", message="yo", timestamp=1741692420)
    messages = client.service.GetMessages(apikey=key, message_type="text")
    assert messages.error == "0"
    [inbound] = messages.message
    assert (inbound.number, inbound.message, inbound.timestamp) == ("3212345678", "yo", 1741692420)
    assert inbound.more.auto_reply == "0"

    checked = client.service.CheckNumber(apikey=key, recipients="15550000000")
    assert (checked.number, checked.whatsapp) == ("15550000000", "0")


@pytest.mark.parametrize(
    ("flags", "channel"),
    [
        ({}, "whatsapp"),  # as the operation's name says, and as the gateway sends it
        ({"waonly": "yes"}, "whatsapp"),
        ({"sendwa": "1", "sendsms": "1"}, "whatsapp+sms"),
        ({"sendwa": "0", "sendsms": "1"}, "sms"),
        ({"sendwa": "1", "sendsms": "0"}, "whatsapp"),  # SMS is on unless sendsms=0
    ],
)
def test_send_whatsapp_without_channel_flags_is_whatsapp_only(
    sandbox: RunningSandbox, flags: dict[str, str], channel: str
) -> None:
    fields = {"apikey": sandbox.api_key, "recipients": "191728660", "message": "Hi", **flags}
    reply = post(sandbox, envelope("SendWhatsApp", **fields))
    assert_valid_reply(reply)
    assert [m["channel"] for m in sandbox.control.messages()] == [channel]


def test_bearer_token_over_soap(sandbox: RunningSandbox) -> None:
    token = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    ).json()["access_token"]
    reply = post(
        sandbox,
        envelope("SendWhatsApp", recipients="191728660", message="hi"),
        Authorization=f"Bearer {token}",
    )
    assert_valid_reply(reply)
    assert sandbox.control.messages()[0]["auth"] == "oauth2"


def test_application_error_is_a_client_fault_with_status_500_and_rest_status_200(
    sandbox: RunningSandbox, client: zeep.Client
) -> None:
    with pytest.raises(zeep.exceptions.Fault) as caught:
        client.service.ResendWhatsApp(apikey=sandbox.api_key, guid="nope")
    assert caught.value.code == "soap:Client"
    reply = post(sandbox, envelope("ResendWhatsApp", apikey=sandbox.api_key, guid="nope"))
    assert reply.status_code == 500
    assert fault_fields(assert_valid_reply(reply)) == {
        "code": "10",
        "httpStatus": "200",
        "message": "unknown guid",
    }


@pytest.mark.parametrize(
    ("operation", "fields", "code"),
    [
        ("GetMessages", {}, "20"),
        ("ResendWhatsApp", {"guid": "x"}, "10"),
    ],
)
def test_service_codes_in_fault_detail(
    sandbox: RunningSandbox, operation: str, fields: dict[str, str], code: str
) -> None:
    reply = post(sandbox, envelope(operation, apikey=sandbox.api_key, **fields))
    assert fault_fields(assert_valid_reply(reply))["code"] == code


def test_auth_faults_carry_the_rest_status(sandbox: RunningSandbox) -> None:
    missing = post(sandbox, envelope("Synchronize"))
    assert missing.status_code == 500  # WS-I BP 1.1 R1126: every fault is HTTP 500
    assert fault_fields(assert_valid_reply(missing))["code"] == "403"

    wrong = post(sandbox, envelope("Synchronize", apikey="wrong"))
    assert wrong.status_code == 500
    assert fault_fields(assert_valid_reply(wrong))["httpStatus"] == "403"

    stale = post(sandbox, envelope("Synchronize"), Authorization="Bearer stale")
    assert stale.status_code == 401
    assert stale.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert fault_fields(assert_valid_reply(stale))["code"] == "401"


def test_rate_limit_fault_has_retry_after(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rate_limit={"requests": 1, "per_seconds": 60})
    assert_valid_reply(post(sandbox, envelope("Synchronize", apikey=sandbox.api_key)))
    limited = post(sandbox, envelope("Synchronize", apikey=sandbox.api_key))
    assert limited.status_code == 500
    retry_after = int(limited.headers["retry-after"])
    assert 1 <= retry_after <= 60
    detail = fault_fields(assert_valid_reply(limited))
    assert (detail["code"], detail["retryAfter"]) == ("429", str(retry_after))


def test_request_not_matching_the_xsd_is_a_client_fault_naming_the_problem(
    sandbox: RunningSandbox,
) -> None:
    reply = post(sandbox, envelope("SendWhatsApp", apikey="k", recipients="12ab", message="x"))
    assert reply.status_code == 500
    detail = assert_valid_reply(reply)
    assert "recipients" in fault_fields(detail)["message"]
    assert sandbox.control.messages() == []


def test_rules_beyond_the_xsd_are_applied_too(sandbox: RunningSandbox) -> None:
    reply = post(
        sandbox,
        envelope(
            "SendWhatsApp",
            apikey=sandbox.api_key,
            recipients="191728660",
            message="x",
            url_media="https://example.com/a.exe",
        ),
    )
    assert reply.status_code == 500
    assert fault_fields(assert_valid_reply(reply))["message"].startswith("url_media:")


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/>'
        b"</soap:Envelope>",
        envelope("Teleport"),
        b"<Envelope/>",
    ],
    ids=["garbage", "empty-body", "unknown-operation", "not-soap"],
)
def test_malformed_requests_are_client_faults(sandbox: RunningSandbox, body: bytes) -> None:
    reply = post(sandbox, body)
    assert reply.status_code == 500
    assert body_element(reply).findtext("faultcode") == "soap:Client"
    assert_valid_reply(reply)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:tns="urn:smsmobile:whatsapp:v1"><soap:Body><tns:SendWhatsAppRequest>
 <tns:apikey>sandbox-key</tns:apikey><tns:recipients>191728660</tns:recipients>
 <tns:message>&lol4;</tns:message></tns:SendWhatsAppRequest></soap:Body></soap:Envelope>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:tns="urn:smsmobile:whatsapp:v1"><soap:Body><tns:SendWhatsAppRequest>
 <tns:apikey>sandbox-key</tns:apikey><tns:recipients>191728660</tns:recipients>
 <tns:message>&xxe;</tns:message></tns:SendWhatsAppRequest></soap:Body></soap:Envelope>"""

PLAIN_DOCTYPE = b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">' + envelope(
    "Synchronize", apikey="sandbox-key"
)


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        PLAIN_DOCTYPE,
        # UTF-16 hides the markers from a byte scan: the parser's own check must catch it.
        EXTERNAL_ENTITY.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
        .decode()
        .encode("utf-16"),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd", "utf16-external-entity"],
)
def test_dtds_and_entities_are_refused_unexpanded(sandbox: RunningSandbox, body: bytes) -> None:
    reply = post(sandbox, body)
    assert reply.status_code == 500
    detail = fault_fields(assert_valid_reply(reply))
    assert detail["code"] == "400"
    assert "lollol" not in reply.text and "root:" not in reply.text
    assert sandbox.control.messages() == []


def test_body_over_one_mebibyte_is_refused(sandbox: RunningSandbox) -> None:
    big = envelope("SendWhatsApp", apikey="k", recipients="191728660", message="x" * (1 << 20))
    reply = post(sandbox, big)
    assert reply.status_code == 500
    assert fault_fields(assert_valid_reply(reply))["code"] == "413"


# -- the backend seam, served on its own -------------------------------------------------


class RecordingBackend:
    """A stand-in backend: what a gateway over the real service plugs in (one `call`)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Credentials, dict[str, Any]]] = []

    def call(
        self, operation: Operation[Any], credentials: Credentials, fields: WireFields
    ) -> Mapping[str, Any]:
        self.calls.append((operation.soap_operation, credentials, dict(fields)))
        if operation.soap_operation == "SendWhatsApp":
            raise BackendFault("504", "upstream timed out", 504, outcome="unknown")
        if operation.soap_operation == "ResendWhatsApp":
            return {"error": "0", "id": fields["guid"], "note": "resent", "ignored": "extra"}
        if operation.soap_operation == "SetRetrieval":
            return {"error": "0", "statut": "maybe"}  # not valid against the WSDL
        if operation.soap_operation == "Synchronize":
            raise RuntimeError("boom")
        if operation.soap_operation == "GetMessages":
            return {"error": "0", "message": []}
        return {"error": "0", "number": "1", "whatsapp": "1"}


@pytest.fixture
def front() -> Iterator[tuple[str, RecordingBackend]]:
    backend = RecordingBackend()
    server = serve(SoapFront(backend, load_wsdl().decode()))
    server.start()
    try:
        yield server.url, backend
    finally:
        server.close()


def test_soap_front_over_another_backend(front: tuple[str, RecordingBackend]) -> None:
    url, backend = front
    client = zeep.Client(f"{url}/soap?wsdl")
    resent = client.service.ResendWhatsApp(apikey="K", guid="g1")
    assert (resent.id, resent.note) == ("g1", "resent")
    client.service.GetMessages(before=5, date="2025-03-11")
    assert backend.calls[0] == ("ResendWhatsApp", Credentials("K", None), {"guid": "g1"})
    # Wire fields as REST spells them: an integer for xs:long, the day of an xs:date.
    assert backend.calls[1][2] == {"before": 5, "date": "2025-03-11"}

    unknown = httpx.post(
        f"{url}/soap",
        content=envelope("SendWhatsApp", recipients="191728660", message="x"),
        headers={"Authorization": "Bearer T"},
    )
    assert unknown.status_code == 500
    assert body_element(unknown).findtext("faultcode") == "soap:Server"
    detail = fault_fields(assert_valid_reply(unknown))
    assert (detail["code"], detail["outcome"]) == ("504", "unknown")
    assert backend.calls[2][1] == Credentials(None, "T")
    # No channel flag is WhatsApp only, before any backend sees the send.
    assert backend.calls[2][2] == {"recipients": "191728660", "message": "x", "waonly": "yes"}

    for operation in ("SetRetrieval", "Synchronize"):  # invalid reply, then a crash
        reply = httpx.post(f"{url}/soap", content=envelope(operation))
        assert reply.status_code == 500
        assert body_element(reply).findtext("faultcode") == "soap:Server"
        assert_valid_reply(reply)
