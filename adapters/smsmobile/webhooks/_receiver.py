"""A small WSGI app that receives Webhook V2 deliveries, and `serve` to run it under waitress.

202 accepted      verified, parsed, handler returned
200 duplicate     an event id already handled: the handler is not called again
400 malformed     signed correctly, but not a valid envelope (or a bad Content-Length)
401 invalid_signature / stale
405 method_not_allowed (anything but POST)
409 in_progress   the same event id is being handled right now: the sender should retry
413 too_large     body over `max_body`
500 error         the handler raised; the id is not remembered, so a retry is handled
503 busy          the replay cache is full of ids it must still remember (Retry-After says
                  when one expires): refusing is safe, the service retries; forgetting is not
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING

from .._errors import InvalidRequest
from .._extras import require
from ._errors import InvalidSignature, MalformedEvent, StaleDelivery
from ._events import WebhookEvent, parse_event
from ._replay import EventIdCache
from ._signing import DEFAULT_TOLERANCE, _key, verify

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from .._serving import ServerLimits

__all__ = ["MAX_BODY", "REPLAY_CACHE_SIZE", "WebhookReceiver", "serve"]

MAX_BODY = 1_048_576
"""The largest body a receiver reads (1 MiB); a larger delivery is refused with 413."""

REPLAY_CACHE_SIZE = 100_000
"""Ids the default replay cache holds (a few MB): 80 deliveries/s sustained over the window."""

_log = logging.getLogger("smsmobile.webhooks")

_CHUNK = 65_536


class WebhookReceiver:
    """A WSGI app that verifies each delivery, de-duplicates it, and calls `handler` once.

    The handler runs inside the request: keep it short (queue the work) so the sender does not
    time out. Mount it at any path; every path answers the same. By default each id is
    remembered for twice the tolerance (a timestamp may be that far either side of now), so
    a replay is refused for as long as its signature would pass; `clock` (unix seconds) is
    what timestamps are checked against.
    """

    def __init__(
        self,
        secret: str | bytes,
        handler: Callable[[WebhookEvent], None],
        *,
        tolerance: int = DEFAULT_TOLERANCE,
        max_body: int = MAX_BODY,
        seen: EventIdCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        _key(secret)  # an empty secret fails here, not on the first delivery
        if tolerance < 0:
            raise InvalidRequest("tolerance", "must be zero or more seconds")
        if max_body < 1:
            raise InvalidRequest("max_body", "must be at least 1 byte")
        self._secret = secret
        self._handler = handler
        self._tolerance = tolerance
        self._max_body = max_body
        self._clock = clock
        window = 2 * tolerance + 1
        self.seen = EventIdCache(REPLAY_CACHE_SIZE, ttl=window) if seen is None else seen
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"WebhookReceiver(handler={self._handler!r}, tolerance={self._tolerance})"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD", "GET").upper() != "POST":
            return _reply(
                start_response, HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", allow="POST"
            )
        status, body = self._read_body(environ)
        if body is None:
            return _reply(start_response, status, _STATUS_WORDS[status])
        headers = _headers(environ)
        try:
            verify(body, headers, self._secret, tolerance=self._tolerance, now=self._clock())
        except StaleDelivery as exc:
            _log.warning("webhook refused: %s", exc)
            return _reply(start_response, HTTPStatus.UNAUTHORIZED, "stale")
        except InvalidSignature as exc:
            _log.warning("webhook refused: %s", exc)
            return _reply(start_response, HTTPStatus.UNAUTHORIZED, "invalid_signature")
        try:
            event = parse_event(body)
        except MalformedEvent as exc:
            _log.warning("webhook refused: %s", exc)
            return _reply(start_response, HTTPStatus.BAD_REQUEST, "malformed", detail=str(exc))
        return self._dispatch(event, start_response)

    def _dispatch(self, event: WebhookEvent, start_response: StartResponse) -> Iterable[bytes]:
        with self._lock:
            if event.id in self.seen:
                self.seen.add(event.id)  # refresh: the sender is still retrying it
                _log.info("webhook %s (%s) is a duplicate", event.id, event.type)
                return _reply(start_response, HTTPStatus.OK, "duplicate", id=event.id)
            if event.id in self._in_flight:
                return _reply(start_response, HTTPStatus.CONFLICT, "in_progress", id=event.id)
            wait = self.seen.full_for(pending=len(self._in_flight))
            if wait:
                _log.warning("webhook %s refused: replay cache full", event.id)
                return _reply(
                    start_response, HTTPStatus.SERVICE_UNAVAILABLE, "busy", retry=math.ceil(wait)
                )
            self._in_flight.add(event.id)
        try:
            self._handler(event)
        except Exception:
            _log.exception("webhook handler failed on %s (%s)", event.id, event.type)
            with self._lock:
                self._in_flight.discard(event.id)
            return _reply(start_response, HTTPStatus.INTERNAL_SERVER_ERROR, "error", id=event.id)
        with self._lock:
            self.seen.add(event.id)
            self._in_flight.discard(event.id)
        return _reply(start_response, HTTPStatus.ACCEPTED, "accepted", id=event.id)

    def _read_body(self, environ: WSGIEnvironment) -> tuple[HTTPStatus, bytes | None]:
        """The body, or (status, None) when it is too large or its length is unreadable."""
        declared = str(environ.get("CONTENT_LENGTH") or "").strip()
        if declared and not (declared.isascii() and declared.isdigit()):
            return HTTPStatus.BAD_REQUEST, None
        if declared and int(declared) > self._max_body:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, None
        # Without a Content-Length, read to the end, but never more than max_body + 1 bytes.
        limit = int(declared) if declared else self._max_body + 1
        stream = environ["wsgi.input"]
        chunks: list[bytes] = []
        received = 0
        while received < limit:
            chunk = stream.read(min(_CHUNK, limit - received))
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
        if received > self._max_body:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, None
        return HTTPStatus.OK, b"".join(chunks)


def serve(
    secret: str | bytes,
    handler: Callable[[WebhookEvent], None],
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    max_body: int = MAX_BODY,
    seen: EventIdCache | None = None,
    ready: Callable[[str], None] | None = None,
    limits: ServerLimits | None = None,
) -> None:
    """Receive webhooks on http://host:port/ with waitress until interrupted (Ctrl-C).

    Prints nothing. `ready`, if given, is called with the listening URL once the socket is
    bound (the real port when `port` is 0). `limits` bound slow clients and connections.
    """
    require("server", "smsmobile.webhooks.serve")
    from .._serving import ExposedServer, ServerLimits  # lazily: waitress is an extra

    app = WebhookReceiver(secret, handler, tolerance=tolerance, max_body=max_body, seen=seen)
    bounds = limits or ServerLimits(max_body=max_body)
    server = ExposedServer(app, host, port, ident="smsmobile-webhooks", limits=bounds)
    try:
        if ready is not None:
            ready(f"{server.url}/")
        server.serve_forever()  # returns on KeyboardInterrupt / SystemExit
    finally:
        server.close()


_STATUS_WORDS = {
    HTTPStatus.BAD_REQUEST: "bad_request",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "too_large",
}


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-"): value
        for key, value in environ.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    }
    if isinstance(environ.get("CONTENT_TYPE"), str):
        headers["CONTENT-TYPE"] = environ["CONTENT_TYPE"]
    return headers


def _reply(
    start_response: StartResponse,
    status: HTTPStatus,
    word: str,
    *,
    allow: str | None = None,
    retry: int | None = None,
    **fields: str,
) -> list[bytes]:
    body = json.dumps({"status": word, **fields}).encode("utf-8")
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    if allow is not None:
        headers.append(("Allow", allow))
    if retry is not None:
        headers.append(("Retry-After", str(retry)))
    start_response(f"{status.value} {status.phrase}", headers)
    return [body]
