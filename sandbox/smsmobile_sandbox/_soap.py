"""The SOAP front: one piece of code over a backend seam.

`SoapFront` does everything that is about SOAP (the hardened parse, XSD validation against the
WSDL's own schema, dispatch, envelopes, faults, `?wsdl`); a `SoapBackend` does the work. The
sandbox plugs in its in-memory service; a gateway can plug in a client of the real REST service.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from urllib.parse import parse_qsl

from lxml import etree

from ._http import BodyTooLarge, Environ, Response, StartResponse, read_body

logger = logging.getLogger("smsmobile_sandbox.soap")

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
XS = "http://www.w3.org/2001/XMLSchema"
TNS = "urn:smsmobile:whatsapp:v1"
CONTENT_TYPE = "text/xml; charset=utf-8"
MAX_SOAP_BYTES = 1024 * 1024

#: WSDL operation -> SoapBackend method.
OPERATIONS: dict[str, str] = {
    "SendWhatsApp": "send_whatsapp",
    "ResendWhatsApp": "resend_whatsapp",
    "SetRetrieval": "set_retrieval",
    "Synchronize": "synchronize",
    "GetMessages": "get_messages",
    "CheckNumber": "check_number",
}
_INTEGER_TYPES = {"long", "int", "integer", "short", "byte", "unsignedInt", "unsignedLong"}


@dataclass(frozen=True, slots=True)
class Credentials:
    """How the SOAP caller authenticated: the `apikey` element, or an HTTP bearer token."""

    api_key: str | None = None
    bearer: str | None = None


class BackendFault(Exception):
    """A failure of an operation, turned into a SOAP fault by the front.

    `code` is the service's error code ("10", "403", ...); `http_status` is the status the REST
    service answers with for it (200 for application errors that REST reports inside a 200).
    """

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int,
        retry_after: int | None = None,
        outcome: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.retry_after = retry_after
        self.outcome = outcome


Fields = Mapping[str, Any]


class SoapBackend(Protocol):
    """One method per WSDL operation: request fields in, response fields (element names) out.

    Request values are Python values (str, int, datetime.date); `apikey` travels in the
    `Credentials`, never in the fields. Raise `BackendFault` for any failure.
    """

    def send_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...
    def resend_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...
    def set_retrieval(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...
    def synchronize(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...
    def get_messages(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...
    def check_number(self, credentials: Credentials, fields: Fields) -> dict[str, Any]: ...


def hardened_parser() -> etree.XMLParser:
    """No DTD, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def fault_response(
    code: str,
    message: str,
    http_status: int,
    retry_after: int | None = None,
    outcome: str | None = None,
) -> Response:
    """A SOAP 1.1 fault reply for a failure the REST service answers with `http_status`.

    The reply status is that status when it is an error status, else 500 (application errors
    that REST reports inside a 200); the faultcode is soap:Server for 5xx, soap:Client otherwise.
    The detail's `httpStatus` is the REST status itself (200 for an application error), so a
    client can tell the service's refusals from HTTP failures exactly as over REST.
    """
    status = http_status if http_status >= 400 else 500
    envelope = etree.Element(_q(SOAP_ENV, "Envelope"), nsmap={"soap": SOAP_ENV})
    body = etree.SubElement(envelope, _q(SOAP_ENV, "Body"))
    fault = etree.SubElement(body, _q(SOAP_ENV, "Fault"))
    etree.SubElement(fault, "faultcode").text = (
        "soap:Server" if http_status >= 500 else "soap:Client"
    )
    etree.SubElement(fault, "faultstring").text = message
    detail = etree.SubElement(fault, "detail")
    service_fault = etree.SubElement(detail, _q(TNS, "ServiceFault"), nsmap={"tns": TNS})
    etree.SubElement(service_fault, _q(TNS, "code")).text = code
    etree.SubElement(service_fault, _q(TNS, "httpStatus")).text = str(http_status)
    etree.SubElement(service_fault, _q(TNS, "message")).text = message
    if retry_after is not None:
        etree.SubElement(service_fault, _q(TNS, "retryAfter")).text = str(retry_after)
    if outcome is not None:
        etree.SubElement(service_fault, _q(TNS, "outcome")).text = outcome
    headers = [("Content-Type", CONTENT_TYPE)]
    if status == 401:
        headers.append(("WWW-Authenticate", 'Bearer error="invalid_token"'))
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    return Response(status, _serialize(envelope), headers)


