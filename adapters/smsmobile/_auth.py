"""Credentials: an API key, or OAuth2 client credentials with one token provider per token URL.

The provider runs the client-credentials grant (RFC 6749 4.4, credentials in the form body):
oauthlib writes the request body and reads the reply, and the POST goes over the same bounded
httpx stack as every call (`transports.bounded_http`: every socket wait, the reply's head
included, ends by the fetch's deadline; the body read under the size cap; no redirect
followed). It caches the token, renews it `refresh_margin` seconds before it expires and lets
one thread fetch at a time: the others wait for that thread's result. `invalidate` drops a token
the service refused, unless another thread has already replaced it, so a burst of 401s causes
one refetch. `transports.bearer_httpx.BearerHttpxAuth` feeds it to REST and SOAP alike, and
`_token_async` to the async clients. httpx and oauthlib are imported only when a token is first
fetched, so `import smsmobile` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    MalformedReply,
    RequestTimeout,
    SmsMobileError,
)
from ._extras import require
from ._models import Timeouts
from ._redact import register_secret

if TYPE_CHECKING:  # a token fetch imports what it uses: `import smsmobile` sends nothing
    import httpx

    from ._reply_body import Deadline

#: How an async client's own `httpx.AsyncClient` POSTs the grant from the fetching thread:
#: (token URL, body, headers, deadline) -> (status, headers, body read under the cap).
GrantPost = Callable[[str, bytes, dict[str, str], "Deadline"], tuple[int, Any, bytes]]

__all__ = [
    "ApiKey",
    "OAuth2ClientCredentials",
    "TokenProvider",
]

logger = logging.getLogger("smsmobile")

_LOOPBACK_NAMES = {"localhost"}


class ApiKey:
    """The account's API key, sent as `apikey`. Its repr and str never show it."""

    __slots__ = ("_key",)

    def __init__(self, key: str) -> None:
        if not isinstance(key, str) or not key.strip():
            raise InvalidRequest("auth", "the API key must be a non-empty string")
        self._key = key.strip()
        register_secret(self._key)

    @property
    def key(self) -> str:
        return self._key

    def __repr__(self) -> str:
        return "ApiKey(key='***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._key == self._key

    def __hash__(self) -> int:
        return hash((ApiKey, self._key))


class OAuth2ClientCredentials:
    """OAuth2 client-credentials grant; `token_url` defaults to `<base_url>/oauth2/token`."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | None = None,
        refresh_margin: float = 30.0,
    ) -> None:
        if not isinstance(client_id, str) or not client_id.strip():
            raise InvalidRequest("auth", "client_id must be a non-empty string")
        if not isinstance(client_secret, str) or not client_secret:
            raise InvalidRequest("auth", "client_secret must be a non-empty string")
        if refresh_margin < 0:
            raise InvalidRequest("refresh_margin", "must not be negative")
        if token_url is not None:
            _check_token_url(token_url)
        self.client_id = client_id.strip()
        self._client_secret = client_secret
        self.token_url = token_url
        self.refresh_margin = float(refresh_margin)
        self._providers: dict[str, TokenProvider] = {}
        self._providers_lock = threading.Lock()
        register_secret(client_secret)

    @property
    def client_secret(self) -> str:
        return self._client_secret

    def token_provider(self, base_url: str, timeouts: Timeouts) -> TokenProvider:
        """The one provider for this client's token URL (built on first use, then shared)."""
        require("oauth2", "OAuth2ClientCredentials")
        token_url = self.token_url or base_url.rstrip("/") + "/oauth2/token"
        with self._providers_lock:
            provider = self._providers.get(token_url)
            if provider is None:
                provider = TokenProvider(
                    token_url=token_url,
                    client_id=self.client_id,
                    client_secret=self._client_secret,
                    timeouts=timeouts,
                    refresh_margin=self.refresh_margin,
                )
                self._providers[token_url] = provider
            return provider

    def __repr__(self) -> str:
        return (
            f"OAuth2ClientCredentials(client_id={self.client_id!r}, client_secret='***', "
            f"token_url={self.token_url!r}, refresh_margin={self.refresh_margin!r})"
        )

    __str__ = __repr__


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_token_url(token_url: str) -> bool:
    """Validate the token URL; True when it is plain http to a loopback address."""
    parts = urlsplit(token_url)
    if parts.scheme == "https" and parts.hostname:
        return False
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return True
    raise InvalidRequest(
        "token_url", "must be https:// (plain http only to localhost, 127.0.0.1 or ::1)"
    )


