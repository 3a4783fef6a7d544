"""The bounded HTTP stack: httpx over an httpcore pool whose every socket wait ends by the
attempt's deadline, status line and headers included.

httpx and requests bound each single read by `read`, but not a whole exchange: a peer that
sends its status line and headers one byte per second keeps a call waiting as long as it likes,
and neither offers a hook before the headers. httpcore does, publicly: a connection pool takes a
`NetworkBackend`, and every connect, TLS handshake, read and write goes through the streams it
returns. `_BoundedStream` gives each of them `min(its own timeout, time left)`; once nothing is
left it raises httpcore's own timeout, which httpx reports as `ReadTimeout` (`WriteTimeout`,
`ConnectTimeout`), and the transports report as `RequestTimeout` (`OutcomeUnknown` for a send
that was written, by the retry rule).

The deadline is the current attempt's (`attempt_deadline`, a context variable: per thread and
per task), so one pool serves every thread and a call without a deadline is bounded by its
timeouts only. REST, SOAP, the token fetch and the gateway's upstream calls all run on it.
"""

from __future__ import annotations

import contextvars
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from typing import Final, TypeVar, cast
from urllib.parse import urlsplit

import httpcore
import httpx

from .._errors import SmsMobileError
from .._models import Timeouts
from .._reply_body import ACCEPT_ENCODING, Deadline
from .._token_async import awaiting_token_in

__all__ = [
    "BoundedTransport",
    "attempt_deadline",
    "bounded_client",
    "environment_proxy",
    "httpx_timeout",
    "timeout_error",
    "within_deadline",
]

T = TypeVar("T")

_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "smsmobile_attempt_deadline", default=None
)

# httpcore's exceptions as httpx's, most specific first (httpx maps them the same way).
_MAPPED: Final[tuple[tuple[type[Exception], type[httpx.HTTPError]], ...]] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)
_HTTPCORE_ERRORS: Final = tuple(source for source, _ in _MAPPED)


class attempt_deadline:  # (named as the function it replaced: `with attempt_deadline(d):`)
    """Bound every socket wait in this thread (or task) by `deadline`, or by the enclosing
    attempt's when that one ends first (a token fetched inside a call's attempt).

    A class rather than a `contextmanager` generator: it is entered on every request, and a
    generator-based context manager costs several times as much to enter and leave."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline

    def __enter__(self) -> Deadline:
        deadline = self._deadline
        outer = _current.get()
        bound = deadline if outer is None or deadline.at <= outer.at else outer
        self._token = _current.set(bound)
        return bound

    def __exit__(self, *exc_info: object) -> None:
        _current.reset(self._token)


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout`, shortened to the time the attempt has left; `expired` once none is left."""
    deadline = _current.get()
    if deadline is None:
        return timeout
    left = deadline.at - time.monotonic()
    if left <= 0:
        raise expired(f"the {deadline.seconds:g} s deadline passed")
    return left if timeout is None else min(timeout, left)


def timeout_error(exc: httpx.HTTPError, deadline: Deadline) -> SmsMobileError | None:
    """The deadline's `RequestTimeout` for a read or write that ended because the attempt ran
    out of time (None for any other failure: the caller maps it as before)."""
    # (a socket wait given the time left may end a hair before the clock reads it as spent)
    late = time.monotonic() >= deadline.at - 0.05
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout) and late:
        return deadline.error()
    return None


class _BoundedStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend, its streams bounded by the attempt's deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _as_httpx(exc: Exception) -> httpx.HTTPError:
    for source, target in _MAPPED:
        if isinstance(exc, source):
            return target(str(exc))
    return httpx.TransportError(str(exc))  # pragma: no cover (every httpcore error is mapped)


class _ReplyStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx(exc) from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def environment_proxy(url: str) -> str | None:
    """The http(s) proxy the environment names for `url` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY,
    minus NO_PROXY), as httpx's own clients honour them; None for none (or a SOCKS one)."""
    parts = urlsplit(url)
    if not parts.hostname or urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if proxy and urlsplit(proxy).scheme in ("http", "https"):
        return proxy
    return None


class BoundedTransport(httpx.BaseTransport):
    """An `httpx` transport over an httpcore pool on `_BoundedBackend` (HTTP/1.1), through the
    http(s) proxy the environment names for `target`, if any; any other proxy, like any other
    client setting, comes with `http_client=`."""

    def __init__(self, ssl_context: ssl.SSLContext, *, target: str = "") -> None:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        proxy = environment_proxy(target) if target else None
        self._pool: httpcore.ConnectionPool
        if proxy is None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context,
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry,
                network_backend=_BoundedBackend(),
            )
            return
        proxy_url = httpx.Proxy(proxy)
        self._pool = httpcore.HTTPProxy(
            proxy_url=httpcore.URL(
                scheme=proxy_url.url.raw_scheme,
                host=proxy_url.url.raw_host,
                port=proxy_url.url.port,
                target=proxy_url.url.raw_path,
            ),
            proxy_auth=proxy_url.raw_auth,
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_BoundedBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            reply = self._pool.handle_request(core_request)
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx(exc) from exc
        return httpx.Response(
            status_code=reply.status,
            headers=reply.headers,
            # a sync pool's reply stream is iterable (httpx's own transport asserts it)
            stream=_ReplyStream(cast("Iterable[bytes]", reply.stream)),
            extensions=reply.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def within_deadline(work: Callable[[], T], deadline: Deadline) -> T:
    """`work()`, run in a thread of its own, given up once `deadline` passes.

    For a client the user gave us (`http_client=`): its transport is theirs, so no socket wait
    of it can be shortened; the call still ends by the deadline (a `RequestTimeout`, as on our
    own stack), and the thread, left behind, ends when its own timeouts or the peer end the
    exchange, closing what it opened. The thread sees this thread's context (the attempt
    number for the logs, the deadline for a client on our transport).
    """
    context = contextvars.copy_context()
    outcome: list[T] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(context.run(work))
        except BaseException as exc:  # handed to the caller, as if raised there
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="smsmobile-http-client", daemon=True).start()
    if not done.wait(max(deadline.at - time.monotonic(), 0.0)):
        error = deadline.error()
        # still fetching its token (the flag is set in the thread's context): never sent
        error.before_request = awaiting_token_in(context)
        raise error
    if failure:
        raise failure[0]
    return outcome[0]


def httpx_timeout(timeouts: Timeouts) -> httpx.Timeout:
    """Our `Timeouts` as httpx's: each connect, read and write (a write as long as a read)."""
    return httpx.Timeout(
        connect=timeouts.connect, read=timeouts.read, write=timeouts.read, pool=timeouts.connect
    )


def bounded_client(
    *,
    target: str,
    timeout: httpx.Timeout,
    tls: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
    auth: httpx.Auth | None = None,
) -> httpx.Client:
    """An `httpx.Client` on `BoundedTransport` for requests to `target` (the environment's
    proxy for it, if any), redirects not followed (every request of ours carries a
    credential)."""
    context = tls if tls is not None else httpx.create_ssl_context()
    return httpx.Client(
        transport=BoundedTransport(context, target=target),
        timeout=timeout,
        follow_redirects=False,
        headers={"Accept-Encoding": ACCEPT_ENCODING, **(headers or {})},
        auth=auth,
    )
