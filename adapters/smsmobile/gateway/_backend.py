"""The gateway's backend: SOAP calls forwarded, field for field, to the REST service.

The SOAP server has already checked the request against the WSDL and applied the channel
rule; this forwards the caller's wire fields unchanged through the REST transport's one
generic `exchange`, under the operation's own retry rule (`Operation.is_retry_safe`: a send is
repeated only when it provably was not processed), after the spec's own rules (`_checker`).
The reply is parsed as a client would (so a refusal inside HTTP 200 is a fault) and answered
in the WSDL's fields; every failure is one of our exceptions, turned into the WSDL's fault.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from .._auth import ApiKey, OAuth2ClientCredentials
from .._checker import request_problem
from .._config import timeouts_of
from .._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    ServiceError,
    SmsMobileError,
    TransportError,
)
from .._models import Timeouts
from .._retry import RetryPolicy, call_with_retries
from ..replay import ReplayStore
from ..soapserver import BackendFault, Credentials, Operation, UsernameTokenCheck, WireFields
from ..transports.rest import RestTransport
from ._keys import ENV_KEYS, ENV_KEYS_FILE, check_keys
from ._metrics import GatewayMetrics
from ._replies import soap_reply
from ._requestlog import send_request_id

__all__ = ["DEFAULT_UPSTREAM", "GatewayBackend", "upstream_tls"]

DEFAULT_UPSTREAM = "https://api.smsmobileapi.com"

logger = logging.getLogger("smsmobile.gateway")


def upstream_tls(upstream: str) -> ssl.SSLContext:
    """The one TLS context every upstream client of a gateway shares.

    A pass-through gateway builds a client for each API key it has not seen accepted yet,
    unknown keys included; a context of its own would load the CA bundle (tens of ms of CPU)
    for each. For an https upstream this is httpx's verifying default; for http there is no
    TLS to do, so the context loads no CA at all and, still verifying, trusts nothing.
    """
    if urlsplit(upstream).scheme.lower() == "https":
        return httpx.create_ssl_context()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


class GatewayBackend:
    """The `SoapBackend` of the gateway: one REST transport per upstream credential.

    `replay_store` remembers WS-Security nonces (default: this process's memory); `metrics`
    times every upstream call and counts the failed ones.
    """

    def __init__(
        self,
        upstream: str = DEFAULT_UPSTREAM,
        *,
        oauth2: OAuth2ClientCredentials | None = None,
        gateway_keys: Iterable[str] = (),
        timeout: Timeouts | float = Timeouts(),  # noqa: B008 (frozen)
        retry: RetryPolicy | None = None,
        max_clients: int = 256,
        replay_store: ReplayStore | None = None,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self.upstream = upstream
        self.timeouts = timeouts_of(timeout)
        self.retry = retry if retry is not None else RetryPolicy()
        self.mode: Literal["pass-through", "oauth2"] = "oauth2" if oauth2 else "pass-through"
        self._gateway_keys = tuple(check_keys(gateway_keys))  # kept for WS-Security digests
        self._key_digests = [_digest(key) for key in self._gateway_keys]
        # WS-Security nonces: in `replay_store`, which every worker and replica must share.
        self.username_tokens = UsernameTokenCheck(store=replay_store)
        self.metrics = metrics
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
        self._tls = upstream_tls(upstream)
        self._held = self._client(oauth2) if oauth2 else None
        self._clients: OrderedDict[bytes, RestTransport] = OrderedDict()
        self._max_clients = max_clients
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GatewayBackend(upstream={self.upstream!r}, mode={self.mode!r})"

    # -- who may call, and with which upstream client -----------------------------------------

    def _client(self, auth: ApiKey | OAuth2ClientCredentials) -> RestTransport:
        transport = RestTransport(
            base_url=self.upstream, auth=auth, timeouts=self.timeouts, tls=self._tls
        )
        # The caller's request id goes upstream with each call: a hook on our own transport's
        # httpx client (httpx's public `event_hooks`).
        http = transport._http
        hooks = http.event_hooks
        http.event_hooks = {**hooks, "request": [*hooks.get("request", []), send_request_id]}
        return transport

    def _client_for(self, credentials: Credentials) -> tuple[RestTransport, bytes | None]:
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

    def _admit_username_token(self, credentials: Credentials) -> tuple[RestTransport, bytes | None]:
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

    def _pass_through_client(self, api_key: str) -> tuple[RestTransport, bytes | None]:
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

    def _keep(self, digest: bytes, client: RestTransport) -> None:
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
    def tls(self) -> ssl.SSLContext:
        """The TLS context every upstream client shares (and the readiness probe too)."""
        return self._tls

    @property
    def cached_clients(self) -> int:
        """How many pass-through clients are cached (each holds a connection pool)."""
        with self._lock:
            return len(self._clients)

    def call(
        self, operation: Operation[Any], credentials: Credentials, fields: WireFields
    ) -> Mapping[str, Any]:
        """One SOAP call: the caller's fields to the upstream, its reply in the WSDL's fields.

        The spec's rules are checked first (`_checker`, the client's and the sandbox's own), so
        nothing the service would refuse is forwarded."""
        if operation.spec is not None:
            found = request_problem(operation.spec, fields)
            if found is not None:
                raise _fault(InvalidRequest(*found))
        client, slot = self._client_for(credentials)

        def exchange() -> tuple[object, object]:
            started = time.monotonic()
            try:
                reply = client.exchange(operation, fields)
            except SmsMobileError as error:
                self._observe(operation.soap_operation, started, error)
                raise
            self._observe(operation.soap_operation, started, None)
            return reply, operation.parse(reply, fields)  # a refusal in HTTP 200 raises

        accepted = False
        try:
            reply, parsed = call_with_retries(
                operation.name,
                exchange,
                self.retry,
                idempotent=operation.is_retry_safe(fields),
                transport=client.name,
            )
            accepted = True  # only a success proves the upstream took the key
            return soap_reply(operation, reply, parsed)
        except SmsMobileError as error:
            raise _fault(error) from None
        finally:
            if slot is not None:
                if accepted:
                    self._keep(slot, client)
                else:
                    client.close()

    def _observe(self, operation: str, started: float, error: SmsMobileError | None) -> None:
        if self.metrics is None:
            return
        self.metrics.upstream_seconds.labels(operation).observe(time.monotonic() - started)
        status = getattr(error, "http_status", None)
        if isinstance(error, TransportError) or (isinstance(status, int) and status >= 500):
            self.metrics.upstream_errors.labels(operation, type(error).__name__).inc()

    def close(self) -> None:
        with self._lock:
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()
        if self._held is not None:
            self._held.close()


def _fault(error: SmsMobileError) -> BackendFault:
    """The WSDL's fault for one of our exceptions: the upstream's own code, status and words
    for a refusal, as the sandbox's SOAP front gives them (an upstream 5xx is our 502)."""
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
        return BackendFault(error.code, error.detail or str(error), status if status < 500 else 502)
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
