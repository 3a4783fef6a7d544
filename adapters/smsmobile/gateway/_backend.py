"""A SOAP gateway: our WSDL served in front of the real REST service.

The service publishes no WSDL, so a SOAP-only system (SAP, .NET/WCF, Java CXF, an ESB) has no
way in. The gateway answers SOAP with the very same front as the sandbox (`SoapFront`), over a
backend that forwards each operation to the REST service through a `WhatsApp` client, so the
adapter's validation, timeouts and no-double-send retry rule apply unchanged.

Two ways to authenticate callers:

- pass-through (default): the `apikey` element of each SOAP request is the upstream API key;
  the gateway keeps no secret of its own (a client is cached in memory by a hash of the key,
  only once the upstream accepted that key, so guessed keys leave nothing behind);
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
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from .._auth import ApiKey, OAuth2ClientCredentials
from .._client import WhatsApp
from .._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    ServiceError,
    SmsMobileError,
)
from .._models import InboundMessage, SentMessage, Timeouts
from .._retry import RetryPolicy
from ..soapserver import BackendFault, Credentials, Operation, UsernameTokenCheck, WireFields
from ._keys import (
    ENV_KEYS,
    ENV_KEYS_FILE,
    check_keys,
)

__all__ = ["DEFAULT_UPSTREAM", "GatewayBackend"]

DEFAULT_UPSTREAM = "https://api.smsmobileapi.com"

logger = logging.getLogger("smsmobile.gateway")
T = TypeVar("T")
Fields = Mapping[str, Any]
Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


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
        self._gateway_keys = tuple(check_keys(gateway_keys))  # kept for WS-Security digests
        self._key_digests = [_digest(key) for key in self._gateway_keys]
        self.username_tokens = UsernameTokenCheck()
        if oauth2 is not None and not self._key_digests:
            raise InvalidRequest(
                "gateway_keys",
                "held OAuth2 mode admits callers by gateway keys, and none are given "
                f"(--keys-file, {ENV_KEYS_FILE} or {ENV_KEYS})",
            )
        if oauth2 is None and self._key_digests:
            raise InvalidRequest(
                "oauth2",
                "gateway keys were given but no OAuth2 client credentials to hold: give "
                "--client-id and --client-secret (SMSMOBILEAPI_CLIENT_ID/_SECRET), or drop the "
                "keys for pass-through mode",
            )
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

    def _client_for(self, credentials: Credentials) -> tuple[WhatsApp, bytes | None]:
        """The upstream client, and the cache slot to fill if the upstream accepts its key."""
        if credentials.username_token is not None:
            return self._admit_username_token(credentials)
        if self._held is not None:
            offered = credentials.api_key or credentials.bearer
            if offered is None or not self._admitted(offered):
                raise BackendFault("403", "unknown gateway key", 403)
            return self._held, None
        if not credentials.api_key:
            raise BackendFault(
                "403", "pass-through mode: put the upstream API key in the apikey element", 403
            )
        return self._pass_through_client(credentials.api_key)

    def _admit_username_token(self, credentials: Credentials) -> tuple[WhatsApp, bytes | None]:
        """WS-Security: the password is a gateway key (held OAuth2) or the upstream API key
        (pass-through, PasswordText only: a digest cannot give the key back to forward)."""
        token = credentials.username_token
        assert token is not None
        if self._held is not None:
            secrets: tuple[str, ...] = self._gateway_keys
        else:
            secrets = () if token.digest or not token.password else (token.password,)
        proved = self.username_tokens.admit(token, secrets)
        if proved is None:
            raise BackendFault("403", "WS-Security authentication failed", 403)
        if self._held is not None:
            return self._held, None
        return self._pass_through_client(proved)

    def _pass_through_client(self, api_key: str) -> tuple[WhatsApp, bytes | None]:
        digest = _digest(api_key)
        with self._lock:
            client = self._clients.get(digest)
            if client is not None:
                self._clients.move_to_end(digest)
                return client, None
        return self._client(ApiKey(api_key)), digest

    def _admitted(self, offered: str) -> bool:
        digest = _digest(offered)
        # Digests of the whole keys, compared with every key, always: no early exit, so timing
        # says nothing about which key matched or how much of one did.
        matched = False
        for known in self._key_digests:
            matched |= hmac.compare_digest(digest, known)
        return matched

    def _keep(self, digest: bytes, client: WhatsApp) -> None:
        """Cache a pass-through client whose key the upstream accepted (LRU, `max_clients`)."""
        with self._lock:
            if digest in self._clients:  # another request for the same key got there first
                evicted = [client]
            else:
                self._clients[digest] = client
                evicted = []
                while len(self._clients) > self._max_clients:
                    evicted.append(self._clients.popitem(last=False)[1])
        for stale in evicted:
            stale.close()

    @property
    def cached_clients(self) -> int:
        """How many pass-through clients are cached (each holds a connection pool)."""
        with self._lock:
            return len(self._clients)

    def _call(self, credentials: Credentials, work: Callable[[WhatsApp], T]) -> T:
        client, slot = self._client_for(credentials)
        accepted = False
        try:
            result = work(client)
            accepted = True  # only a success proves the upstream took the key
            return result
        except SmsMobileError as error:
            raise _fault(error) from None
        finally:
            if slot is not None:
                if accepted:
                    self._keep(slot, client)
                else:
                    client.close()

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()
        if self._held is not None:
            self._held.close()

    # -- the six operations -------------------------------------------------------------------

    def call(
        self, operation: Operation[Any], credentials: Credentials, fields: WireFields
    ) -> Mapping[str, Any]:
        method: Callable[[Credentials, Fields], dict[str, Any]] = getattr(
            self, _METHODS[operation.name]
        )
        return method(credentials, fields)

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


_METHODS = {
    "send": "send_whatsapp",
    "resend": "resend_whatsapp",
    "set_retrieval": "set_retrieval",
    "synchronize": "synchronize",
    "fetch_messages": "get_messages",
    "check_number": "check_number",
}


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
