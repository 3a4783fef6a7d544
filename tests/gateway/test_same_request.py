"""The same SOAP request gives the same result on the sandbox's SOAP front and through the gateway
over the sandbox's REST: the same stored message, the same reply or the same fault.

The requests are generated, not listed: every operation of the operation table, with its required
fields alone and then with each optional field of its WSDL request element, once per value its
XSD type enumerates (a few sample values per type otherwise, one the service refuses among them),
plus every combination of the channel flags. Only ids, times and the front the sandbox saw
(`via`: "soap" or "rest") are normalised away.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from lxml import etree

from smsmobile import ApiKey, RetryPolicy, WhatsApp
from smsmobile._operations import OPERATIONS
from smsmobile._wire import CHANNEL_FIELDS
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox import load_wsdl
from smsmobile_sandbox.testing import RunningSandbox

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:smsmobile:whatsapp:v1"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
ERROR_RECIPIENT = "32470999999"
ABSENT_RECIPIENT = "32470000009"
FUTURE = 4102444800  # 2100-01-01

# Sample values of the WSDL's types that enumerate nothing: the first is one the service takes,
# any other one it refuses (or, for times and numbers, takes differently).
SAMPLES: dict[str, tuple[str, ...]] = {
    "Recipient": ("32470000001", "+32470000002", ABSENT_RECIPIENT, ERROR_RECIPIENT),
    "NonEmptyString": ("Hello *world* & <you>",),
    "MediaUrl": ("https://example.com/a.pdf", "https://example.com/a.exe"),
    "DeviceSid": ("phone-1",),
    "long": (str(FUTURE), "1", "1741687200"),
    "UnixTime": (str(FUTURE), "1", "1741687200"),  # xs:long from 0, as the spec's UnixTime
    "date": ("2025-03-11", "2025-03-12"),
}
GUID_FIELD = "guid"  # its values come from the account: a resendable message, an unknown guid


def _wsdl_schema() -> etree._Element:
    schema = etree.fromstring(load_wsdl()).find(f"{{{WSDL}}}types/{{{XS}}}schema")
    assert schema is not None
    return schema


SCHEMA = _wsdl_schema()


def _named(kind: str, name: str) -> etree._Element | None:
    return SCHEMA.find(f"{{{XS}}}{kind}[@name='{name}']")


def _values(type_name: str) -> tuple[str, ...]:
    """The values to try for a field of this type: its enumeration, else its samples."""
    local = type_name.rpartition(":")[2]
    simple = _named("simpleType", local)
    if simple is not None:
        enumerated = tuple(str(value.get("value")) for value in simple.iter(f"{{{XS}}}enumeration"))
        if enumerated:
            return enumerated
    return SAMPLES[local]


@dataclass(frozen=True)
class RequestField:
    name: str
    required: bool
    values: tuple[str, ...]


def request_fields(soap_operation: str) -> list[RequestField]:
    """The request element's fields (apikey aside), in schema order."""
    element = _named("element", f"{soap_operation}Request")
    assert element is not None, soap_operation
    result = []
    for child in element.iter(f"{{{XS}}}element"):
        name = str(child.get("name"))
        if name in ("apikey", f"{soap_operation}Request"):
            continue
        values = (
            ("<guid>", "unknown-guid") if name == GUID_FIELD else _values(child.get("type", ""))
        )
        result.append(RequestField(name, child.get("minOccurs") != "0", values))
    return result


@dataclass(frozen=True)
class Case:
    soap_operation: str
    fields: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        shown = ",".join(f"{name}={value}" for name, value in self.fields) or "-"
        return f"{self.soap_operation}[{shown}]"


def cases() -> list[Case]:
    found: list[Case] = []
    for row in OPERATIONS:
        if row.spec is None or row.spec.namespace != "whatsapp":
            continue  # the account's other operations: tests/gateway/test_account_operations.py
        fields = request_fields(row.soap_operation)
        # The table and the WSDL name the same request fields.
        assert {f.name for f in fields} == set(row.fields), row.name
        required = [f for f in fields if f.required]
        optional = [f for f in fields if not f.required]
        for values in itertools.product(*(f.values for f in required)):
            base = tuple(zip((f.name for f in required), values, strict=True))
            found.append(Case(row.soap_operation, base))
        base = tuple((f.name, f.values[0]) for f in required)
        for field in optional:
            for value in field.values:
                found.append(Case(row.soap_operation, (*base, (field.name, value))))
        channel = [f for f in optional if f.name in CHANNEL_FIELDS]
        for choice in itertools.product(*(("", *f.values) for f in channel)):
            picked = tuple((f.name, v) for f, v in zip(channel, choice, strict=True) if v)
            if len(picked) > 1:
                found.append(Case(row.soap_operation, (*base, *picked)))
    return found


CASES = cases()


def envelope(case: Case, api_key: str) -> bytes:
    order = [f.name for f in request_fields(case.soap_operation)]
    body = etree.Element(f"{{{TNS}}}{case.soap_operation}Request", nsmap={"tns": TNS})
    etree.SubElement(body, f"{{{TNS}}}apikey").text = api_key
    for name, value in sorted(case.fields, key=lambda field: order.index(field[0])):
        etree.SubElement(body, f"{{{TNS}}}{name}").text = value
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP})
    etree.SubElement(root, f"{{{SOAP}}}Body").append(body)
    return etree.tostring(root)


def _plain(element: etree._Element) -> object:
    """An element as data: text for a leaf, else {local name: [values]}."""
    if not any(isinstance(child.tag, str) for child in element):
        return element.text or ""
    return _listed(element)


