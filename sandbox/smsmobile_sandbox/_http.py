"""Minimal WSGI plumbing shared by every front: a parsed request and a complete response.

The sandbox builds each reply in full before calling `start_response`, so that a fault rule can
still replace it (or drop the connection) after the request was processed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias
from urllib.parse import parse_qsl

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
    """The request body is larger than `MAX_BODY_BYTES`."""


class DropConnection(Exception):
    """Raised by the app to close the connection without any reply; the server translates it."""


def status_line(status: int) -> str:
    return f"{status} {_REASONS.get(status, 'Status')}"


@dataclass(slots=True)
class Response:
    """A complete reply: status, headers and body bytes."""

    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, start_response: StartResponse) -> list[bytes]:
        headers = [*self.headers, ("Content-Length", str(len(self.body)))]
        start_response(status_line(self.status), headers)
        return [self.body]


def json_response(
    status: int, payload: object, headers: Iterable[tuple[str, str]] = ()
) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json"), *headers])


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


@dataclass(slots=True)
class Request:
    """What the fronts need from a WSGI environ, read once."""

    method: str
    path: str
    query: dict[str, str]
    headers: Mapping[str, str]
    body: bytes
    environ: Environ

    @classmethod
    def from_environ(cls, environ: Environ) -> Request:
        headers = {
            key[5:].replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = str(environ["CONTENT_TYPE"])
        return cls(
            method=str(environ.get("REQUEST_METHOD", "GET")).upper(),
            path=str(environ.get("PATH_INFO", "/")) or "/",
            query=dict(parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)),
            headers=headers,
            body=read_body(environ),
            environ=environ,
        )

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def form(self) -> dict[str, str]:
        """The urlencoded body's fields (empty for any other content type)."""
        if self.content_type != "application/x-www-form-urlencoded":
            return {}
        text = self.body.decode("utf-8", errors="replace")
        return dict(parse_qsl(text, keep_blank_values=True))

    def params(self) -> dict[str, str]:
        """Query fields overlaid by form fields: a POST may carry `waonly` in its URL."""
        merged = dict(self.query)
        if self.method == "POST":
            merged.update(self.form())
        return merged

    def bearer(self) -> str | None:
        value = self.headers.get("authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
        return None
