"""Credentials: an API key, or OAuth2 client credentials with one token provider per token URL.

The provider (requests-oauthlib, credentials in the form body) caches the token, renews it
`refresh_margin` seconds before it expires and lets one thread fetch at a time: the others wait
for that thread's result. `invalidate` drops a token the service refused, unless another thread
has already replaced it, so a burst of 401s causes one refetch. Two adapters feed the same
provider to the two HTTP stacks: `_bearer_httpx.BearerHttpxAuth` (generated client) and
`_bearer_requests.BearerRequestsAuth` (zeep's requests session). requests and requests-oauthlib
are imported only when a token is first fetched, so `import smsmobile` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
from ._reply_body import ACCEPT_ENCODING, Deadline, read_requests_body, refuse_redirect
from .transports.errors import token_status_error

if TYPE_CHECKING:
    import requests
    from requests_oauthlib import OAuth2Session

__all__ = [
    "ApiKey",
    "OAuth2ClientCredentials",
    "TokenProvider",
]

logger = logging.getLogger("smsmobile")

_LOOPBACK_NAMES = {"localhost"}
# oauthlib reads OAUTHLIB_INSECURE_TRANSPORT at call time from the process environment; we set it
# only around a fetch from a loopback http URL, and every fetch of ours holds this lock, so no
# fetch of ours to a non-loopback http URL can run while it is set (https is never affected).
_INSECURE_ENV = "OAUTHLIB_INSECURE_TRANSPORT"
_insecure_env_lock = threading.Lock()


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


@contextmanager
def _transport_security(token_url: str) -> Iterator[None]:
    insecure_loopback = _check_token_url(token_url)
    with _insecure_env_lock:
        if not insecure_loopback or os.environ.get(_INSECURE_ENV):
            yield
            return
        os.environ[_INSECURE_ENV] = "1"
        try:
            yield
        finally:
            os.environ.pop(_INSECURE_ENV, None)


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
        self._session: OAuth2Session | None = None
        self._deadline: Deadline | None = None
        self.fetch_count = 0
        self.expires_at: dt.datetime | None = None

    def token(self) -> str:
        """A valid access token, fetched only when there is none or it is about to expire.

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
                return self._fetch()
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
            if self._session is not None:
                self._session.close()
                self._session = None

    def __repr__(self) -> str:
        return f"TokenProvider(token_url={self.token_url!r}, fetch_count={self.fetch_count})"

    def _new_session(self) -> OAuth2Session:
        from oauthlib.oauth2 import BackendApplicationClient
        from requests_oauthlib import OAuth2Session

        session = OAuth2Session(client=BackendApplicationClient(client_id=self._client_id))
        session.headers["Accept-Encoding"] = ACCEPT_ENCODING
        # Runs before requests follows a redirect or reads the body: the hook refuses the first
        # and reads the second under the size cap and the fetch's deadline.
        session.hooks["response"].append(self._read_token_reply)
        session.register_compliance_hook("access_token_response", _check_token_response)
        return session

    def _read_token_reply(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        """Refuse a redirect (it would re-POST the client secret elsewhere) and read the body
        bounded, before requests-oauthlib sees it."""
        if 300 <= response.status_code < 400:
            response.close()
            refuse_redirect(response.status_code, response.headers.get("Location"))
        original = response.raw
        content = read_requests_body(response, deadline=self._deadline)
        original.release_conn()  # read to the end: the connection can serve the next fetch
        # requests then reads `content` from `raw` (a public attribute) as it would the socket:
        # the bytes already inflated, under the cap.
        response.raw = io.BytesIO(content)
        return response

    def _fetch(self) -> str:
        import requests
        from oauthlib.oauth2 import OAuth2Error

        self.fetch_count += 1
        if self._session is None:
            self._session = self._new_session()
        started = time.monotonic()
        self._deadline = Deadline(self._timeouts.total_seconds)  # read by `_read_token_reply`
        try:
            with _transport_security(self.token_url):
                reply: dict[str, Any] = self._session.fetch_token(
                    self.token_url,
                    client_id=self._client_id,
                    client_secret=self._client_secret,
                    include_client_id=True,
                    timeout=(self._timeouts.connect, self._timeouts.read),
                )
        except SmsMobileError:
            raise  # refused, rate limited, failed, malformed, redirected or past the deadline
        except requests.ConnectTimeout as exc:
            raise ConnectError(f"token endpoint timed out: {type(exc).__name__}") from None
        except requests.Timeout as exc:
            raise RequestTimeout(f"token endpoint timed out: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise ConnectError(
                f"could not reach the token endpoint: {type(exc).__name__}"
            ) from None
        except OAuth2Error as exc:
            code = getattr(exc, "error", "") or type(exc).__name__
            if code in {"invalid_client", "unauthorized_client", "invalid_grant"}:
                raise AuthenticationError(f"client credentials refused: {code}") from None
            raise MalformedReply(f"unusable token reply: {code}") from None
        except ValueError as exc:
            raise MalformedReply(f"unreadable token reply: {type(exc).__name__}") from None
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


def _check_token_response(response: requests.Response) -> requests.Response:
    """Turn the token endpoint's HTTP failures into our exceptions before oauthlib parses."""
    if response.status_code < 400:
        return response
    try:
        body: object = response.json()
    except ValueError:
        body = None
    raise token_status_error(response.status_code, body, response.headers.get("Retry-After"))
