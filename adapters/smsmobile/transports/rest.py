"""`RestTransport`: the `Transport` seam over the generated client (`smsmobile_rest`).

Every request is built from the derived operation table (`_rest_request`), so nothing here is
particular to one operation: a parameter added to the spec reaches the wire after
`make generate`. The request is sent on the generated client's `httpx.Client`; this module reads
the reply under `MAX_REPLY_BYTES` and the attempt's deadline, maps httpx's exceptions, and hands
the JSON body back (a non-2xx status through the one error map, `errors.status_error`). POSTs
carry the key and the text in the form body (a send's channel flags in its query string, where
the service's examples put them); GETs carry `apikey` in the query.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from typing import Any

import httpx
import msgspec

from smsmobile_rest import Client

from .._auth import ApiKey, OAuth2ClientCredentials
from .._call_watch import note_reply
from .._errors import (
    ConnectError,
    MalformedReply,
    RequestTimeout,
    SmsMobileError,
    TransportError,
    connect_error,
)
from .._models import Timeouts
from .._operations import Decoded, Operation, WireFields
from .._options import effective_timeouts
from .._redact import install_log_filter, redact
from .._reply_body import ACCEPT_ENCODING, Deadline, read_body, refuse_redirect
from .._rest_request import mark_form, request_kwargs
from .._retry import current_attempt
from .base import MAX_REPLY_BYTES
from .bearer_httpx import BearerHttpxAuth
from .bounded_http import (
    BoundedTransport,
    attempt_deadline,
    environment_proxy,
    httpx_timeout,
    timeout_error,
    within_deadline,
)
from .errors import status_error

__all__ = ["RestTransport"]

logger = logging.getLogger("smsmobile")


class RestTransport:
    """One keep-alive `httpx.Client` behind the generated `smsmobile_rest.Client` (on our
    bounded stack), or the user's `http_client`."""

    name = "rest"

    def __init__(
        self,
        *,
        base_url: str,
        auth: ApiKey | OAuth2ClientCredentials,
        timeouts: Timeouts,
        tls: ssl.SSLContext | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        """`tls`: a TLS context to share with other transports (building one loads the CA
        bundle, tens of ms of CPU); None builds this transport its own. `http_client`: the
        user's client, used as it is configured (proxy, CA bundle, certificates, hooks), never
        closed here; our bounds are kept around it (`RestTransport._send`)."""
        install_log_filter()
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self._urls: dict[str, httpx.URL] = {}  # `_url`'s cache
        self._apikey: str | None = None
        bearer: BearerHttpxAuth | None = None
        if isinstance(auth, OAuth2ClientCredentials):
            provider = auth.token_provider(self.base_url, timeouts)
            bearer = BearerHttpxAuth(provider, http=http_client)
        else:
            self._apikey = auth.key
        self._own_client = http_client is None
        if http_client is not None:
            self._http = http_client
            # per request: the user's client keeps its own settings for anything else
            self._send_options: dict[str, Any] = {} if bearer is None else {"auth": bearer}
            return
        self._send_options = {}
        httpx_args: dict[str, Any] = {
            "transport": BoundedTransport(
                tls if tls is not None else _tls_for(self.base_url), target=self.base_url
            )
        }
        if bearer is not None:
            httpx_args["auth"] = bearer
        self._client = Client(
            base_url=self.base_url,
            timeout=httpx_timeout(timeouts),
            follow_redirects=False,  # explicit: a redirect would take the key or token along
            headers={"Accept-Encoding": ACCEPT_ENCODING},  # what `_reply_body` inflates
            raise_on_unexpected_status=False,
            httpx_args=httpx_args,
        )
        self._http = self._client.get_httpx_client()

    # -- the Transport protocol ------------------------------------------------------------

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        """One call of `operation`: its request built from the derived table (URL, method,
        query or form encoding: all from spec/openapi.yaml), the reply's JSON body returned."""
        return self._exchange(request_kwargs(operation, fields, self._apikey))

    def fetch(self, operation: Operation[Any], fields: WireFields) -> object:
        """`exchange`, with a reply the operation reads straight from its JSON bytes
        (`Operation.read_json`) handed back as its result (`Decoded`), no plain data built."""
        kwargs = request_kwargs(operation, fields, self._apikey)
        return self._exchange(kwargs, operation.read_json)

    def close(self) -> None:
        """Close our own client; a client the user gave us stays open (it is theirs)."""
        if self._own_client:
            self._http.close()

    def __repr__(self) -> str:
        return f"RestTransport(base_url={self.base_url!r})"

    # -- one exchange ----------------------------------------------------------------------

    def _exchange(
        self, kwargs: dict[str, Any], read_json: Callable[[bytes], object] | None = None
    ) -> object:
        """Send one generated request and read the reply under the size cap and the attempt's
        deadline; a redirect is refused, not followed."""
        started = time.monotonic()
        timeouts = effective_timeouts(self.timeouts)  # a `with_options` client's, if any
        deadline = Deadline(timeouts.total_seconds)
        kwargs["url"] = self._url(kwargs["url"])
        if not self._own_client:  # the user's client has no base URL, headers or timeouts of ours
            kwargs = {
                **kwargs,
                "headers": {**kwargs.get("headers", {}), "Accept-Encoding": ACCEPT_ENCODING},
                "timeout": httpx_timeout(timeouts),
            }
        elif timeouts is not self.timeouts:
            kwargs = {**kwargs, "timeout": httpx_timeout(timeouts)}

        def send() -> tuple[httpx.Response, bytes]:
            with attempt_deadline(deadline):
                request = mark_form(self._http.build_request(**kwargs))
                reply = self._http.send(
                    request, stream=True, follow_redirects=False, **self._send_options
                )
                try:
                    if 300 <= reply.status_code < 400:
                        refuse_redirect(reply.status_code, reply.headers.get("Location"))
                    return reply, read_capped(reply, deadline=deadline)
                finally:
                    reply.close()

        try:
            response, content = send() if self._own_client else within_deadline(send, deadline)
            note_reply(response.status_code, response.headers, content)
        except SmsMobileError:
            raise  # cap, deadline, redirect, or the token provider inside the auth flow
        except httpx.HTTPError as exc:
            error = timeout_error(exc, deadline) or _httpx_failure(exc)
            logger.debug(
                "request failed after %.1f ms (attempt %d): %s",
                (time.monotonic() - started) * 1000,
                current_attempt(),
                error,
            )
            raise error from None
        if logger.isEnabledFor(logging.DEBUG):  # not worth the redaction and timing otherwise
            _log_exchange(response)
        return decode_reply(response.status_code, content, response.headers, read_json)

    def _url(self, target: str) -> httpx.URL:
        """The absolute URL of `target` (a path and query string), parsed once per target:
        httpx parses a relative URL, then the base URL again to join them, on every request;
        an absolute `httpx.URL` goes through as it is. Few targets repeat (a send's differ by
        its channel flags only), so the cache is small and starts over when full."""
        url = self._urls.get(target)
        if url is None:
            if len(self._urls) >= _URLS_KEPT:
                self._urls.clear()
            url = self._urls[target] = httpx.URL(self.base_url + target)
        return url


_URLS_KEPT = 64


def _log_exchange(response: httpx.Response) -> None:
    try:
        elapsed = response.elapsed.total_seconds() * 1000
    except RuntimeError:  # no timing on a response that was not read through the client
        elapsed = float("nan")
    logger.debug(
        "%s %s -> %d in %.1f ms (attempt %d)",
        response.request.method,
        redact(response.request.url.path),
        response.status_code,
        elapsed,
        current_attempt(),
    )


def read_capped(
    response: httpx.Response, limit: int = MAX_REPLY_BYTES, *, deadline: Deadline | None = None
) -> bytes:
    """The decoded body of a streamed response, refused as soon as it exceeds `limit` bytes.

    A `Content-Length` over the limit is refused before reading anything; the rest is read raw
    (`iter_raw`) and inflated by `_reply_body` under the limit, because httpx's own decoders
    inflate a chunk, and a stack of encodings, without any bound.
    """
    declared, encoding = _body_headers(response.headers)
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise MalformedReply(f"reply larger than {limit} bytes")
    return read_body(response.iter_raw(), encoding, deadline=deadline, limit=limit)


def _body_headers(headers: httpx.Headers) -> tuple[str | None, str | None]:
    """`Content-Length` and `Content-Encoding` as `headers.get` gives them (repeats joined by
    ", "), in one pass over the raw headers instead of a pass and a list each."""
    length: list[bytes] = []
    encoding: list[bytes] = []
    for name, value in headers.raw:
        lowered = name.lower()
        if lowered == b"content-length":
            length.append(value)
        elif lowered == b"content-encoding":
            encoding.append(value)
    if not length and not encoding:
        return None, None
    text = headers.encoding
    return (
        b", ".join(length).decode(text) if length else None,
        b", ".join(encoding).decode(text) if encoding else None,
    )


_JSON = msgspec.json.Decoder()


def decode_reply(
    status: int, content: bytes, headers: Any, read_json: Callable[[bytes], object] | None = None
) -> object:
    """The JSON body of a 2xx reply (or, with `read_json`, the result it reads from the bytes,
    as `Decoded`); any other status becomes its exception."""
    if read_json is not None and 200 <= status < 300:
        try:
            result = read_json(content)
        except (msgspec.DecodeError, RecursionError):
            result = None  # not JSON at all: said below, as for any reply
        if result is not None:
            return Decoded(result)
    body: object = None
    decoded = True
    try:
        body = _JSON.decode(content) if content.strip() else None  # msgspec: C, no limit
    except (msgspec.DecodeError, ValueError, RecursionError):  # nesting too deep is one too
        decoded = False
    if 200 <= status < 300:
        if not decoded:
            raise MalformedReply(f"HTTP {status} with a body that is not JSON")
        return body
    raise status_error(status, body if decoded else None, headers.get("Retry-After"))


def _httpx_failure(exc: httpx.HTTPError, operation: str = "") -> SmsMobileError:
    """httpx's failure as the shared error; `operation` (SOAP's) prefixes its text."""
    name = type(exc).__name__
    at = f"{operation}: " if operation else ""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return connect_error(exc, _host_of(exc), operation)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.ProxyError):
        return ConnectError(f"{at}could not connect to the service ({name})")
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return RequestTimeout(f"{at}no reply within the timeout ({name})")
    if isinstance(exc, httpx.DecodingError):
        return MalformedReply(f"{at}the reply could not be decoded ({name})")
    return TransportError(f"{at}the connection failed during the exchange ({name})")


def _host_of(exc: httpx.HTTPError) -> str:
    """host[:port] of the failed request (never its userinfo), for the error's text."""
    try:
        url = exc.request.url
    except RuntimeError:  # no request attached
        return "the service"
    return f"{url.host}:{url.port}" if url.port else url.host


def _tls_for(base_url: str) -> ssl.SSLContext:
    """The TLS context of a client for `base_url`. A plain `http://` one (the sandbox, a local
    gateway) reached without a proxy never does TLS: it gets a context with no CA loaded, on
    which any handshake would fail verification, instead of loading a CA bundle it would never use
    (bench/README.md has its cost). Through a proxy the environment names, the proxy may be
    `https://`, so the bundle is loaded."""
    if base_url.lower().startswith("http://") and environment_proxy(base_url) is None:
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, and trusts nothing
    return httpx.create_ssl_context()
