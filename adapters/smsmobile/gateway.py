"""A SOAP gateway: our WSDL served in front of the real REST service.

The service publishes no WSDL, so a SOAP-only system (SAP, .NET/WCF, Java CXF, an ESB) has no
way in. The gateway answers SOAP with the very same front as the sandbox (`SoapFront`), over a
backend that forwards each operation to the REST service through a `WhatsApp` client, so the
adapter's validation, timeouts and no-double-send retry rule apply unchanged.

Two ways to authenticate callers:

- pass-through (default): the `apikey` element of each SOAP request is the upstream API key;
  the gateway keeps no secret of its own (clients are cached in memory by a hash of the key);
- held OAuth2: the gateway holds OAuth2 client credentials for the upstream and admits SOAP
  callers by gateway keys (the `apikey` element, or `Authorization: Bearer <gateway key>`).

Stateless, so it scales out behind a load balancer:
`waitress-serve --port 8080 --call smsmobile.gateway:app_from_env`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from typing import Any, Literal, TypeVar

from smsmobile_sandbox import BackendFault, Credentials, SoapFront

from ._auth import ApiKey, OAuth2ClientCredentials
from ._client import WhatsApp
from ._config import resolve as resolve_configuration
from ._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    ServiceError,
    SmsMobileError,
)
from ._models import InboundMessage, SentMessage, Timeouts
from ._retry import RetryPolicy

__all__ = [
    "DEFAULT_UPSTREAM",
    "GatewayBackend",
    "app_from_env",
    "gateway_keys",
    "make_gateway_app",
    "read_keys",
]

DEFAULT_UPSTREAM = "https://api.smsmobileapi.com"
ENV_UPSTREAM = "SMSMOBILE_GATEWAY_UPSTREAM"
ENV_KEYS = "SMSMOBILE_GATEWAY_KEYS"
ENV_KEYS_FILE = "SMSMOBILE_GATEWAY_KEYS_FILE"

logger = logging.getLogger("smsmobile.gateway")
T = TypeVar("T")
Fields = Mapping[str, Any]
Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def read_keys(text: str) -> list[str]:
    """Gateway keys from a file's text or a variable: one per line or comma, `#` comments."""
    keys = []
    for line in text.splitlines():
        for part in line.split("#", 1)[0].split(","):
            if part.strip():
                keys.append(part.strip())
    return keys


