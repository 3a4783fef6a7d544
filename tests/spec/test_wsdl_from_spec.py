"""spec/wsdl_from_spec.py carries a spec edit into the WSDL with no other file edited: a new
optional enum parameter of the send operation becomes an optional element of SendWhatsAppRequest
with its xs:enumeration, and nothing else in the WSDL changes."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import zeep
from lxml import etree

from smsmobile.soapserver._schema import WsdlSchema

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
WSDL = ROOT / "spec" / "smsmobileapi.wsdl"
XS = "http://www.w3.org/2001/XMLSchema"
TNS = "urn:smsmobile:whatsapp:v1"

# Where the new parameter goes: the end of SendForm, and after GET /sendsms/'s last parameter.
FORM_LAST = '        shorturl: {$ref: "#/components/schemas/ZeroOne"}\n    ResendForm:\n'
GET_LAST = '        - {name: shorturl, in: query, schema: {$ref: "#/components/schemas/ZeroOne"}}\n'
# The same new parameter, written inline or as a component of its own.
INLINE = "{type: string, enum: [high, normal]}"
COMPONENT = '{$ref: "#/components/schemas/Priority"}'

# The only lines the new parameter may add: its element, and its simple type (inline or named).
PRIORITY_LINES = (
    r'<xs:element name="priority"[^>]*>|</xs:element>|<xs:simpleType( name="Priority")?>'
    r'|</xs:simpleType>|<xs:restriction base="xs:string">|</xs:restriction>'
    r'|<xs:enumeration value="(high|normal)"/>'
)


def spec_with_priority(tmp_path: Path, schema: str) -> Path:
    """A copy of the spec with an optional `priority` (high/normal) in both forms of send."""
    text = SPEC.read_text()
    assert text.count(FORM_LAST) == 1 and text.count(GET_LAST) == 1
    head, tail = FORM_LAST.split("    ResendForm:")
    text = text.replace(FORM_LAST, f"{head}        priority: {schema}\n    ResendForm:{tail}")
    text = text.replace(
        GET_LAST, f"{GET_LAST}        - {{name: priority, in: query, schema: {schema}}}\n"
    )
    if schema == COMPONENT:
        component = "    Priority:\n      type: string\n      enum: [high, normal]\n"
        text = text.replace("    SendForm:\n", component + "    SendForm:\n")
    edited = tmp_path / "openapi.yaml"
    edited.write_text(text)
    return edited


def regenerate(spec: Path, out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "spec" / "wsdl_from_spec.py"),
            "--spec",
            str(spec),
            "--output",
            str(out),
        ],
        check=True,
        timeout=60,
    )
    return out


def send_request_elements(wsdl: Path) -> list[etree._Element]:
    tree = etree.parse(str(wsdl))
    request = tree.find(f".//{{{XS}}}element[@name='SendWhatsAppRequest']")
    assert request is not None
    return list(request.iterfind(f".//{{{XS}}}sequence/{{{XS}}}element"))


def enumeration(wsdl: Path, element: etree._Element) -> list[str]:
    simple = element.find(f"{{{XS}}}simpleType")
    if simple is None:  # a named type
        tree = etree.parse(str(wsdl))
        name = element.get("type", "").removeprefix("tns:")
        simple = tree.find(f".//{{{XS}}}simpleType[@name='{name}']")
    assert simple is not None, "priority has no simple type"
    return [facet.get("value") for facet in simple.iterfind(f".//{{{XS}}}enumeration")]


@pytest.mark.parametrize("schema", [INLINE, COMPONENT], ids=["inline", "component"])
def test_a_new_optional_enum_parameter_reaches_the_wsdl_from_the_spec_alone(
    tmp_path: Path, schema: str
) -> None:
    wsdl = regenerate(spec_with_priority(tmp_path, schema), tmp_path / "smsmobileapi.wsdl")

    elements = send_request_elements(wsdl)
    names = [element.get("name") for element in elements]
    assert names == [e.get("name") for e in send_request_elements(WSDL)] + ["priority"]
    priority = elements[-1]
    assert priority.get("minOccurs") == "0"
    assert enumeration(wsdl, priority) == ["high", "normal"]

    # Nothing else changed: no line goes, and every line that comes is the new parameter's.
    changed = [
        line
        for line in difflib.unified_diff(
            WSDL.read_text().splitlines(), wsdl.read_text().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed and all(line.startswith("+") for line in changed), changed
    assert all(re.fullmatch(PRIORITY_LINES, line[1:].strip()) for line in changed), changed

    # Toolkits see it: zeep offers it as an optional keyword, the schema takes high, not urgent.
    client = zeep.Client(str(wsdl))
    request_type = client.get_element(f"{{{TNS}}}SendWhatsAppRequest").type
    assert "priority" in [name for name, _ in request_type.elements]
    schema_of = WsdlSchema(etree.parse(str(wsdl)).getroot())
    for value, valid in (("high", True), ("urgent", False)):
        request = etree.fromstring(
            f'<SendWhatsAppRequest xmlns="{TNS}"><recipients>32470000000</recipients>'
            f"<message>hi</message><priority>{value}</priority></SendWhatsAppRequest>"
        )
        assert (schema_of.validate(request) is None) is valid, value


# -- a new read-only endpoint: the spec plus its SOAP name in the overlay ------------------------

NEW_PATH = """  /whatsapp/status/:
    get:
      tags: [whatsapp]
      operationId: getStatus
      summary: Tell the state of a sent message
      parameters:
        - $ref: "#/components/parameters/ApiKey"
        - name: guid
          in: query
          required: true
          schema: {$ref: "#/components/schemas/MessageGuid"}
      responses:
        "200":
          description: The state.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatusReply"}
        "400": {$ref: "#/components/responses/BadRequest"}
