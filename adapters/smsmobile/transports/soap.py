"""The SOAP transport: the WSDL's operations over zeep, one generic exchange per call.

Only `WhatsApp(transport="soap")` imports this module, so zeep's import cost is paid by SOAP users
alone. The WSDL is parsed once per process and location; every `SoapTransport` after the first
wraps that parsed document in a cheap `zeep.Client` of its own (own session, own auth).

A call is `service[row.soap_operation](**fields)` on zeep's public service proxy, for the binding
of the chosen SOAP version, and its reply becomes plain data by `soap_plain.plain_data` (absent
elements left out, as in JSON).
Replies are read up to `MAX_REPLY_BYTES` (decompressed size included) before zeep sees them, and
parsed strictly and without DTDs, entities or external references, so a hostile server can
neither make us buffer without end, expand entities nor make us fetch anything: such a reply is a
`MalformedReply`. Faults go through the one error map (`errors.fault_error`).
"""

from __future__ import annotations

import copy
import io
import logging
import threading
from collections.abc import Mapping
from importlib.resources import files
from typing import Any, Final, Literal

import httpx
import requests
import zeep
import zeep.exceptions
import zeep.transports
import zeep.wsdl
import zeep.wsse.username
from lxml import etree
from zeep.plugins import Plugin

from .._auth import ApiKey, OAuth2ClientCredentials
from .._errors import (
    InvalidRequest,
    MalformedReply,
    SmsMobileError,
)
from .._models import Timeouts
from .._operations import Decoded, Operation, WireFields
from .._redact import redact
from .bearer_httpx import BearerHttpxAuth
from .errors import fault_error, status_error
from .soap_http import HttpxPost, ReadReply, request_error
from .soap_plain import plain_data

__all__ = ["SoapTransport"]

# zeep is only partly annotated: every call into it goes through these `Any`s, nowhere else.
_Client: Any = zeep.Client
_Document: Any = zeep.wsdl.Document
_ZeepTransport: Any = zeep.transports.Transport
_Fault: Any = zeep.exceptions.Fault
_UsernameToken: Any = zeep.wsse.username.UsernameToken

logger = logging.getLogger("smsmobile")

NAMESPACE: Final = "urn:smsmobile:whatsapp:v1"
_SOAP_ENV: Final = "http://schemas.xmlsoap.org/soap/envelope/"
_SOAP12_ENV: Final = "http://www.w3.org/2003/05/soap-envelope"
_BODY: Final = f"{{{_SOAP_ENV}}}Body"
_FAULT: Final = f"{{{_SOAP_ENV}}}Fault"
_FAULT12: Final = f"{{{_SOAP12_ENV}}}Fault"
BINDING: Final = f"{{{NAMESPACE}}}WhatsAppSoapBinding"
BINDINGS: Final[Mapping[str, str]] = {
    "1.1": BINDING,
    "1.2": f"{{{NAMESPACE}}}WhatsAppSoap12Binding",
}
SoapVersion = Literal["1.1", "1.2"]
#: What `wsse=` asks for: a WS-Security UsernameToken carrying the key, digested or as text.
WsseMode = bool | Literal["digest", "text"]
PACKAGED_WSDL: Final = "smsmobile:smsmobileapi.wsdl"  # the cache key of the packaged file

# Strict parsing, no huge trees, and no DTD, entity or external reference in any reply.
SETTINGS: Final = zeep.Settings(
    strict=True,
    xml_huge_tree=False,
    forbid_dtd=True,
    forbid_entities=True,
    forbid_external=True,
)


class _WrongShape(Exception):
    """The reply's body holds neither the operation's response element nor a fault."""


# zeep's own failures to read a reply: not XML, truncated, hostile, or not the WSDL's shape.
_UNREADABLE: Final = (
    zeep.exceptions.TransportError,
    zeep.exceptions.XMLSyntaxError,
    zeep.exceptions.XMLParseError,
    zeep.exceptions.UnexpectedElementError,
    zeep.exceptions.DTDForbidden,
    zeep.exceptions.EntitiesForbidden,
    zeep.exceptions.ExternalReferenceForbidden,
    etree.XMLSyntaxError,
    _WrongShape,
)