def _listed(element: etree._Element) -> dict[str, list[object]]:
    listed: dict[str, list[object]] = {}
    for child in element:
        if isinstance(child.tag, str):
            listed.setdefault(etree.QName(child).localname, []).append(_plain(child))
    return listed


_IDS = {"id", "guid"}
_TIMES = {"datetime", "created_at", "expire_at", "expire_at_unix"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")


def normalised(data: object, guids: dict[str, str]) -> object:
    """Ids replaced by their order of appearance, times by a marker."""
    if isinstance(data, list):
        return [normalised(item, guids) for item in data]
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            if key in _IDS and isinstance(value, list) and value and isinstance(value[0], str):
                value = [guids.setdefault(v, f"<id {len(guids)}>") for v in value]
            elif key in _IDS and isinstance(value, str):
                value = guids.setdefault(value, f"<id {len(guids)}>")
            elif key in _TIMES and value not in (None, "", []):
                value = "<time>"
            elif key == "via":
                value = "<front>"
            else:
                value = normalised(value, guids)
            result[key] = value
        return result
    return data


@dataclass
class Observed:
    """What a user sees of one request: the HTTP status, the reply or fault, the account."""

    status: int
    reply: object
    stored: object


INBOUND: list[dict[str, Any]] = [
    {"number": "32470000001", "message": "first", "contact": "Ann", "timestamp": 1741680000},
    {
        "number": "32470000002",
        "message": "a voice note",
        "message_type": "audio",
        "timestamp": 1741683600,
        "more": {"auto_reply": "1", "transfert_to_email": "0", "chatgpt_reply": "1"},
        "chatgpt": {"prompt_tokens": "7", "total_tokens_cost": "0.00003", "response": "Hi!"},
    },
    {"number": "32470000003", "message": "later", "timestamp": 1741770000},
]


def _prepare(sandbox: RunningSandbox) -> str:
    """A known account: retrieval on and synchronised, inbound messages, and one failed send
    (its guid, for ResendWhatsApp)."""
    sandbox.control.reset()
    sandbox.control.faults(error_recipients=[ERROR_RECIPIENT], not_on_whatsapp=[ABSENT_RECIPIENT])
    for fields in INBOUND:
        sandbox.control.inject_inbound(**fields)
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="rest") as wa:
        wa.set_retrieval(True)
        wa.synchronize()
        return wa.send(ERROR_RECIPIENT, "failed").guid


def observe(sandbox: RunningSandbox, soap_url: str, case: Case) -> Observed:
    guid = _prepare(sandbox)
    fields = tuple((name, guid if value == "<guid>" else value) for name, value in case.fields)
    request = envelope(Case(case.soap_operation, fields), sandbox.api_key)
    reply = httpx.post(
        soap_url, content=request, headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=30
    )
    [element] = etree.fromstring(reply.content).find(f"{{{SOAP}}}Body")  # type: ignore[misc]
    if element.tag == f"{{{SOAP}}}Fault":
        detail = element.find("detail")
        assert detail is not None
        seen: object = {
            "faultcode": element.findtext("faultcode"),
            "faultstring": element.findtext("faultstring"),
            "detail": _listed(detail[0]),
        }
    else:
        seen = {"element": etree.QName(element).localname, **_listed(element)}
    guids = {guid: "<resendable>"}
    return Observed(
        reply.status_code,
        normalised(seen, guids),
        normalised(sandbox.control.messages(), guids),
    )


@pytest.fixture(scope="module")
def gateway_url(_sandbox_server: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(_sandbox_server.url, retry=RetryPolicy(backoff=0.01)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


FRONTS: dict[str, Callable[[RunningSandbox, str], str]] = {
    "sandbox SOAP front": lambda sandbox, gateway: f"{sandbox.url}/soap",
    "gateway over the sandbox's REST": lambda sandbox, gateway: f"{gateway}/soap",
}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_same_soap_request_gives_the_same_result(
    sandbox: RunningSandbox, gateway_url: str, case: Case
) -> None:
    seen = {name: observe(sandbox, url(sandbox, gateway_url), case) for name, url in FRONTS.items()}
    on_sandbox, through_gateway = seen.values()
    assert through_gateway == on_sandbox
    reply: Any = on_sandbox.reply
    if "faultcode" in reply:
        return
    assert reply["element"] == f"{case.soap_operation}Response"
    assert reply["error"] == ["0"]
    if case.soap_operation == "SendWhatsApp":
        stored = on_sandbox.stored[-1]  # type: ignore[index]
        for name, value in case.fields:
            if name in ("recipients",):
                assert stored[name] == value.lstrip("+")
            elif name in ("waonly", "sendwa", "sendsms"):
                continue
            elif name in ("pdf_with_image", "url_media_shorted"):
                assert stored[name] is True
            elif name == "schedule_timestamp":
                assert stored[name] == int(value)
            else:
                assert stored[name] == value, name


def test_every_operation_and_optional_field_is_tried() -> None:
    tried = {(case.soap_operation, name) for case in CASES for name, _ in case.fields}
    for row in OPERATIONS:
        if row.spec is None or row.spec.namespace != "whatsapp":
            continue
        assert {(row.soap_operation, name) for name in row.fields} <= tried
    channels = {
        tuple(sorted((n, v) for n, v in case.fields if n in CHANNEL_FIELDS))
        for case in CASES
        if case.soap_operation == "SendWhatsApp"
    }
    # SMS only, and WhatsApp without SMS spelled with sendwa/sendsms, are among them.
    assert (("sendsms", "1"), ("sendwa", "0")) in channels
    assert (("sendsms", "0"), ("sendwa", "1")) in channels
