"""The SOAP front: one piece of code over a backend seam.

`SoapFront` does everything that is about SOAP (the hardened parse, XSD validation against the
WSDL's own schema, dispatch by the operation table, the channel rule, envelopes, faults,
`?wsdl`); a `SoapBackend` does the work, one `call(operation, credentials, fields)` for every
operation. The sandbox plugs in its in-memory service, the gateway a forwarder to the REST
service, so a SOAP request is read, checked and answered the same way by both. One endpoint
serves both bindings of the WSDL: a request with Content-Type application/soap+xml is SOAP 1.2,
any other SOAP 1.1 (faults by `_envelope`'s rules).
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any, Protocol
from urllib.parse import parse_qsl

from lxml import etree

from .._operations import OPERATIONS, SEND, Operation, WireFields, WireValue, by_soap_name
from .._wire import soap_send_defaults
from ..replay import ReplayStoreUnavailable
from ._envelope import (
    SOAP11,
    SOAP11_CONTENT_TYPE,
    SOAP12,
    TNS,
    FaultKind,
    SoapVersion,
    fault_response,
    serialize,
    version_for,
)
from ._schema import XS, WsdlSchema, xml_text
from ._wsgi import BodyTooLarge, Environ, Response, StartResponse, read_body
from ._wsse import SECURITY, BadToken, UsernameToken, read_security_header

__all__ = [
    "CONTENT_TYPE",
    "MAX_SOAP_BYTES",
    "BackendFault",
    "Credentials",
    "SoapBackend",
    "SoapFront",
    "fault_response",
    "hardened_parser",
]

logger = logging.getLogger("smsmobile.soapserver")

WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
WSDL_SOAP12_NS = "http://schemas.xmlsoap.org/wsdl/soap12/"
CONTENT_TYPE = SOAP11_CONTENT_TYPE
MAX_SOAP_BYTES = 1024 * 1024

#: Header blocks we process, so a mustUnderstand on them is honoured, not faulted.
UNDERSTOOD_HEADERS = frozenset({SECURITY})


@dataclass(frozen=True, slots=True)
class Credentials:
    """How the SOAP caller authenticated: the `apikey` element, an HTTP bearer token, or a
    WS-Security UsernameToken (which the backend checks against the secrets it knows)."""

    api_key: str | None = dataclass_field(default=None, repr=False)
    bearer: str | None = dataclass_field(default=None, repr=False)
    username_token: UsernameToken | None = None


class BackendFault(Exception):
    """A failure of an operation, turned into a SOAP fault by the front.

    `code` is the service's error code ("10", "403", ...); `http_status` is the status the REST
    service answers with for it (200 for application errors that REST reports inside a 200).
    `kind` overrides the faultcode that status implies (VersionMismatch, MustUnderstand).
    """

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int,
        retry_after: int | None = None,
        outcome: str | None = None,
        *,
        kind: FaultKind | None = None,
        not_understood: etree.QName | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.retry_after = retry_after
        self.outcome = outcome
        self.kind = kind
        self.not_understood = not_understood
        self.operation: str | None = None  # the SOAP operation, once the request named one


class SoapBackend(Protocol):
    """Does the work of every operation: wire fields in, reply fields (element names) out.

    `fields` are the request's wire fields as REST spells them (integers for the WSDL's integer
    types, text otherwise, an `xs:date` as yyyy-mm-dd), already valid against the WSDL, with
    the channel rule applied to SendWhatsApp; `apikey` travels in the `Credentials`, never in
    the fields. Raise `BackendFault` for any failure.
    """

    def call(
        self, operation: Operation[Any], credentials: Credentials, fields: WireFields
    ) -> Mapping[str, Any]: ...


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


class SoapFront:
    """A WSGI app serving the WSDL's operations over `backend` (document/literal, SOAP 1.1
    and 1.2 at the same address)."""

    def __init__(self, backend: SoapBackend, wsdl_text: str | bytes) -> None:
        self.backend = backend
        raw = wsdl_text.encode("utf-8") if isinstance(wsdl_text, str) else wsdl_text
        self._wsdl = etree.fromstring(raw, hardened_parser())
        self.schema = WsdlSchema(self._wsdl)
        self._requests = {
            _q(TNS, f"{row.soap_operation}Request"): row.soap_operation for row in OPERATIONS
        }
        # Read from the schema once, not on every request: how each request element's text
        # becomes a wire value ("int", "date" or "str"), per operation.
        self._request_kinds = {
            row.soap_operation: {
                field.name: self.schema.python_kind(field)
                for field in self.schema.global_fields(f"{row.soap_operation}Request")
            }
            for row in OPERATIONS
        }

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return self.respond(environ)(start_response)

    def respond(self, environ: Environ) -> Response:
        """The complete reply to one request (the sandbox may still replace it)."""
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        query = dict(parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True))
        if method == "GET" and "wsdl" in {key.lower() for key in query}:
            return self.wsdl_response(environ)
        version = version_for(environ.get("CONTENT_TYPE"))
        if method != "POST":
            # Not a SOAP exchange at all: plain HTTP's status, with a fault that says why.
            response = fault_response(
                "405", "use POST for SOAP requests, or GET ?wsdl for the WSDL", 405
            )
            headers = [*response.headers, ("Allow", "GET, POST")]
            return Response(405, response.body, headers, outcome=response.outcome)
        try:
            raw = read_body(environ, MAX_SOAP_BYTES)
        except BodyTooLarge:
            return fault_response("413", "request body exceeds 1 MiB", 413, version=version)
        try:
            return self.handle(raw, environ.get("HTTP_AUTHORIZATION"), version=version)
        except BackendFault as fault:
            response = self.fault(fault, version)
            response.operation = fault.operation
            return response

    @staticmethod
    def fault(fault: BackendFault, version: SoapVersion = SOAP11) -> Response:
        """The reply for `fault` to a request of `version` (VersionMismatch: always SOAP 1.1,
        the one envelope every SOAP node reads, as SOAP 1.2's appendix A asks)."""
        return fault_response(
            fault.code,
            fault.message,
            fault.http_status,
            fault.retry_after,
            fault.outcome,
            version=SOAP11 if fault.kind == "VersionMismatch" else version,
            kind=fault.kind,
            not_understood=fault.not_understood,
        )

    def wsdl_response(self, environ: Environ) -> Response:
        """The WSDL with its soap:address pointing at the address this request reached."""
        host = environ.get("HTTP_HOST") or (
            f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        )
        scheme = environ.get("wsgi.url_scheme", "http")
        path = f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}" or "/soap"
        wsdl = copy.deepcopy(self._wsdl)
        for namespace in (WSDL_SOAP_NS, WSDL_SOAP12_NS):
            for address in wsdl.iter(_q(namespace, "address")):
                address.set("location", f"{scheme}://{host}{path}")
        return Response(200, serialize(wsdl), [("Content-Type", CONTENT_TYPE)])

    # -- one SOAP call ------------------------------------------------------------------------

    def handle(
        self, raw: bytes, authorization: str | None, *, version: SoapVersion = SOAP11
    ) -> Response:
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
        if envelope.tag != version.q("Envelope"):
            _refuse_envelope(envelope, version)
        token = self._read_header(envelope.find(version.q("Header")), version)
        body = envelope.find(version.q("Body"))
        children = [] if body is None else [c for c in body if isinstance(c.tag, str)]
        if len(children) != 1:
            raise BackendFault("400", "the SOAP Body must hold exactly one element", 400)
        request = children[0]
        tag = etree.QName(request).text
        operation = self._requests.get(tag)
        if operation is None:
            raise BackendFault("400", f"unknown operation {tag}", 400)
        try:
            response = self._dispatch(operation, request, token, authorization, version)
        except BackendFault as fault:
            fault.operation = operation
            raise
        response.operation = operation
        return response

    def _dispatch(
        self,
        operation: str,
        request: etree._Element,
        token: UsernameToken | None,
        authorization: str | None,
        version: SoapVersion,
    ) -> Response:
        """Check one named operation's request against the WSDL, call the backend, reply."""
        row = by_soap_name(operation)
        problem = self.schema.validate(request)
        if problem is not None:
            raise BackendFault("400", f"{operation}Request does not match the WSDL: {problem}", 400)

        fields = self._read_fields(operation, request)
        api_key = fields.pop("apikey", None)
        if row is SEND:
            fields = soap_send_defaults(fields)
        scheme, _, bearer_token = (authorization or "").partition(" ")
        bearer = bearer_token.strip() if scheme.lower() == "bearer" else ""
        credentials = Credentials(
            api_key=None if api_key is None else str(api_key),
            bearer=bearer or None,
            username_token=token,
        )
        try:
            result = self.backend.call(row, credentials, fields)
        except BackendFault:
            raise
        except ReplayStoreUnavailable as error:  # fail closed: never admit what we cannot check
            logger.error("SOAP %s refused: replay store unavailable: %s", operation, error)
            raise BackendFault(
                "503",
                "replay protection is unavailable; retry later",
                503,
                retry_after=math.ceil(error.retry_after),
            ) from None
        except Exception:
            logger.exception("SOAP backend failed on %s", operation)
            raise BackendFault("500", "internal error", 500) from None
        return self._reply(operation, result, version)

    def _read_header(
        self, header: etree._Element | None, version: SoapVersion
    ) -> UsernameToken | None:
        """The UsernameToken, if any; MustUnderstand for a block addressed to us that we do
        not process (SOAP 1.1 section 4.2.3, SOAP 1.2 section 5.2.3)."""
        token = None
        for block in [] if header is None else header:
            if not isinstance(block.tag, str):
                continue
            target = block.get(version.q(version.target_attribute))
            if target is not None and target == version.none_target:
                continue
            if target is not None and target not in version.our_targets:
                continue  # for another node on the path
            if block.tag == SECURITY:
                try:
                    token = read_security_header(block)
                except BadToken:
                    raise BackendFault("403", "WS-Security authentication failed", 403) from None
            elif block.get(version.q("mustUnderstand")) in ("1", "true"):
                name = etree.QName(block)
                raise BackendFault(
                    "400",
                    f"header {name.text} not understood",
                    400,
                    kind="MustUnderstand",
                    not_understood=name,
                )
        return token

    def _read_fields(self, operation: str, request: etree._Element) -> dict[str, WireValue]:
        """The request's elements as wire fields: integers for integer types, a date as
        yyyy-mm-dd (its time zone dropped, as the service takes a plain day), text otherwise."""
        kinds = self._request_kinds[operation]
        fields: dict[str, WireValue] = {}
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
                    else (date.fromisoformat(text[:10]).isoformat() if kind == "date" else text)
                )
            except ValueError:  # valid XSD, yet no Python value: year 0, -0001 or 10000
                rule = "a date from 0001-01-01 to 9999-12-31" if kind == "date" else "an integer"
                raise BackendFault("400", f"{name} must be {rule}", 400) from None
        return fields

    def _reply(self, operation: str, result: Mapping[str, Any], version: SoapVersion) -> Response:
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
        envelope = etree.Element(version.q("Envelope"), nsmap={"soap": version.envelope_ns})
        etree.SubElement(envelope, version.q("Body")).append(response)
        return Response(200, serialize(envelope), [("Content-Type", version.content_type)])

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
                    child.text = xml_text(item)


def _refuse_envelope(root: etree._Element, version: SoapVersion) -> None:
    """A root that is not this binding's Envelope: an Envelope of another namespace (SOAP 1.2's,
    say) is a VersionMismatch; anything else, a bare <Envelope/> too, is not SOAP at all."""
    name = etree.QName(root)
    if name.localname == "Envelope" and name.namespace:
        other = SOAP12 if version is SOAP11 else SOAP11
        hint = (
            f"a SOAP {other.name} envelope needs Content-Type {other.content_type.split(';')[0]}"
            if name.namespace == other.envelope_ns
            else f"expected a SOAP {version.name} envelope"
        )
        raise BackendFault("400", f"version mismatch: {hint}", 400, kind="VersionMismatch")
    raise BackendFault("400", f"not a SOAP {version.name} envelope", 400)