"""
NEW_SCHEMA = """    StatusReply:
      type: object
      required: [error]
      properties:
        error: {$ref: "#/components/schemas/ErrorCode"}
        state: {type: string, enum: [queued, sent, delivered]}
"""


def test_a_new_endpoint_reaches_the_wsdl_with_its_soap_name_in_the_overlay(tmp_path: Path) -> None:
    text = SPEC.read_text()
    text = text.replace("  /oauth2/token:\n", NEW_PATH + "  /oauth2/token:\n", 1)
    text = text.replace("    SendForm:\n", NEW_SCHEMA + "    SendForm:\n", 1)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        (ROOT / "spec" / "overlay.yaml").read_text() + "  getStatus: {soap: GetStatus}\n"
    )
    wsdl = tmp_path / "smsmobileapi.wsdl"
    subprocess.run(
        [sys.executable, str(ROOT / "spec" / "wsdl_from_spec.py"), "--spec", str(spec),
         "--overlay", str(overlay), "--output", str(wsdl)],
        check=True,
        timeout=60,
    )  # fmt: skip

    client = zeep.Client(str(wsdl))
    for binding in ("WhatsAppSoapBinding", "WhatsAppSoap12Binding"):
        operations = client.wsdl.bindings[f"{{{TNS}}}{binding}"]._operations
        assert "GetStatus" in operations
    request = client.get_element(f"{{{TNS}}}GetStatusRequest").type
    assert [name for name, _ in request.elements] == ["apikey", "guid"]
    response = client.get_element(f"{{{TNS}}}GetStatusResponse").type
    assert [name for name, _ in response.elements] == ["error", "state"]
    tree = etree.parse(str(wsdl))
    state = tree.find(
        f".//{{{XS}}}element[@name='GetStatusResponse']//{{{XS}}}element[@name='state']"
    )
    assert state is not None and state.get("minOccurs") == "0"
    assert enumeration(wsdl, state) == ["queued", "sent", "delivered"]
    guid = tree.find(f".//{{{XS}}}element[@name='GetStatusRequest']//{{{XS}}}element[@name='guid']")
    assert (
        guid is not None and guid.get("type") == "tns:MessageGuid" and guid.get("minOccurs") is None
    )
    documentation = tree.find("{http://schemas.xmlsoap.org/wsdl/}documentation")
    assert documentation is not None and "GetStatus GET /whatsapp/status/" in " ".join(
        (documentation.text or "").split()
    )


# -- the type rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "base", "facets"),
    [
        (
            {"type": "integer", "enum": [1, 2]},
            "xs:int",
            [("enumeration", "1"), ("enumeration", "2")],
        ),
        ({"type": "integer", "minimum": 0}, "xs:long", [("minInclusive", "0")]),
        (
            {"type": "integer", "exclusiveMinimum": 0, "maximum": 9},
            "xs:int",
            [("maxInclusive", "9"), ("minExclusive", "0")],
        ),
        ({"type": "string", "pattern": "^\\+?[0-9]+$"}, "xs:string", [("pattern", "\\+?[0-9]+")]),
        ({"type": "string", "pattern": "abc"}, "xs:string", [("pattern", ".*abc.*")]),
        ({"type": "string", "format": "date"}, "xs:date", []),
        ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "xs:string", []),
        (
            {"type": "string", "minLength": 1, "maxLength": 9},
            "xs:string",
            [("minLength", "1"), ("maxLength", "9")],
        ),
    ],
)
def test_json_schema_constraints_become_xsd_facets(
    schema: dict[str, object], base: str, facets: list[tuple[str, str]]
) -> None:
    sys.path.insert(0, str(ROOT / "spec"))
    try:
        import wsdl_from_spec
    finally:
        sys.path.remove(str(ROOT / "spec"))
    generator = wsdl_from_spec.Generator({"components": {"schemas": {}}}, {"operations": {}}, {})
    restriction = generator.restriction(schema)
    assert (restriction.base, list(restriction.facets)) == (base, facets)