class GatewayBackend:
    """The SOAP operations, forwarded to the REST service through `WhatsApp` clients."""

    def __init__(
        self,
        upstream: str = DEFAULT_UPSTREAM,
        *,
        oauth2: OAuth2ClientCredentials | None = None,
        gateway_keys: Iterable[str] = (),
        timeout: Timeouts | float = Timeouts(),  # noqa: B008 (frozen)
        retry: RetryPolicy | None = None,
        max_clients: int = 256,
    ) -> None:
        self.upstream = upstream
        self.timeout = timeout
        self.retry = retry
        self.mode: Literal["pass-through", "oauth2"] = "oauth2" if oauth2 else "pass-through"
        self._key_digests = [_digest(key) for key in gateway_keys]
        if oauth2 is not None and not self._key_digests:
            raise InvalidRequest("gateway_keys", "held OAuth2 mode needs at least one gateway key")
        self._held = self._client(oauth2) if oauth2 else None
        self._clients: OrderedDict[bytes, WhatsApp] = OrderedDict()
        self._max_clients = max_clients
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GatewayBackend(upstream={self.upstream!r}, mode={self.mode!r})"

    # -- who may call, and with which upstream client -----------------------------------------

    def _client(self, auth: ApiKey | OAuth2ClientCredentials) -> WhatsApp:
        return WhatsApp(
            auth=auth,
            base_url=self.upstream,
            transport="rest",  # the upstream is REST whatever SMSMOBILEAPI_TRANSPORT says
            timeout=self.timeout,
            retry=self.retry,
        )

    def _client_for(self, credentials: Credentials) -> WhatsApp:
        if self._held is not None:
            offered = credentials.api_key or credentials.bearer
            if offered is None or not self._admitted(offered):
                raise BackendFault("403", "unknown gateway key", 403)
            return self._held
        if not credentials.api_key:
            raise BackendFault(
                "403", "pass-through mode: put the upstream API key in the apikey element", 403
            )
        return self._pass_through_client(credentials.api_key)

    def _admitted(self, offered: str) -> bool:
        digest = _digest(offered)
        # Compare against every key, always, so timing says nothing about which one matched.
        return sum(hmac.compare_digest(digest, known) for known in self._key_digests) > 0

    def _pass_through_client(self, api_key: str) -> WhatsApp:
        digest = _digest(api_key)
        with self._lock:
            client = self._clients.get(digest)
            if client is not None:
                self._clients.move_to_end(digest)
                return client
            client = self._client(ApiKey(api_key))
            self._clients[digest] = client
            if len(self._clients) > self._max_clients:
                _, oldest = self._clients.popitem(last=False)
                oldest.close()
            return client

    def _call(self, credentials: Credentials, work: Callable[[WhatsApp], T]) -> T:
        client = self._client_for(credentials)
        try:
            return work(client)
        except SmsMobileError as error:
            raise _fault(error) from None

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()
        if self._held is not None:
            self._held.close()

    # -- the six operations -------------------------------------------------------------------

    def send_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        also_sms = fields.get("waonly") != "yes" and fields.get("sendwa") == "1"
        if fields.get("sendsms") == "0":
            also_sms = False
        sent = self._call(
            credentials,
            lambda wa: wa.send(
                str(fields.get("recipients", "")),
                str(fields.get("message", "")),
                media_url=fields.get("url_media"),
                pdf_preview=fields.get("pdf_with_image") == "yes",
                short_url=fields.get("url_media_shorted") == "yes",
                also_sms=also_sms,
                schedule_at=fields.get("schedule_timestamp"),
                device_sid=fields.get("sIdentifiant"),
                sim_port=fields.get("port"),
            ),
        )
        return _sent_fields(sent)

    def resend_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        sent = self._call(credentials, lambda wa: wa.resend(str(fields.get("guid", ""))))
        return {"error": "0", "id": sent.guid, "note": sent.note or None}

    def set_retrieval(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        statut = fields.get("statut", "x")
        enabled: bool | Literal["toggle"] = {"1": True, "0": False}.get(statut, "toggle")
        state = self._call(credentials, lambda wa: wa.set_retrieval(enabled))
        return {"error": "0", "statut": "1" if state.enabled else "0"}

    def synchronize(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        window = self._call(credentials, lambda wa: wa.synchronize())
        return {
            "error": "0",
            "messages": "synchronized",
            "expire_at": window.expires_at.strftime("%Y-%m-%d %H:%M:%S"),
            "expire_at_unix": int(window.expires_at.timestamp()),
        }

    def get_messages(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        page = self._call(
            credentials,
            lambda wa: wa.fetch_page(
                date=fields.get("date"),
                message_type=fields.get("message_type"),
                before=fields.get("before"),
            ),
        )
        return {"error": "0", "message": [_message_fields(message) for message in page]}

    def check_number(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        check = self._call(credentials, lambda wa: wa.check_number(str(fields["recipients"])))
        return {"error": "0", "number": check.number, "whatsapp": "1" if check.on_whatsapp else "0"}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _sent_fields(sent: SentMessage) -> dict[str, Any]:
    return {
        "error": "0",
        "sent": _flag(sent.accepted),
        "id": sent.guid,
        "note": sent.note or None,
        "datetime": sent.sent_at.isoformat() if sent.sent_at else None,
        "send_with_whatsapp": _flag(sent.via_whatsapp),
    }


def _message_fields(message: InboundMessage) -> dict[str, Any]:
    received = message.received_at
    fields: dict[str, Any] = {
        "date": received.strftime("%Y-%m-%d"),
        "hour": received.strftime("%H:%M:%S"),
        "timestamp": message.timestamp,
        "number": message.number,
        "contact": message.contact,
        "message": message.text,
        "guid": message.guid,
    }
    if message.auto_reply is not None:
        fields["more"] = {
            "auto_reply": _flag(message.auto_reply.auto_reply),
            "transfert_to_email": _flag(message.auto_reply.forwarded_to_email),
            "chatgpt_reply": _flag(message.auto_reply.chatgpt_reply),
        }
    if message.chatgpt is not None:
        fields["chatgpt"] = {
            "prompt_tokens": str(message.chatgpt.prompt_tokens),
            "completion_tokens": str(message.chatgpt.completion_tokens),
            "total_tokens": str(message.chatgpt.total_tokens),
            "total_tokens_cost": str(message.chatgpt.cost),
            "response": message.chatgpt.response,
        }
    return fields


def _fault(error: SmsMobileError) -> BackendFault:
    """The WSDL's typed fault for an adapter error (the upstream's code where it gave one)."""
    if isinstance(error, InvalidRequest):
        return BackendFault("400", str(error), 400)
    if isinstance(error, AuthenticationError):
        status = error.http_status or 403
        return BackendFault(str(status), f"upstream refused the credentials: {error}", status)
    if isinstance(error, RateLimited):
        wait = None if error.retry_after is None else math.ceil(error.retry_after)
        return BackendFault("429", f"upstream rate limit: {error}", 429, retry_after=wait)
    if isinstance(error, ServiceError):
        status = error.http_status or 200
        return BackendFault(error.code, str(error), status if status < 500 else 502)
    if isinstance(error, OutcomeUnknown):
        return BackendFault(
            "504",
            "upstream did not confirm the send: the message may or may not have been sent; "
            "do not resend blindly",
            504,
            outcome="unknown",
        )
    if isinstance(error, RequestTimeout):
        return BackendFault("504", "upstream timed out", 504)
    if isinstance(error, ConnectError):
        return BackendFault("502", "upstream unreachable", 502)
    return BackendFault("502", f"upstream failed: {error}", 502)


def _wsdl_text() -> bytes:
    return (files("smsmobile") / "smsmobileapi.wsdl").read_bytes()


class _GatewayApp:
    """`/soap` (and `/soap?wsdl`) to the SOAP front, `/healthz` for load balancers."""

    def __init__(self, backend: GatewayBackend) -> None:
        self.backend = backend
        self.front = SoapFront(backend, _wsdl_text())

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", "")).rstrip("/")
        if path == "/soap":
            return self.front(environ, start_response)
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: the gateway serves /soap and /soap?wsdl\n"]


def make_gateway_app(
    upstream: str = DEFAULT_UPSTREAM,
    *,
    oauth2: OAuth2ClientCredentials | None = None,
    gateway_keys: Iterable[str] = (),
    timeout: Timeouts | float = Timeouts(),  # noqa: B008 (frozen)
    retry: RetryPolicy | None = None,
) -> Callable[[Environ, StartResponse], Iterable[bytes]]:
    """The gateway as a WSGI application (pass-through unless `oauth2` is given)."""
    backend = GatewayBackend(
        upstream, oauth2=oauth2, gateway_keys=gateway_keys, timeout=timeout, retry=retry
    )
    return _GatewayApp(backend)


def gateway_keys(environ: Mapping[str, str], keys_file: str | None = None) -> list[str]:
    """The gateway keys of SMSMOBILE_GATEWAY_KEYS plus those of a keys file (`keys_file`, or
    else SMSMOBILE_GATEWAY_KEYS_FILE). An unreadable file raises OSError."""
    keys = read_keys(environ.get(ENV_KEYS, ""))
    path = keys_file or environ.get(ENV_KEYS_FILE, "").strip()
    if path:
        with open(path, encoding="utf-8") as handle:
            keys += read_keys(handle.read())
    return keys


def app_from_env(
    environ: Mapping[str, str] | None = None,
) -> Callable[[Environ, StartResponse], Iterable[bytes]]:
    """The gateway configured from the environment, for `waitress-serve --call` or gunicorn.

    SMSMOBILE_GATEWAY_UPSTREAM (default the real service); for held OAuth2 mode
    SMSMOBILEAPI_CLIENT_ID + SMSMOBILEAPI_CLIENT_SECRET and gateway keys from
    SMSMOBILE_GATEWAY_KEYS (comma-separated) and/or SMSMOBILE_GATEWAY_KEYS_FILE.
    """
    env = os.environ if environ is None else environ
    upstream = env.get(ENV_UPSTREAM, "").strip() or DEFAULT_UPSTREAM
    oauth2 = resolve_configuration(environ=env).client_credentials()
    return make_gateway_app(upstream, oauth2=oauth2, gateway_keys=gateway_keys(env))