_documents: dict[str, Any] = {}
_documents_lock = threading.Lock()


def shared_document(wsdl: str | None, timeouts: Timeouts) -> Any:
    """The parsed WSDL for `wsdl` (None: the packaged file), parsed on first use only."""
    key = PACKAGED_WSDL if wsdl is None else wsdl
    with _documents_lock:
        document = _documents.get(key)
        if document is None:
            # The loader's own transport: used to fetch a WSDL given by URL, never for calls.
            loader = _ZeepTransport(
                timeout=(timeouts.connect, timeouts.read),
                operation_timeout=(timeouts.connect, timeouts.read),
            )
            if wsdl is None:
                text = (files("smsmobile") / "smsmobileapi.wsdl").read_bytes()
                document = _Document(io.BytesIO(text), loader, settings=SETTINGS)
            else:
                document = _Document(wsdl, loader, settings=SETTINGS)
            _documents[key] = document
        return document


def _load_document(wsdl: str | None, timeouts: Timeouts) -> Any:
    """`shared_document`, with a WSDL that cannot be fetched or read as the shared errors."""
    error: SmsMobileError
    try:
        return shared_document(wsdl, timeouts)
    except requests.exceptions.RequestException as exc:
        error = request_error("loading the WSDL", exc)
    except (*_UNREADABLE, zeep.exceptions.WsdlSyntaxError, OSError) as exc:
        error = MalformedReply(f"the WSDL at {wsdl!r} cannot be read ({type(exc).__name__})")
    raise error


class _EnvelopeLog(Plugin):
    """Logs each request and reply envelope at DEBUG, with the key and tokens masked."""

    def egress(
        self, envelope: Any, http_headers: Any, operation: Any, binding_options: Any
    ) -> tuple[Any, Any]:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "SOAP %s request to %s:\n%s",
                operation.name,
                binding_options.get("address"),
                _masked_envelope(envelope),
            )
        return envelope, http_headers

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> tuple[Any, Any]:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("SOAP %s reply:\n%s", operation.name, _masked_envelope(envelope))
        return envelope, http_headers


class _ReplyShape(Plugin):
    """Refuses a reply whose body is not `<Operation>Response` (or a fault), and notes the
    fault element for the error map.

    zeep alone reads a foreign body element field by field, as if it were the right one; and
    it reads only its own SOAP version's faults, while a 1.2 caller may get a 1.1 fault (a
    VersionMismatch, which SOAP 1.2's appendix A sends as 1.1), so the fault is read here.
    """

    def __init__(self) -> None:
        self.last = threading.local()

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> tuple[Any, Any]:
        self.last.fault = None
        body = _body(envelope)
        first = None if body is None else next(iter(body.iterchildren(etree.Element)), None)
        expected = (f"{{{NAMESPACE}}}{operation.name}Response", _FAULT, _FAULT12)
        if first is None or first.tag not in expected:
            raise _WrongShape(operation.name)
        if first.tag in (_FAULT, _FAULT12):
            self.last.fault = first
        return envelope, http_headers

    def last_fault(self) -> Any:
        """The <Fault> element of this thread's last reply, or None."""
        return getattr(self.last, "fault", None)


def _masked_envelope(envelope: Any) -> str:
    masked = copy.deepcopy(envelope)
    for element in masked.iter(f"{{{NAMESPACE}}}apikey"):
        element.text = "***"
    text: str = etree.tostring(masked, encoding="unicode")
    return redact(text)


def _body(envelope: Any) -> Any:
    """The Body of a SOAP 1.1 or 1.2 envelope."""
    body = envelope.find(_BODY)
    return envelope.find(f"{{{_SOAP12_ENV}}}Body") if body is None else body


def _username_token(key: str, wsse: WsseMode) -> Any:
    """zeep's UsernameToken with the key as password (a fresh nonce and Created each call)."""
    if wsse not in (True, "digest", "text"):
        raise InvalidRequest("wsse", "must be True, 'digest', 'text' or False")
    return _UsernameToken("smsmobile", key, use_digest=wsse != "text")


