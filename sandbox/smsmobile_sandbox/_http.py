"""WSGI plumbing shared by every front of the sandbox: a parsed request and JSON replies.

The complete `Response` and the capped body read are the SOAP server's (`smsmobile.soapserver`),
so every front, SOAP included, hands the fault rules the same kind of reply to replace.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from smsmobile.soapserver import (
    MAX_BODY_BYTES,
    BodyTooLarge,
    Environ,
    Response,
    StartResponse,
    WsgiApp,
    read_body,
    status_line,
)

__all__ = [
    "MAX_BODY_BYTES",
    "BodyTooLarge",
    "DropConnection",
    "Environ",
    "Request",
    "Response",
    "StartResponse",
    "WsgiApp",
    "json_response",
    "read_body",
    "status_line",
]


class DropConnection(Exception):
    """Raised by the app to close the connection without any reply; the server translates it."""


def json_response(
    status: int, payload: object, headers: Iterable[tuple[str, str]] = ()
) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json"), *headers])


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
