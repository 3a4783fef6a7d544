"""The SOAP transport: the WSDL's six operations over zeep, with REST's dataclasses and errors.

Only `WhatsApp(transport="soap")` imports this module, so zeep's import cost is paid by SOAP users
alone. The WSDL is parsed once per process and location; every `SoapTransport` after the first
wraps that parsed document in a cheap `zeep.Client` of its own (own session, own auth).

Replies are read up to `MAX_REPLY_BYTES` and parsed strictly and without DTDs, entities or
external references, so a hostile server can neither make us buffer without end, expand entities
nor make us fetch anything: such a reply is a `MalformedReply`. zeep builds and sends each request
from the WSDL; the reply's body is read by `_soap_reply` straight into plain data (zeep reads the
replies that reader leaves to it, exactly as before).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import logging
import threading
import urllib.parse
from collections.abc import Mapping
from importlib.resources import files
from typing import Any, Final, Literal

import requests
import urllib3.exceptions
import zeep
import zeep.exceptions
import zeep.helpers
import zeep.transports
import zeep.wsdl
import zeep.wsse.username
from lxml import etree
from zeep.plugins import Plugin

from . import _parse
from ._auth import ApiKey, OAuth2ClientCredentials
from ._bearer_requests import BearerRequestsAuth
from ._errors import (
    InvalidRequest,
    MalformedReply,
    OutcomeUnknown,
    RequestTimeout,
    ServiceError,
    SmsMobileError,
    TransportError,
    connect_error,
)
from ._models import (
    InboundMessage,
    MessageType,
    NumberCheck,
    RetrievalState,
    SendRequest,
    SentMessage,
    SyncWindow,
    Timeouts,
)
from ._redact import redact
from ._reply_body import ACCEPT_ENCODING, Deadline, refuse_redirect
from ._rest import http_failure
from ._soap_reply import Defer, HostileReply, ReplyPlan, ReplyTooLarge, parse_envelope, read_bounded
from ._transport import RetrievalSwitch

__all__ = ["SoapTransport"]

# zeep is only partly annotated: every call into it goes through these `Any`s, nowhere else.
_Client: Any = zeep.Client
_Document: Any = zeep.wsdl.Document
_ZeepTransport: Any = zeep.transports.Transport
_serialize: Any = zeep.helpers.serialize_object
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

_RETRIEVAL_STATUT: Final[Mapping[RetrievalSwitch, str]] = {"on": "1", "off": "0", "toggle": "x"}


class _WrongShape(Exception):
    """The reply's body holds neither the operation's response element nor a fault."""


class _ZeepCannotRead(Exception):
    """zeep failed on a reply with a bare ValueError or TypeError (a processing instruction
    among the elements, say) instead of one of its own exceptions."""


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
    HostileReply,
    _WrongShape,
    _ZeepCannotRead,
)

_documents: dict[str, Any] = {}
_documents_lock = threading.Lock()
_plans: dict[tuple[int, str], dict[str, ReplyPlan | None]] = {}  # by (id(document), binding)


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


def _reply_plans(document: Any, binding_name: str = BINDING) -> dict[str, ReplyPlan | None]:
    """The reply plan of every operation of one binding, compiled once per document."""
    with _documents_lock:
        plans = _plans.get((id(document), binding_name))
        if plans is None:
            binding = document.bindings.get(binding_name)
            operations = [] if binding is None else list(binding._operations)
            plans = {name: ReplyPlan.compile(binding.get(name)) for name in operations}
            _plans[(id(document), binding_name)] = plans
        return plans


def _load_document(wsdl: str | None, timeouts: Timeouts) -> Any:
    """`shared_document`, with a WSDL that cannot be fetched or read as the shared errors."""
    error: SmsMobileError
    try:
        return shared_document(wsdl, timeouts)
    except requests.exceptions.RequestException as exc:
        error = _request_error("loading the WSDL", exc)
    except (*_UNREADABLE, zeep.exceptions.WsdlSyntaxError, OSError) as exc:
        error = MalformedReply(f"the WSDL at {wsdl!r} cannot be read ({type(exc).__name__})")
    raise error


class _SessionTransport(_ZeepTransport):  # type: ignore[misc]
    """zeep's transport over our one keep-alive session.

    It notes each reply's status and headers for the error mapping (a plain 503 has no SOAP body
    to say why), and it does not log raw bodies: `_EnvelopeLog` logs them redacted.
    """

    def __init__(self, session: requests.Session, timeouts: Timeouts) -> None:
        bounds = (timeouts.connect, timeouts.read)
        super().__init__(timeout=bounds, operation_timeout=bounds, session=session)
        self.total_seconds = timeouts.total_seconds
        self.last = threading.local()

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> Any:
        """POST `message`; the reply read in full under the cap and the attempt's deadline.

        Redirects are refused, not followed: requests would re-POST the envelope, `apikey` and
        all, to whatever host `Location` names.
        """
        self.last.response = None
        deadline = Deadline(self.total_seconds)
        response = self.session.post(
            address,
            data=message,
            headers=headers,
            timeout=self.operation_timeout,
            stream=True,
            allow_redirects=False,
        )
        self.last.response = response
        if 300 <= response.status_code < 400:
            response.close()
            refuse_redirect(response.status_code, response.headers.get("Location"))
        read_bounded(response, deadline=deadline)
        return response

    def last_response(self) -> requests.Response | None:
        response: requests.Response | None = getattr(self.last, "response", None)
        return response


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
    """Refuses a reply whose body is not `<Operation>Response` (or a fault).

    zeep alone reads a foreign body element field by field, as if it were the right one.
    """

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> tuple[Any, Any]:
        body = _body(envelope)
        first = None if body is None else next(iter(body.iterchildren(etree.Element)), None)
        expected = (f"{{{NAMESPACE}}}{operation.name}Response", _FAULT, _FAULT12)
        if first is None or first.tag not in expected:
            raise _WrongShape(operation.name)
        return envelope, http_headers


def _masked_envelope(envelope: Any) -> str:
    masked = copy.deepcopy(envelope)
    for element in masked.iter(f"{{{NAMESPACE}}}apikey"):
        element.text = "***"
    text: str = etree.tostring(masked, encoding="unicode")
    return redact(text)


def _body(envelope: Any) -> Any:
    """The Body of a SOAP 1.1 or 1.2 envelope: a 1.2 caller may get a 1.1 fault (a
    VersionMismatch, which SOAP 1.2's appendix A sends as 1.1), so either is read."""
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
    ) -> None:
        binding_name = BINDINGS.get(soap_version)
        if binding_name is None:
            raise InvalidRequest("soap_version", "must be '1.1' or '1.2'")
        if wsse is not False and not isinstance(auth, ApiKey):
            raise InvalidRequest("wsse", "a UsernameToken carries a key: use auth=ApiKey(...)")
        token = None if wsse is False else _username_token(auth.key, wsse)  # type: ignore[union-attr]
        self._endpoint = endpoint or f"{base_url.rstrip('/')}/soap"
        self._session = requests.Session()
        self._session.headers["Accept-Encoding"] = ACCEPT_ENCODING  # what `_reply_body` inflates
        self._apikey: str | None = None
        if isinstance(auth, OAuth2ClientCredentials):
            self._session.auth = BearerRequestsAuth(auth.token_provider(base_url, timeouts))
        elif token is None:
            self._apikey = auth.key
        self._http = _SessionTransport(self._session, timeouts)
        document = _load_document(wsdl, timeouts)
        self._client = _Client(
            document,
            transport=self._http,
            settings=SETTINGS,
            plugins=[_EnvelopeLog(), _ReplyShape()],
            wsse=token,
        )
        self._service = self._client.create_service(binding_name, self._endpoint)
        self._binding = self._service._binding
        self._options = self._service._binding_options
        self._plans = _reply_plans(document, binding_name)

    def __repr__(self) -> str:
        return f"SoapTransport(endpoint={self._endpoint!r})"

    # -- the Transport protocol -------------------------------------------------------------

    def send(self, request: SendRequest) -> SentMessage:
        fields: dict[str, object] = {
            "recipients": request.recipient,
            "message": request.message,
            "url_media": request.media_url,
            "schedule_timestamp": request.schedule_at,
            "sIdentifiant": request.device_sid,
            "port": request.sim_port,
        }
        if request.also_sms:
            fields.update(sendwa="1", sendsms="1")
        else:
            fields["waonly"] = "yes"
        if request.pdf_preview:
            fields["pdf_with_image"] = "yes"
        if request.short_url:
            fields["url_media_shorted"] = "yes"
        return _parse.guarded(_parse.sent_message, self._call("SendWhatsApp", fields, sending=True))

    def resend(self, guid: str) -> SentMessage:
        reply = self._call("ResendWhatsApp", {"guid": guid}, sending=True)
        return _parse.guarded(lambda body: _parse.sent_message(body, resent_guid=guid), reply)

    def set_retrieval(self, switch: RetrievalSwitch) -> RetrievalState:
        # A toggle is not idempotent: a lost reply leaves the state unknown, like a send.
        reply = self._call(
            "SetRetrieval", {"statut": _RETRIEVAL_STATUT[switch]}, sending=switch == "toggle"
        )
        return _parse.guarded(_parse.retrieval_state, reply)

    def synchronize(self) -> SyncWindow:
        return _parse.guarded(_parse.sync_window, self._call("Synchronize", {}))

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: MessageType | None = None,
    ) -> list[InboundMessage]:
        fields = {"before": before, "date": date, "message_type": message_type}
        reply = self._call("GetMessages", fields)
        _parse.raise_for_error(reply)
        return _parse.guarded(
            lambda items: [_parse.inbound_message(item) for item in items],
            reply.get("message", []),
        )

    def check_number(self, number: str) -> NumberCheck:
        reply = self._call("CheckNumber", {"recipients": number})
        return _parse.guarded(lambda body: _parse.number_check(body, number), reply)

    def close(self) -> None:
        self._session.close()

    # -- one exchange -----------------------------------------------------------------------

    def _call(
        self, operation: str, fields: Mapping[str, object], *, sending: bool = False
    ) -> dict[str, Any]:
        """Call `operation`; its reply as plain data (absent elements left out, as in JSON).

        Failures become the shared exceptions; a non-zero `error` is left to `_parse`.
        """
        arguments = {key: value for key, value in fields.items() if value is not None}
        if self._apikey is not None:
            arguments["apikey"] = self._apikey
        error: SmsMobileError
        try:
            # zeep builds the request from the WSDL (and runs the egress plugins); `_reply` reads
            # what comes back.
            envelope, headers = self._binding._create(
                operation, (), arguments, client=self._client, options=self._options
            )
            response = self._http.post_xml(self._options["address"], envelope, headers)
            body = self._reply(operation, response)
        except zeep.exceptions.Fault as fault:
            error = self._fault_error(operation, fault, sending=sending)
        except requests.exceptions.RequestException as exc:
            error = _request_error(operation, exc)
        except ReplyTooLarge as exc:
            error = MalformedReply(f"{operation}: {exc}")
        except _UNREADABLE as exc:
            error = self._unreadable_error(operation, exc)
        else:
            if isinstance(body, dict) and "error" in body:
                return body
            error = MalformedReply(f"{operation}: the reply is not a complete {operation}Response")
        # Raised here, outside the except blocks, so that no chained exception keeps the request
        # (and with it the key) alive for a traceback to print.
        raise error

    def _reply(self, operation: str, response: requests.Response) -> Any:
        """The reply as plain data, a zeep `Fault` raised, as zeep's `process_reply` would.

        The same steps in the same order: parse (no DTD, no entity), the ingress plugins' log
        line and shape check, a fault (or any status but 200) raised, then the body read.
        """
        media_type = response.headers.get("Content-Type", "text/xml").partition(";")[0]
        if media_type.strip().lower() == "multipart/related":
            return self._zeep_reply(operation, response)  # MTOM/XOP: zeep's own path
        content = response.content
        if not content and response.status_code in (201, 202):
            return None
        envelope = parse_envelope(content)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("SOAP %s reply:\n%s", operation, _masked_envelope(envelope))
        body = _body(envelope)
        first = None if body is None else next(iter(body.iterchildren(etree.Element)), None)
        if first is None or first.tag not in (
            f"{{{NAMESPACE}}}{operation}Response",
            _FAULT,
            _FAULT12,
        ):
            raise _WrongShape(operation)
        fault = first if first.tag in (_FAULT, _FAULT12) else None
        if response.status_code != 200 or fault is not None:
            raise _fault(fault)
        plan = self._plans.get(operation)
        if plan is not None:
            try:
                return plan.read(envelope, body)
            except Defer:
                pass
        try:
            reply = self._binding.get(operation).process_reply(envelope)
        except (ValueError, TypeError) as exc:
            raise _ZeepCannotRead(type(exc).__name__) from None
        return _plain(_serialize(reply, dict))

    def _zeep_reply(self, operation: str, response: requests.Response) -> Any:
        try:
            reply = self._binding.process_reply(
                self._client, self._binding.get(operation), response
            )
        except (ValueError, TypeError) as exc:
            raise _ZeepCannotRead(type(exc).__name__) from None
        return _plain(_serialize(reply, dict))

    def _fault_error(
        self, operation: str, fault: zeep.exceptions.Fault, *, sending: bool
    ) -> SmsMobileError:
        """The exception for a SOAP fault, read from its `ServiceFault` detail."""
        response = self._http.last_response()
        detail = _fault_detail(fault.detail)
        if not detail:
            # A SOAP-looking body without a ServiceFault: only the HTTP status says anything.
            if response is not None and response.status_code >= 400:
                return _status_error(response)
            return MalformedReply(f"{operation}: a fault without a ServiceFault detail")
        code = detail.get("code", "")
        message = detail.get("message") or str(fault.message or "")
        status = _parse_int(detail.get("httpStatus"))
        if status is None and response is not None and response.status_code >= 400:
            status = response.status_code
        retry_after = detail.get("retryAfter")
        if retry_after is None and response is not None:
            retry_after = response.headers.get("Retry-After")
        server_side = str(fault.code or "").rpartition(":")[2] in ("Server", "Receiver")
        error: SmsMobileError
        if (
            status is None
            or status < 400
            or (status >= 500 and not server_side and code != str(status))
        ):
            # An application refusal (REST reports it inside an HTTP 200): a soap:Client fault
            # whose code is the service's own, so no HTTP status goes with it, as over REST.
            error = _application_error(code, message)
        else:
            error = http_failure(status, {"error": code, "message": message}, retry_after)
        if sending and detail.get("outcome") == "unknown":
            return OutcomeUnknown(
                f"{operation}: the service cannot tell whether it was accepted ({error})",
                cause=error,
            )
        return error

    def _unreadable_error(self, operation: str, exc: Exception) -> SmsMobileError:
        response = self._http.last_response()
        if response is not None and response.status_code >= 400:
            return _status_error(response)  # a proxy's HTML 503, say: the status is what counts
        return MalformedReply(f"{operation}: unreadable reply ({type(exc).__name__})")


