"""The HTTP side of the SOAP transport: zeep's transport over our bounded httpx client, with
every reply read under the cap and the attempt's deadline before zeep sees it. requests'
failures (`request_error`) only concern a WSDL that zeep fetches by URL.
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import httpx
import requests
import urllib3.exceptions
import zeep.transports

from .._call_watch import note_reply
from .._errors import (
    MalformedReply,
    RequestTimeout,
    SmsMobileError,
    TransportError,
    connect_error,
    tls_handshake_timed_out,
)
from .._models import Timeouts
from .._options import effective_timeouts
from .._reply_body import ACCEPT_ENCODING, Deadline, refuse_redirect
from .bounded_http import (
    attempt_deadline,
    bounded_client,
    httpx_timeout,
    timeout_error,
    within_deadline,
)
from .rest import _httpx_failure as httpx_failure
from .rest import read_capped

__all__ = ["HttpxPost", "ReadReply", "request_error"]

_ZeepTransport: Any = zeep.transports.Transport  # zeep is only partly annotated


@dataclass(frozen=True, slots=True)
class ReadReply:
    """A reply read in full under the cap: what zeep's `process_reply` reads of a response
    (`status_code`, `headers`, `content`, `encoding`), built from public attributes only."""

    status_code: int
    headers: Any  # requests' case-insensitive headers
    content: bytes
    response: httpx.Response = field(repr=False)

    @property
    def encoding(self) -> str | None:
        """The charset of the reply's Content-Type, parsed only when asked: zeep reads it for a
        multipart reply alone, and httpx parses it with the `email` package."""
        return self.response.charset_encoding


class HttpxPost(_ZeepTransport):  # type: ignore[misc]
    """zeep's transport, posting through our bounded `httpx.Client` (`bounded_http`).

    zeep's public `Transport` interface is `post(address, message, headers)` returning what
    `process_reply` reads; this posts on the same bounded HTTP stack as REST (every socket wait
    ends by the attempt's deadline, head included), reads the reply itself under the cap, and
    hands zeep the bytes. It notes the reply's status and headers for the error mapping (a
    plain 503 has no SOAP body to say why), and does not log raw bodies: `_EnvelopeLog` logs
    them redacted. zeep's own requests session is never used for a call.
    """

    def __init__(
        self,
        client: httpx.Client,
        timeouts: Timeouts,
        *,
        users: bool = False,
        auth: httpx.Auth | None = None,
    ) -> None:
        """`users`: `client` is the user's `http_client` (its transport is theirs: the
        deadline is kept by `within_deadline`); `auth`: the bearer auth to send with, when it
        is not the client's own."""
        bounds = (timeouts.connect, timeouts.read)
        super().__init__(timeout=bounds, operation_timeout=bounds)
        self.client = client
        self.timeouts = timeouts
        self.total_seconds = timeouts.total_seconds
        self.users = users
        self.send_options: dict[str, Any] = {} if auth is None else {"auth": auth}
        self.last = threading.local()
        self.urls: dict[str, httpx.URL] = {}  # each address zeep posts to, parsed once

    @classmethod
    def on(
        cls,
        http_client: httpx.Client | None,
        *,
        endpoint: str,
        timeouts: Timeouts,
        auth: httpx.Auth | None,
    ) -> HttpxPost:
        """Posting through the user's `http_client` (our `auth` sent with each request), or
        through a bounded client of our own for `endpoint` (`auth` its own)."""
        if http_client is not None:
            return cls(http_client, timeouts, users=True, auth=auth)
        own = bounded_client(target=endpoint, timeout=httpx_timeout(timeouts), auth=auth)
        return cls(own, timeouts)

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> ReadReply:
        """POST `message`; the reply read in full under the cap and the attempt's deadline.

        Redirects are refused, not followed: they would re-POST the envelope, `apikey` and
        all, to whatever host `Location` names.
        """
        self.last.response = None
        timeouts = effective_timeouts(self.timeouts)  # a `with_options` client's, if any
        deadline = Deadline(timeouts.total_seconds)
        url = self.urls.get(address)
        if url is None:
            url = self.urls[address] = httpx.URL(address)

        def send() -> tuple[httpx.Response, bytes]:
            with attempt_deadline(deadline):
                request = self.client.build_request(
                    "POST",
                    url,
                    content=message,
                    headers={**headers, "Accept-Encoding": ACCEPT_ENCODING},
                    timeout=httpx_timeout(timeouts),
                )
                reply = self.client.send(
                    request, stream=True, follow_redirects=False, **self.send_options
                )
                try:
                    self.last.response = ReadReply(reply.status_code, reply.headers, b"", reply)
                    refuse_redirect(reply.status_code, reply.headers.get("Location"))
                    return reply, read_capped(reply, deadline=deadline)
                finally:
                    reply.close()

        self.last.deadline = deadline  # for `failure`, if httpx raises through zeep
        response, content = within_deadline(send, deadline) if self.users else send()
        reply = ReadReply(response.status_code, response.headers, content, response)
        note_reply(reply.status_code, reply.headers, content, log_body=False)  # logged masked
        self.last.response = reply
        return reply

    def failure(self, operation: str, exc: httpx.HTTPError) -> SmsMobileError:
        """httpx's failure of this thread's last post as the shared error (the deadline's
        `RequestTimeout` when the attempt ran out of time)."""
        deadline: Deadline | None = getattr(self.last, "deadline", None)
        late = None if deadline is None else timeout_error(exc, deadline)
        return late or httpx_failure(exc, operation)

    def last_response(self) -> ReadReply | None:
        response: ReadReply | None = getattr(self.last, "response", None)
        return response

    def close(self) -> None:
        self.session.close()  # zeep's own session: built by zeep, never used for a call


def request_error(operation: str, exc: requests.exceptions.RequestException) -> TransportError:
    """requests' failure as the shared error: did the request leave, and did a reply come?"""
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return connect_error(exc, _host_of(exc), operation)
    if tls_handshake_timed_out(exc):  # urllib3 says "read timeout": nothing was written yet
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
