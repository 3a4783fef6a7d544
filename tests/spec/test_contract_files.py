"""The contract in spec/ is well-formed and the generated client matches it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
import yaml
import zeep
from lxml import etree
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "spec" / "openapi.yaml"
WSDL = ROOT / "spec" / "smsmobileapi.wsdl"
TNS = "urn:smsmobile:whatsapp:v1"
XS = "http://www.w3.org/2001/XMLSchema"

OPERATIONS = {
    "SendWhatsApp": [
        "apikey",
        "recipients",
        "message",
        "waonly",
        "url_media",
        "pdf_with_image",
        "url_media_shorted",
        "sendwa",
        "sendsms",
        "schedule_timestamp",
        "sIdentifiant",
        "port",
        "shorturl",
    ],
    "ResendWhatsApp": ["apikey", "guid"],
    "SetRetrieval": ["apikey", "statut"],
    "Synchronize": ["apikey"],
    "GetMessages": ["apikey", "before", "date", "message_type"],
    "CheckNumber": ["apikey", "recipients"],
}


def load_openapi() -> dict[str, object]:
    return yaml.safe_load(OPENAPI.read_text())


def operation_ids(spec: dict[str, object]) -> list[str]:
    paths = spec["paths"]
    assert isinstance(paths, dict)
    return [op["operationId"] for item in paths.values() for op in item.values()]


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.fixture(scope="module")
def wsdl_schema() -> etree.XMLSchema:
    """The XSD inside wsdl:types, as lxml sees it."""
    doc = etree.parse(str(WSDL))
    schema = doc.find(f".//{{{XS}}}schema")
    assert schema is not None
    return etree.XMLSchema(schema)


def test_openapi_validates_as_3_1() -> None:
    spec = load_openapi()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_openapi_validator_rejects_a_broken_spec() -> None:
    spec = load_openapi()
    spec["paths"]["/sendsms/"]["post"]["responses"] = "nothing"
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


def test_openapi_covers_every_documented_endpoint_and_parameter() -> None:
    spec = load_openapi()
    paths = spec["paths"]
    assert set(paths) == {
        "/sendsms/",
        "/resendwa/",
        "/getwa/active/",
        "/getwa/synchronisation/",
        "/getwa/",
        "/whatsapp/checknumber/",
        "/oauth2/token",
        # issue 22: the rest of the service's published description
        "/getsms/",
        "/log/sent/sms/",
        "/gateway/mobile/list/",
        "/call/missed/list/",
        "/call/incoming/list/",
        "/call/outgoing/list/",
        "/notification/send",
        "/notification/list/",
        "/sendemail/",
        "/getemail/",
    }
    get_params = {p["name"] for p in paths["/sendsms/"]["get"]["parameters"] if "name" in p}
    form = spec["components"]["schemas"]["SendForm"]["properties"]
    for field in OPERATIONS["SendWhatsApp"]:
        assert field in form
        assert field == "apikey" or field in get_params
    schemes = spec["components"]["securitySchemes"]
    assert schemes["oauth2ClientCredentials"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "/oauth2/token"
    )
    assert schemes["apiKeyQuery"]["in"] == "query"
    assert schemes["bearerToken"]["scheme"] == "bearer"


def test_zeep_loads_the_wsdl_with_every_operation_and_the_whatsapp_ones_parts() -> None:
    from smsmobile._operations import OPERATIONS as ROWS

    client = zeep.Client(str(WSDL))
    binding = client.wsdl.bindings[f"{{{TNS}}}WhatsAppSoapBinding"]
    assert set(binding._operations) == {row.soap_operation for row in ROWS}
    assert set(binding._operations) >= set(OPERATIONS)
    for name, fields in OPERATIONS.items():
        element = binding._operations[name].input.body.type
        assert [child_name for child_name, _ in element.elements] == fields
        assert binding._operations[name].faults, f"{name} declares no fault"


def envelope_body(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode())


VALID = [
    f'<SendWhatsAppRequest xmlns="{TNS}"><apikey>k</apikey><recipients>191728660</recipients>'
    "<message>Hello *world*</message><waonly>yes</waonly>"
    "<url_media>https://example.org/a.pdf</url_media><port>2</port></SendWhatsAppRequest>",
    f'<SendWhatsAppResponse xmlns="{TNS}"><error>0</error><sent>1</sent>'
    f"<id>{'a' * 40}</id></SendWhatsAppResponse>",
    f'<SetRetrievalRequest xmlns="{TNS}"><statut>x</statut></SetRetrievalRequest>',
    f'<GetMessagesRequest xmlns="{TNS}"><before>1741692420</before><date>2025-03-11</date>'
    "<message_type>audio</message_type></GetMessagesRequest>",
    f'<GetMessagesResponse xmlns="{TNS}"><error>0</error><message><timestamp>1741692420'
    "</timestamp><number>19176728660</number><guid>652fcfc0-12a8-46f5-b5ba-9391135b8b4c</guid>"
    "<more><auto_reply>1</auto_reply></more><chatgpt><total_tokens_cost>0.182</total_tokens_cost>"
    "</chatgpt></message></GetMessagesResponse>",
    f'<ServiceFault xmlns="{TNS}"><code>429</code><httpStatus>429</httpStatus>'
    "<retryAfter>3</retryAfter><outcome>unknown</outcome></ServiceFault>",
]

INVALID = [
    # message missing
    f'<SendWhatsAppRequest xmlns="{TNS}"><recipients>191728660</recipients></SendWhatsAppRequest>',
    # letters in the number
    f'<SendWhatsAppRequest xmlns="{TNS}"><recipients>call-me</recipients>'
    "<message>x</message></SendWhatsAppRequest>",
    # media over plain http
    f'<SendWhatsAppRequest xmlns="{TNS}"><recipients>191728660</recipients><message>x</message>'
    "<url_media>http://example.org/a.pdf</url_media></SendWhatsAppRequest>",
    # SIM slot 3
    f'<SendWhatsAppRequest xmlns="{TNS}"><recipients>191728660</recipients><message>x</message>'
    "<port>3</port></SendWhatsAppRequest>",
    f'<SetRetrievalRequest xmlns="{TNS}"><statut>maybe</statut></SetRetrievalRequest>',
    f'<GetMessagesRequest xmlns="{TNS}"><date>11/03/2025</date></GetMessagesRequest>',
    f'<ServiceFault xmlns="{TNS}"><httpStatus>500</httpStatus></ServiceFault>',
]


@pytest.mark.parametrize("document", VALID)
def test_sample_documents_validate_against_the_wsdl_schema(
    wsdl_schema: etree.XMLSchema, document: str
) -> None:
    assert wsdl_schema.validate(envelope_body(document)), wsdl_schema.error_log


@pytest.mark.parametrize("document", INVALID)
def test_invalid_documents_do_not_validate(wsdl_schema: etree.XMLSchema, document: str) -> None:
    assert not wsdl_schema.validate(envelope_body(document))


def test_generated_client_has_one_module_per_operation() -> None:
    expected = {snake(op) for op in operation_ids(load_openapi())}
    modules: set[str] = set()
    api = importlib.import_module("smsmobile_rest.api")
    for tag in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"smsmobile_rest.api.{tag.name}")
        for module in pkgutil.iter_modules(package.__path__):
            imported = importlib.import_module(f"{package.__name__}.{module.name}")
            assert callable(imported.sync_detailed)
            modules.add(module.name)
    assert modules == expected
    assert len(expected) == 19  # 9 WhatsApp and OAuth2, 10 of issue 22