def _request_error(operation: str, exc: requests.exceptions.RequestException) -> TransportError:
    """requests' failure as the shared error: did the request leave, and did a reply come?"""
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return connect_error(exc, _host_of(exc), operation)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return RequestTimeout(f"{operation}: no reply within the read timeout ({name})")
    if isinstance(exc, requests.exceptions.ConnectionError) and _never_sent(exc):
        return connect_error(exc, _host_of(exc), operation)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return MalformedReply(f"{operation}: the reply could not be decoded ({name})")
    return TransportError(f"{operation}: the connection failed during the exchange ({name})")


def _host_of(exc: requests.exceptions.RequestException) -> str:
    """host[:port] of the failed request (never its userinfo), for the error's text."""
    url = getattr(exc.request, "url", None)
    parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
    if parts is None or not parts.hostname:
        return "the service"
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def _never_sent(exc: BaseException) -> bool:
    """True when requests failed while connecting, before a byte of the request was sent."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(
            current,
            urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError,
        ):
            return True
        if isinstance(current, urllib3.exceptions.MaxRetryError):
            pending.append(current.reason)
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend((current.__cause__, current.__context__))
    return False


def _status_error(response: requests.Response) -> SmsMobileError:
    """An HTTP error status without a ServiceFault body, mapped exactly as REST maps it."""
    return http_failure(response.status_code, None, response.headers.get("Retry-After"))


def _application_error(code: str, message: str) -> SmsMobileError:
    """The ServiceError REST raises for the same non-zero `error` inside an HTTP 200."""
    try:
        _parse.raise_for_error({"error": code or "unknown", "message": message})
    except ServiceError as error:
        return error
    return ServiceError("the service refused the request", code=code)  # code "0": not expected


def _fault_detail(detail: Any) -> dict[str, str]:
    """The `ServiceFault` in a fault's <detail> as {element: text}, or {} when there is none."""
    if not isinstance(detail, etree._Element):  # absent, or zeep's text of a fault-less body
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


def _parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _plain(value: Any) -> Any:
    """zeep's values as JSON would give them: an absent element is a missing key, not None."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
