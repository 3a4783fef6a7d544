"""Minimal WSGI plumbing of the SOAP server: a complete response, and a capped body read.

A reply is built in full before `start_response` is called, so whoever wraps the front (the
sandbox's fault rules) can still replace it after the request was processed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

__all__ = [
    "MAX_BODY_BYTES",
    "BodyTooLarge",
    "Environ",
    "Response",
    "StartResponse",
    "WsgiApp",
    "read_body",
    "status_line",
]

Environ: TypeAlias = dict[str, Any]
StartResponse: TypeAlias = Callable[..., Any]
WsgiApp: TypeAlias = Callable[[Environ, StartResponse], Iterable[bytes]]

#: Bodies above this size are refused: nothing the service takes is anywhere near it.
MAX_BODY_BYTES = 1024 * 1024

_REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class BodyTooLarge(Exception):
    """The request body is larger than the limit it was read with."""


def status_line(status: int) -> str:
    return f"{status} {_REASONS.get(status, 'Status')}"


@dataclass(slots=True)
class Response:
    """A complete reply: status, headers and body bytes; for a SOAP call, the `operation` it
    was (when the request got that far) and its `outcome`, "ok" or the fault's code (what the
    gateway counts and logs)."""

    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    operation: str | None = None
    outcome: str = "ok"

    def __call__(self, start_response: StartResponse) -> list[bytes]:
        headers = [*self.headers, ("Content-Length", str(len(self.body)))]
        start_response(status_line(self.status), headers)
        return [self.body]


def read_body(environ: Environ, limit: int = MAX_BODY_BYTES) -> bytes:
    """Read the whole body, refusing more than `limit` bytes (declared or actual)."""
    try:
        declared = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise BodyTooLarge
    stream = environ.get("wsgi.input")
    if stream is None or declared <= 0:
        return b""
    data: bytes = stream.read(declared)
    return data
