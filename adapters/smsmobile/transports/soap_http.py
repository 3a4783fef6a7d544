"""The HTTP side of the SOAP transport: zeep's transport over our requests session, with every
reply read under the cap and the attempt's deadline before zeep sees it, and requests' failures
as the shared exceptions (did the request leave, did a reply come?).
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

import requests
import urllib3.exceptions
import zeep.transports

from .._errors import (
    MalformedReply,
    RequestTimeout,
    TransportError,
    connect_error,
    tls_handshake_timed_out,
)
from .._models import Timeouts
from .._reply_body import Deadline, read_requests_body, refuse_redirect

__all__ = ["ReadReply", "SessionTransport", "request_error"]

_ZeepTransport: Any = zeep.transports.Transport  # zeep is only partly annotated


@dataclass(frozen=True, slots=True)
class ReadReply:
    """A reply read in full under the cap: what zeep's `process_reply` reads of a response
    (`status_code`, `headers`, `content`, `encoding`), built from public attributes only."""

    status_code: int
    headers: Any  # requests' case-insensitive headers
    content: bytes
    encoding: str | None


class SessionTransport(_ZeepTransport):  # type: ignore[misc]
    """zeep's transport over our one keep-alive session.

    It reads each reply itself, under the cap and the attempt's deadline (`stream=True`, then
    `_reply_body`), and hands zeep the bytes; it notes the reply's status and headers for the
    error mapping (a plain 503 has no SOAP body to say why), and it does not log raw bodies:
    `_EnvelopeLog` logs them redacted.
    """

    def __init__(self, session: requests.Session, timeouts: Timeouts) -> None:
        bounds = (timeouts.connect, timeouts.read)
        super().__init__(timeout=bounds, operation_timeout=bounds, session=session)
        self.total_seconds = timeouts.total_seconds
        self.last = threading.local()

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> ReadReply:
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
        self.last.response = ReadReply(response.status_code, response.headers, b"", None)
        if 300 <= response.status_code < 400:
            response.close()
            refuse_redirect(response.status_code, response.headers.get("Location"))
        content = read_requests_body(response, deadline=deadline)
        response.close()
        reply = ReadReply(response.status_code, response.headers, content, response.encoding)
        self.last.response = reply
        return reply

    def last_response(self) -> ReadReply | None:
        response: ReadReply | None = getattr(self.last, "response", None)
        return response


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