def _serialize(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    type_name: str | None  # local name of a named type, or None when declared inline
    builtin: bool
    many: bool
    complex_type: etree._Element | None


class _Schema:
    """The WSDL's inline XSD: an lxml validator plus the element sequences it declares."""

    def __init__(self, wsdl: etree._Element) -> None:
        source = wsdl.find(f"{_q(WSDL_NS, 'types')}/{_q(XS, 'schema')}")
        if source is None:
            raise ValueError("the WSDL has no inline xs:schema in wsdl:types")
        # A fresh root that keeps every in-scope prefix: QNames in attribute values use them.
        root = etree.Element(source.tag, dict(source.attrib), nsmap=dict(source.nsmap))
        for child in source:
            root.append(copy.deepcopy(child))
        self.root = root
        self._validator = etree.XMLSchema(etree.ElementTree(root))
        self._lock = threading.Lock()  # an lxml validator keeps one error log
        self._named = {(el.tag, el.get("name")): el for el in root if el.get("name") is not None}

    def validate(self, element: etree._Element) -> str | None:
        """None when `element` (as a document of its own) is valid, else the first problem."""
        document = etree.ElementTree(copy.deepcopy(element))
        with self._lock:
            if self._validator.validate(document):
                return None
            error = self._validator.error_log.last_error
        return f"line {error.line}: {error.message}" if error is not None else "invalid"

    def element(self, name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "element"), name))

    def _complex(self, type_name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "complexType"), type_name))

    def _simple(self, type_name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "simpleType"), type_name))

    def fields(self, complex_type: etree._Element) -> list[_Field]:
        result: list[_Field] = []
        sequence = complex_type.find(_q(XS, "sequence"))
        if sequence is None:
            return result
        for child in sequence.findall(_q(XS, "element")):
            type_attr = child.get("type")
            prefix, _, local = (type_attr or "").rpartition(":")
            builtin = type_attr is not None and child.nsmap.get(prefix or None) == XS
            inline = child.find(_q(XS, "complexType"))
            named = None if builtin or type_attr is None else self._complex(local)
            result.append(
                _Field(
                    name=str(child.get("name")),
                    type_name=local or None,
                    builtin=builtin,
                    many=child.get("maxOccurs", "1") != "1",
                    complex_type=inline if inline is not None else named,
                )
            )
        return result

    def global_fields(self, element_name: str) -> list[_Field]:
        element = self.element(element_name)
        complex_type = None if element is None else element.find(_q(XS, "complexType"))
        if complex_type is None:
            raise KeyError(element_name)
        return self.fields(complex_type)

    def python_kind(self, field: _Field) -> str:
        """'int', 'date' or 'str': how a request value of this field reaches the backend."""
        type_name = field.type_name
        if type_name is not None and not field.builtin:
            simple = self._simple(type_name)
            restriction = None if simple is None else simple.find(_q(XS, "restriction"))
            base = "" if restriction is None else str(restriction.get("base", ""))
            type_name = base.rpartition(":")[2]
        if type_name in _INTEGER_TYPES:
            return "int"
        if type_name == "date":
            return "date"
        return "str"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class SoapFront:
    """A WSGI app serving the WSDL's operations over `backend` (SOAP 1.1, document/literal)."""

    def __init__(self, backend: SoapBackend, wsdl_text: str | bytes) -> None:
        self.backend = backend
        raw = wsdl_text.encode("utf-8") if isinstance(wsdl_text, str) else wsdl_text
        self._wsdl = etree.fromstring(raw, hardened_parser())
        self.schema = _Schema(self._wsdl)
        self._requests = {_q(TNS, f"{operation}Request"): operation for operation in OPERATIONS}

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return self.respond(environ)(start_response)

    def respond(self, environ: Environ) -> Response:
        """The complete reply to one request (the sandbox may still replace it)."""
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        query = dict(parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True))
        if method == "GET" and "wsdl" in {key.lower() for key in query}:
            return self.wsdl_response(environ)
        if method != "POST":
            response = fault_response(
                "405", "use POST for SOAP requests, or GET ?wsdl for the WSDL", 405
            )
            response.headers.append(("Allow", "GET, POST"))
            return response
        try:
            raw = read_body(environ, MAX_SOAP_BYTES)
        except BodyTooLarge:
            return fault_response("413", "request body exceeds 1 MiB", 413)
        try:
            return self.handle(raw, environ.get("HTTP_AUTHORIZATION"))
        except BackendFault as fault:
            return fault_response(
                fault.code, fault.message, fault.http_status, fault.retry_after, fault.outcome
            )

    def wsdl_response(self, environ: Environ) -> Response:
        """The WSDL with its soap:address pointing at the address this request reached."""
        host = environ.get("HTTP_HOST") or (
            f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        )
        scheme = environ.get("wsgi.url_scheme", "http")
        path = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}" or "/soap"
        wsdl = copy.deepcopy(self._wsdl)
        for address in wsdl.iter(_q(WSDL_SOAP_NS, "address")):
            address.set("location", f"{scheme}://{host}{path}")
        return Response(200, _serialize(wsdl), [("Content-Type", CONTENT_TYPE)])

    # -- one SOAP call ------------------------------------------------------------------------

    def handle(self, raw: bytes, authorization: str | None) -> Response:
        """Parse, check and dispatch one envelope; raise BackendFault for any refusal."""
        if len(raw) > MAX_SOAP_BYTES:
            raise BackendFault("413", "request body exceeds 1 MiB", 413)
        lowered = raw.lower()
        if b"<!doctype" in lowered or b"<!entity" in lowered:
            raise BackendFault("400", "DTDs and entity declarations are not allowed", 400)
        try:
            tree = etree.fromstring(raw, hardened_parser()).getroottree()
        except etree.XMLSyntaxError as error:
            raise BackendFault("400", f"malformed XML: {error}", 400) from None
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise BackendFault("400", "DTDs and entity declarations are not allowed", 400)
        envelope = tree.getroot()
        if envelope.tag != _q(SOAP_ENV, "Envelope"):
            raise BackendFault("400", "not a SOAP 1.1 envelope", 400)
        header = envelope.find(_q(SOAP_ENV, "Header"))
        if header is not None:
            for block in header:
                if block.get(_q(SOAP_ENV, "mustUnderstand")) in ("1", "true"):
                    name = etree.QName(block).text
                    raise BackendFault("400", f"header {name} not understood", 400)
        body = envelope.find(_q(SOAP_ENV, "Body"))
        children = [] if body is None else [c for c in body if isinstance(c.tag, str)]
        if len(children) != 1:
            raise BackendFault("400", "the SOAP Body must hold exactly one element", 400)
        request = children[0]
        tag = etree.QName(request).text
        operation = self._requests.get(tag)
        if operation is None:
            raise BackendFault("400", f"unknown operation {tag}", 400)
        problem = self.schema.validate(request)
        if problem is not None:
            raise BackendFault("400", f"{operation}Request does not match the WSDL: {problem}", 400)

        fields = self._read_fields(operation, request)
        api_key = fields.pop("apikey", None)
        scheme, _, token = (authorization or "").partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" and token.strip() else None
        credentials = Credentials(api_key=api_key, bearer=bearer)

        method: Callable[[Credentials, Fields], dict[str, Any]] = getattr(
            self.backend, OPERATIONS[operation]
        )
        try:
            result = method(credentials, fields)
        except BackendFault:
            raise
        except Exception:
            logger.exception("SOAP backend failed on %s", operation)
            raise BackendFault("500", "internal error", 500) from None
        return self._reply(operation, result)

    def _read_fields(self, operation: str, request: etree._Element) -> dict[str, Any]:
        kinds = {
            field.name: self.schema.python_kind(field)
            for field in self.schema.global_fields(f"{operation}Request")
        }
        fields: dict[str, Any] = {}
        for child in request:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            text = (child.text or "").strip() if kinds.get(name) != "str" else child.text or ""
            kind = kinds.get(name, "str")
            try:
                fields[name] = (
                    int(text)
                    if kind == "int"
                    else (date.fromisoformat(text[:10]) if kind == "date" else text)
                )
            except ValueError:  # valid XSD, yet no Python value: year 0, -0001 or 10000
                rule = "a date from 0001-01-01 to 9999-12-31" if kind == "date" else "an integer"
                raise BackendFault("400", f"{name} must be {rule}", 400) from None
        return fields

    def _reply(self, operation: str, result: Mapping[str, Any]) -> Response:
        element_name = f"{operation}Response"
        element = self.schema.element(element_name)
        complex_type = None if element is None else element.find(_q(XS, "complexType"))
        if complex_type is None:
            raise BackendFault("500", f"the WSDL has no {element_name}", 500)
        response = etree.Element(_q(TNS, element_name), nsmap={"tns": TNS})
        self._fill(response, complex_type, result)
        problem = self.schema.validate(response)
        if problem is not None:
            logger.error("backend reply to %s does not match the WSDL: %s", operation, problem)
            raise BackendFault("500", "the backend's reply does not match the WSDL", 500)
        envelope = etree.Element(_q(SOAP_ENV, "Envelope"), nsmap={"soap": SOAP_ENV})
        etree.SubElement(envelope, _q(SOAP_ENV, "Body")).append(response)
        return Response(200, _serialize(envelope), [("Content-Type", CONTENT_TYPE)])

    def _fill(
        self, parent: etree._Element, complex_type: etree._Element, values: Mapping[str, Any]
    ) -> None:
        """Write `values` as the type's sequence, in schema order; unknown keys are ignored."""
        for field in self.schema.fields(complex_type):
            value = values.get(field.name)
            if value is None:
                continue
            items = value if isinstance(value, list) else [value]
            for item in items:
                child = etree.SubElement(parent, _q(TNS, field.name))
                if field.complex_type is not None and isinstance(item, Mapping):
                    self._fill(child, field.complex_type, item)
                else:
                    child.text = _text(item)
