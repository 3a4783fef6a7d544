"""SOAP 1.1 and 1.2 envelopes and faults, by the book.

SOAP 1.1 (WS-I Basic Profile 1.1, R1126): every fault is HTTP 500, whatever went wrong; the
faultcode is Client, Server, VersionMismatch or MustUnderstand. SOAP 1.2 (its HTTP binding): an
env:Sender fault is HTTP 400, every other fault 500. One exception in both: a refused bearer
token (HTTP authentication, not SOAP) is HTTP 401 with its `WWW-Authenticate` challenge. Both
carry the same `ServiceFault` detail, whose `httpStatus` is what the REST service answers for
the failure, so a client reads the detail, never the HTTP status, to tell a rate limit from a
refused key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lxml import etree

from ._wsgi import Response

TNS = "urn:smsmobile:whatsapp:v1"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_CONTENT_TYPE = "text/xml; charset=utf-8"
SOAP12_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Why a fault happened, in SOAP's own terms (SOAP 1.1 names; SOAP 1.2 says Sender/Receiver).
FaultKind = Literal["Client", "Server", "VersionMismatch", "MustUnderstand"]
_SOAP12_CODES: dict[str, str] = {"Client": "Sender", "Server": "Receiver"}


@dataclass(frozen=True, slots=True)
class SoapVersion:
    """One SOAP version: its envelope namespace, media type and header attribute names."""

    name: Literal["1.1", "1.2"]
    envelope_ns: str
    content_type: str
    #: Header blocks with no target, or one of these, are addressed to us.
    our_targets: frozenset[str]
    target_attribute: str  # "actor" (1.1) or "role" (1.2)
    none_target: str | None  # 1.2's role "none": never processed, never faulted

    def q(self, name: str) -> str:
        return f"{{{self.envelope_ns}}}{name}"


SOAP11 = SoapVersion(
    "1.1",
    SOAP11_ENV,
    SOAP11_CONTENT_TYPE,
    frozenset({"http://schemas.xmlsoap.org/soap/actor/next"}),
    "actor",
    None,
)
SOAP12 = SoapVersion(
    "1.2",
    SOAP12_ENV,
    SOAP12_CONTENT_TYPE,
    frozenset(
        {
            "http://www.w3.org/2003/05/soap-envelope/role/next",
            "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
        }
    ),
    "role",
    "http://www.w3.org/2003/05/soap-envelope/role/none",
)


def version_for(content_type: str | None) -> SoapVersion:
    """The binding a request is for: application/soap+xml is SOAP 1.2, anything else 1.1."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    return SOAP12 if media_type == "application/soap+xml" else SOAP11


def fault_kind(http_status: int) -> FaultKind:
    """Server for what the REST service answers with 5xx; the caller's fault otherwise."""
    return "Server" if http_status >= 500 else "Client"


def fault_response(
    code: str,
    message: str,
    http_status: int,
    retry_after: int | None = None,
    outcome: str | None = None,
    *,
    version: SoapVersion = SOAP11,
    kind: FaultKind | None = None,
    not_understood: etree.QName | None = None,
) -> Response:
    """The fault reply for a failure the REST service answers with `http_status`.

    `kind` defaults to `fault_kind(http_status)`; the detail keeps the service's code, the REST
    status as `httpStatus`, `retryAfter` and `outcome`. `not_understood` names the header block
    of a MustUnderstand fault (SOAP 1.2 says so in an env:NotUnderstood header).
    """
    kind = kind or fault_kind(http_status)
    env = version.envelope_ns
    envelope = etree.Element(version.q("Envelope"), nsmap={"soap": env})
    if version is SOAP12 and not_understood is not None:
        header = etree.SubElement(envelope, version.q("Header"))
        block = etree.SubElement(
            header, version.q("NotUnderstood"), nsmap={"nu": not_understood.namespace or ""}
        )
        block.set("qname", f"nu:{not_understood.localname}")
    if kind == "VersionMismatch":
        _upgrade_header(envelope, version)
    body = etree.SubElement(envelope, version.q("Body"))
    fault = etree.SubElement(body, version.q("Fault"))
    if version is SOAP12:
        value = etree.SubElement(etree.SubElement(fault, version.q("Code")), version.q("Value"))
        value.text = f"soap:{_SOAP12_CODES.get(kind, kind)}"
        text = etree.SubElement(etree.SubElement(fault, version.q("Reason")), version.q("Text"))
        text.set(f"{{{XML_NS}}}lang", "en")
        text.text = message
        detail = etree.SubElement(fault, version.q("Detail"))
        status = 400 if kind == "Client" else 500
    else:
        etree.SubElement(fault, "faultcode").text = f"soap:{kind}"
        etree.SubElement(fault, "faultstring").text = message
        detail = etree.SubElement(fault, "detail")
        status = 500
    service_fault = etree.SubElement(detail, f"{{{TNS}}}ServiceFault", nsmap={"tns": TNS})
    etree.SubElement(service_fault, f"{{{TNS}}}code").text = code
    etree.SubElement(service_fault, f"{{{TNS}}}httpStatus").text = str(http_status)
    etree.SubElement(service_fault, f"{{{TNS}}}message").text = message
    if retry_after is not None:
        etree.SubElement(service_fault, f"{{{TNS}}}retryAfter").text = str(retry_after)
    if outcome is not None:
        etree.SubElement(service_fault, f"{{{TNS}}}outcome").text = outcome
    headers = [("Content-Type", version.content_type)]
    if http_status == 401:
        # A refused bearer token is HTTP authentication (RFC 6750), not a SOAP matter: its 401
        # and challenge are what makes a client fetch a new token, as over REST.
        status = 401
        headers.append(("WWW-Authenticate", 'Bearer error="invalid_token"'))
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    return Response(status, serialize(envelope), headers, outcome=code)


def _upgrade_header(envelope: etree._Element, version: SoapVersion) -> None:
    """SOAP 1.2's Upgrade block (its appendix A asks for it in a 1.1 fault too): what we accept."""
    header = etree.SubElement(envelope, version.q("Header"))
    upgrade = etree.SubElement(header, f"{{{SOAP12_ENV}}}Upgrade", nsmap={"upg": SOAP12_ENV})
    for index, namespace in enumerate((SOAP12_ENV, SOAP11_ENV)):
        prefix = f"ns{index}"
        supported = etree.SubElement(
            upgrade, f"{{{SOAP12_ENV}}}SupportedEnvelope", nsmap={prefix: namespace}
        )
        supported.set("qname", f"{prefix}:Envelope")


def serialize(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="utf-8")