class SoapTransport:
    """The `Transport` that speaks the project's WSDL (document/literal, SOAP 1.1 or 1.2).

    `wsse` sends the API key (or a gateway key) in a WS-Security UsernameToken instead of the
    `apikey` element: PasswordDigest (True or "digest") or PasswordText ("text").
    """

    name = "soap"

    def __init__(
        self,
        *,
        base_url: str,
        auth: ApiKey | OAuth2ClientCredentials,
        timeouts: Timeouts,
        wsdl: str | None = None,
        endpoint: str | None = None,
        soap_version: SoapVersion = "1.1",
        wsse: WsseMode = False,
        http_client: httpx.Client | None = None,
    ) -> None:
        """`http_client`: the user's client, posted through as configured, never closed here
        (the cap, the deadline and the refusal of redirects are kept around it)."""
        binding_name = BINDINGS.get(soap_version)
        if binding_name is None:
            raise InvalidRequest("soap_version", "must be '1.1' or '1.2'")
        if wsse is not False and not isinstance(auth, ApiKey):
            raise InvalidRequest("wsse", "a UsernameToken carries a key: use auth=ApiKey(...)")
        token = None if wsse is False else _username_token(auth.key, wsse)  # type: ignore[union-attr]
        self._endpoint = endpoint or f"{base_url.rstrip('/')}/soap"
        self._apikey: str | None = None
        bearer = None
        if isinstance(auth, OAuth2ClientCredentials):
            bearer = BearerHttpxAuth(auth.token_provider(base_url, timeouts), http=http_client)
        elif token is None:
            self._apikey = auth.key
        self._own_client = http_client is None
        self._http = HttpxPost.on(
            http_client, endpoint=self._endpoint, timeouts=timeouts, auth=bearer
        )
        self._http_client = self._http.client
        self._shape = _ReplyShape()
        document = _load_document(wsdl, timeouts)
        self._client = _Client(
            document,
            transport=self._http,
            settings=SETTINGS,
            plugins=[_EnvelopeLog(), self._shape],
            wsse=token,
        )
        self._service = self._client.create_service(binding_name, self._endpoint)

    def __repr__(self) -> str:
        return f"SoapTransport(endpoint={self._endpoint!r})"

    # -- the Transport protocol -------------------------------------------------------------

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        """Call `operation.soap_operation`; its reply as plain data (absent elements left out,
        as in JSON). Failures become the shared exceptions; a non-zero `error` is left to the
        row's parser."""
        return self._plain_reply(operation.soap_operation, self._reply(operation, fields))

    def fetch(self, operation: Operation[Any], fields: WireFields) -> object:
        """`exchange`, with a reply the operation reads straight from zeep's reply object
        (`Operation.read_soap`) handed back as its result (`Decoded`), no plain data built."""
        reply = self._reply(operation, fields)
        result = None if operation.read_soap is None else operation.read_soap(reply)
        if result is None:
            return self._plain_reply(operation.soap_operation, reply)
        return Decoded(result)

    def _reply(self, operation: Operation[Any], fields: WireFields) -> Any:
        """zeep's reply object for one call; failures become the shared exceptions."""
        name = operation.soap_operation
        error: SmsMobileError
        try:
            return self._service[name](**self._arguments(fields))
        except Exception as exc:
            error = self._failure(name, exc, retry_safe=operation.is_retry_safe(fields))
        # Raised here, outside the except blocks, so that no chained exception keeps the request
        # (and with it the key) alive for a traceback to print.
        raise error

    # -- shared with the async transport (`soap_async`), which differs only in the I/O --------

    def _arguments(self, fields: WireFields) -> dict[str, object]:
        arguments: dict[str, object] = dict(fields)
        if self._apikey is not None:
            arguments["apikey"] = self._apikey
        return arguments

    def _failure(self, name: str, exc: Exception, *, retry_safe: bool) -> SmsMobileError:
        """zeep's or httpx's failure as the shared exception; anything else is re-raised."""
        if isinstance(exc, SmsMobileError):
            return exc  # the cap, the deadline, a redirect, or the token fetch
        if isinstance(exc, httpx.HTTPError):
            return self._http.failure(name, exc)
        if isinstance(exc, zeep.exceptions.Fault):
            return self._fault_error(name, exc, retry_safe=retry_safe)
        # zeep fails on some replies (a processing instruction among the elements, say) with a
        # bare ValueError or TypeError instead of one of its own exceptions.
        if isinstance(exc, (*_UNREADABLE, ValueError, TypeError)):
            return self._unreadable_error(name, exc)
        raise exc

    def _plain_reply(self, name: str, reply: Any) -> object:
        body = plain_data(reply)
        if isinstance(body, dict) and "error" in body:
            return body
        raise MalformedReply(f"{name}: the reply is not a complete {name}Response")

    def close(self) -> None:
        """Close our own client; a client the user gave us stays open (it is theirs)."""
        if self._own_client:
            self._http_client.close()
        self._http.close()

    # -- errors ------------------------------------------------------------------------------

    def _fault_error(
        self, operation: str, fault: zeep.exceptions.Fault, *, retry_safe: bool
    ) -> SmsMobileError:
        """The exception for a SOAP fault, read from its `ServiceFault` detail."""
        response = self._http.last_response()
        node = self._shape.last_fault()
        if node is not None:
            fault = _fault(node)
        detail = _fault_detail(fault.detail)
        if not detail:
            # A SOAP-looking body without a ServiceFault: only the HTTP status says anything.
            if response is not None and response.status_code >= 400:
                return _status_error(response)
            return MalformedReply(f"{operation}: a fault without a ServiceFault detail")
        return fault_error(
            detail,
            operation=operation,
            fault_code=str(fault.code or ""),
            fault_message=str(fault.message or ""),
            http_status=None if response is None else response.status_code,
            retry_after=None if response is None else response.headers.get("Retry-After"),
            retry_safe=retry_safe,
        )

    def _unreadable_error(self, operation: str, exc: Exception) -> SmsMobileError:
        response = self._http.last_response()
        if response is not None and response.status_code >= 400:
            return _status_error(response)  # a proxy's HTML 503, say: the status is what counts
        return MalformedReply(f"{operation}: unreadable reply ({type(exc).__name__})")