class TokenProvider:
    """Bearer tokens for one client and token URL: cached, renewed early, fetched single-flight."""

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        timeouts: Timeouts,
        refresh_margin: float = 30.0,
    ) -> None:
        _check_token_url(token_url)
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._timeouts = timeouts
        self._refresh_margin = refresh_margin
        self._lock = threading.Lock()
        # (token, monotonic time after which we fetch a new one); replaced atomically
        self._current: tuple[str, float] | None = None
        self._http: httpx.Client | None = None  # our bounded client, built on first fetch
        self.fetch_count = 0
        self.expires_at: dt.datetime | None = None

    def token(self, http: httpx.Client | GrantPost | None = None) -> str:
        """A valid access token, fetched only when there is none or it is about to expire
        (through `http`, a client the user gave us, else our own bounded client).

        A failed fetch is raised as itself (refused credentials, a 503, a malformed reply)
        with `before_request` set: the call it was for never left, so even a send may be
        repeated, and it is no unknown outcome.
        """
        cached = self.cached_token()
        if cached is not None:
            return cached
        with self._lock:  # single flight: late arrivals wait here, then reuse the result
            current = self._current
            if current is not None and time.monotonic() < current[1]:
                return current[0]
            try:
                return self._fetch(http)
            except SmsMobileError as error:
                error.before_request = True
                raise

    def cached_token(self) -> str | None:
        """The current token while it is not due for renewal, else None; never blocks, so an
        event loop may call it (the async clients fetch in a thread only when this is None)."""
        current = self._current
        if current is not None and time.monotonic() < current[1]:
            return current[0]
        return None

    def invalidate(self, token: str) -> None:
        """Forget `token` (refused by the service) unless it has already been replaced."""
        with self._lock:
            if self._current is not None and self._current[0] == token:
                self._current = None

    def close(self) -> None:
        with self._lock:
            if self._http is not None:
                self._http.close()
                self._http = None

    def __repr__(self) -> str:
        return f"TokenProvider(token_url={self.token_url!r}, fetch_count={self.fetch_count})"

    def _post(
        self, http: httpx.Client | GrantPost, body: str, *, users: bool
    ) -> tuple[int, Any, bytes]:
        """POST the grant: status, headers and the body read under the cap, within the fetch's
        own deadline (or the enclosing call's, if that ends first); `users`: `http` is the
        user's client, whose socket waits are theirs, so the deadline is kept around it; a
        `GrantPost` (an async user client's) keeps the deadline itself."""
        import httpx

        from ._reply_body import ACCEPT_ENCODING, Deadline, refuse_redirect
        from .transports.bounded_http import (
            attempt_deadline,
            httpx_timeout,
            timeout_error,
            within_deadline,
        )
        from .transports.rest import read_capped

        deadline = Deadline(self._timeouts.total_seconds)
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        content = body.encode("utf-8")
        if not isinstance(http, httpx.Client):
            return http(self.token_url, content, headers, deadline)

        def send() -> tuple[int, Any, bytes]:
            assert isinstance(http, httpx.Client)
            with attempt_deadline(deadline):
                request = http.build_request(
                    "POST",
                    self.token_url,
                    content=content,
                    headers=headers,
                    timeout=httpx_timeout(self._timeouts),
                )
                # no auth of the client's: the grant carries its own credentials
                response = http.send(request, stream=True, follow_redirects=False, auth=None)
                try:
                    # a redirect would re-POST the client secret to whoever `Location` names
                    refuse_redirect(response.status_code, response.headers.get("Location"))
                    reply = read_capped(response, deadline=deadline)
                finally:
                    response.close()
            return response.status_code, response.headers, reply

        error: SmsMobileError
        try:
            return within_deadline(send, deadline) if users else send()
        except httpx.HTTPError as exc:
            error = timeout_error(exc, deadline) or _token_http_error(exc)
        raise error

    def _fetch(self, http: httpx.Client | GrantPost | None = None) -> str:
        """One client-credentials grant (RFC 6749 4.4): oauthlib writes the request body and
        reads the reply; the HTTP exchange is ours, on the bounded stack."""
        import json

        from oauthlib.oauth2 import BackendApplicationClient, OAuth2Error

        from .transports.bounded_http import bounded_client, httpx_timeout
        from .transports.errors import token_status_error

        self.fetch_count += 1
        users = http is not None and hasattr(http, "build_request")  # the user's httpx.Client
        if http is None:
            if self._http is None:
                self._http = bounded_client(
                    target=self.token_url, timeout=httpx_timeout(self._timeouts)
                )
            http = self._http
        started = time.monotonic()
        grant = BackendApplicationClient(client_id=self._client_id)
        body = grant.prepare_request_body(include_client_id=True, client_secret=self._client_secret)
        status, headers, content = self._post(http, body, users=users)
        if status >= 400:
            try:
                decoded: object = json.loads(content)
            except (ValueError, RecursionError):
                decoded = None
            raise token_status_error(status, decoded, headers.get("Retry-After"))
        error: SmsMobileError
        try:
            reply: dict[str, Any] = dict(grant.parse_request_body_response(content.decode()))
        except OAuth2Error as exc:
            code = getattr(exc, "error", "") or type(exc).__name__
            if code in {"invalid_client", "unauthorized_client", "invalid_grant"}:
                error = AuthenticationError(f"client credentials refused: {code}")
            else:
                error = MalformedReply(f"unusable token reply: {code}")
        except (ValueError, RecursionError, TypeError) as exc:
            error = MalformedReply(f"unreadable token reply: {type(exc).__name__}")
        else:
            return self._keep(reply, started)
        raise error

    def _keep(self, reply: dict[str, Any], started: float) -> str:
        """Cache the token of a grant's reply, renewed `refresh_margin` before it expires."""
        access_token = reply.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise MalformedReply("token reply without access_token")
        register_secret(access_token)
        lifetime = _lifetime(reply.get("expires_in"))
        now = time.monotonic()
        if lifetime is None:
            renew_at = float("inf")  # no expiry given: use it until the service refuses it
            self.expires_at = None
        else:
            # renew `refresh_margin` early, but use a token for at least half its life
            renew_at = now + max(lifetime - self._refresh_margin, lifetime / 2)
            self.expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=lifetime)
        self._current = (access_token, renew_at)
        logger.debug(
            "POST %s -> token fetched in %.1f ms (fetch %d, expires in %s s)",
            urlsplit(self.token_url).path,
            (now - started) * 1000,
            self.fetch_count,
            lifetime,
        )
        return access_token


def _token_http_error(exc: httpx.HTTPError) -> SmsMobileError:
    """httpx's failure of a token fetch; the call it was for never left (`before_request`)."""
    import httpx

    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return ConnectError(f"token endpoint timed out: {name}")
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeout(f"token endpoint timed out: {name}")
    return ConnectError(f"could not reach the token endpoint: {name}")


def _lifetime(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
