"""smsmobile.soapserver: our WSDL served over WSGI, by the book, in front of any backend.

One SOAP server for the two products that answer SOAP: the sandbox (over its in-memory
service) and the gateway (over the real REST service). It reads envelopes with its limits
(1 MiB, no DTD or entities), validates each request against the WSDL's XSD, admits the
`apikey` element, a bearer header or a WS-Security UsernameToken, dispatches by the operation
table to `SoapBackend.call`, and renders replies and faults for SOAP 1.1 and 1.2.
"""

from .._operations import Operation, WireFields, WireValue
from ._envelope import SOAP11, SOAP12, TNS, FaultKind, SoapVersion, fault_response, version_for
from ._front import (
    CONTENT_TYPE,
    MAX_SOAP_BYTES,
    BackendFault,
    Credentials,
    SoapBackend,
    SoapFront,
    hardened_parser,
)
from ._wsgi import (
    MAX_BODY_BYTES,
    BodyTooLarge,
    Environ,
    Response,
    StartResponse,
    WsgiApp,
    read_body,
    status_line,
)
from ._wsse import UsernameToken, UsernameTokenCheck, password_digest

__all__ = [
    "CONTENT_TYPE",
    "MAX_BODY_BYTES",
    "MAX_SOAP_BYTES",
    "SOAP11",
    "SOAP12",
    "TNS",
    "BackendFault",
    "BodyTooLarge",
    "Credentials",
    "Environ",
    "FaultKind",
    "Operation",
    "Response",
    "SoapBackend",
    "SoapFront",
    "SoapVersion",
    "StartResponse",
    "UsernameToken",
    "UsernameTokenCheck",
    "WireFields",
    "WireValue",
    "WsgiApp",
    "fault_response",
    "hardened_parser",
    "password_digest",
    "read_body",
    "status_line",
    "version_for",
]