def _status_error(response: ReadReply) -> SmsMobileError:
    """An HTTP error status without a ServiceFault body, mapped exactly as REST maps it."""
    return status_error(response.status_code, None, response.headers.get("Retry-After"))


def _fault_detail(detail: Any) -> dict[str, str]:
    """The `ServiceFault` in a fault's <detail> as {element: text}, or {} when there is none."""
    if not etree.iselement(detail):  # absent, or zeep's text of a fault-less body
        return {}
    node = detail.find(f"{{{NAMESPACE}}}ServiceFault")
    if node is None:
        return {}
    return {
        etree.QName(child).localname: (child.text or "").strip()
        for child in node
        if isinstance(child.tag, str)
    }


def _fault(node: Any) -> Any:
    """zeep's `Fault` for a SOAP 1.1 or 1.2 <Fault> element (None: an error status without one)."""
    if node is None:
        return _Fault(message="Unknown fault occured", code=None, actor=None, detail=None)
    if node.tag == _FAULT12:
        return _Fault(
            message=node.findtext(f"{{{_SOAP12_ENV}}}Reason/{{{_SOAP12_ENV}}}Text"),
            code=node.findtext(f"{{{_SOAP12_ENV}}}Code/{{{_SOAP12_ENV}}}Value"),
            actor=node.findtext(f"{{{_SOAP12_ENV}}}Role"),
            detail=node.find(f"{{{_SOAP12_ENV}}}Detail"),
        )

    def text(name: str) -> str | None:
        child = node.find(name)
        return None if child is None else child.text

    return _Fault(
        message=text("faultstring"),
        code=text("faultcode"),
        actor=text("faultactor"),
        detail=node.find("detail"),
    )
