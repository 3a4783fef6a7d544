"""What a webhook receiver answers, decided once for the WSGI app, the ASGI app and framework views.

A receiver reads the body through a `BodyLimit` (the cap is enforced while reading, so an endless
body costs at most `max_body + 1` bytes), hands the body and its headers to `Deliveries.admit`
(verify, parse, then claim the event id, or the reply that refuses it), runs its handler, and
answers `Deliveries.done` or `Deliveries.failed`. Only reading the body and calling the handler
differ between WSGI, ASGI and a framework's view; every decision is here.

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
from collections.abc import AsyncIterable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus

from .._errors import InvalidRequest
from ._errors import InvalidSignature, MalformedEvent, StaleDelivery
from ._events import WebhookEvent, parse_event
from ._replay import EventIdCache
from ._signing import DEFAULT_TOLERANCE, _key, verify

__all__ = ["MAX_BODY", "REPLAY_CACHE_SIZE", "BodyLimit", "Deliveries", "WebhookReply"]

MAX_BODY = 1_048_576
"""The largest body a receiver reads (1 MiB); a larger delivery is refused with 413."""

REPLAY_CACHE_SIZE = 100_000
"""Ids the default replay cache holds (a few MB): 80 deliveries/s sustained over the window."""

_log = logging.getLogger("smsmobile.webhooks")
_CHUNK = 65_536


@dataclass(frozen=True, slots=True)
class WebhookReply:
    """One answer to a delivery: the status, a JSON body `{"status": word, ...}`, extra headers."""

    status: HTTPStatus
    word: str
    fields: Mapping[str, str] = field(default_factory=dict)
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def body(self) -> bytes:
        return json.dumps({"status": self.word, **self.fields}).encode("utf-8")

    def header_list(self) -> list[tuple[str, str]]:
        """Every header of the reply, Content-Type and Content-Length first."""
        body = self.body
        return [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            *self.headers,
        ]


METHOD_NOT_ALLOWED = WebhookReply(
    HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", headers=(("Allow", "POST"),)
)
_BAD_LENGTH = WebhookReply(HTTPStatus.BAD_REQUEST, "bad_request")
_TOO_LARGE = WebhookReply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large")


class BodyLimit:
    """The body of one delivery, read in chunks and refused as soon as it passes `max_body`.

    `declared` is the Content-Length header (None or "" when absent). Check `refusal` before
    reading, read at most `wanted()` more bytes while it is positive, then take `result()`.
    """

    def __init__(self, declared: str | None, max_body: int) -> None:
        self._max_body = max_body
        self._chunks: list[bytes] = []
        self._received = 0
        self.refusal: WebhookReply | None = None
        text = (declared or "").strip()
        if text and not (text.isascii() and text.isdigit()):
            self.refusal = _BAD_LENGTH
        elif text and int(text) > max_body:
            self.refusal = _TOO_LARGE
        # Without a Content-Length, read to the end, but never more than max_body + 1 bytes.
        self._limit = int(text) if text and self.refusal is None else max_body + 1

    def wanted(self) -> int:
        """How many more bytes to read at most (0: stop reading)."""
        if self.refusal is not None:
            return 0
        return max(self._limit - self._received, 0)

    def add(self, chunk: bytes) -> None:
        """Take a chunk as it arrived (an ASGI server may hand over more than `wanted()`)."""
        self._chunks.append(chunk)
        self._received += len(chunk)
        if self._received > self._max_body:
            self.refusal = _TOO_LARGE
            self._chunks.clear()

    def result(self) -> bytes | WebhookReply:
        """The body, or the reply that refuses it."""
        if self.refusal is not None:
            return self.refusal
        return b"".join(self._chunks)


class Deliveries:
    """Verification, parsing and the replay decisions of one receiver, thread- and task-safe.

    By default each id is remembered for twice the tolerance (a timestamp may be that far
    either side of now), so a replay is refused for as long as its signature would pass;
    `clock` (unix seconds) is what timestamps are checked against. The lock is never held
    across a handler call or an `await`.
    """

    def __init__(
        self,
        secret: str | bytes,
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
        self.tolerance = tolerance
        self.max_body = max_body
        self._clock = clock
        window = 2 * tolerance + 1
        self.seen = EventIdCache(REPLAY_CACHE_SIZE, ttl=window) if seen is None else seen
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Deliveries(tolerance={self.tolerance}, max_body={self.max_body})"

    def body_limit(self, declared: str | None) -> BodyLimit:
        return BodyLimit(declared, self.max_body)

    def read_body(self, declared: str | None, read: Callable[[int], bytes]) -> bytes | WebhookReply:
        """The body, pulled with `read(n)` (a WSGI input, `request.read`), under the cap."""
        limit = self.body_limit(declared)
        while (wanted := limit.wanted()) > 0:
            chunk = read(min(_CHUNK, wanted))
            if not chunk:
                break
            limit.add(chunk)
        return limit.result()

    async def read_body_async(
        self, declared: str | None, chunks: AsyncIterable[bytes]
    ) -> bytes | WebhookReply:
        """The body from an async stream of chunks (Starlette's `request.stream()`), under the
        cap: no chunk is pulled once it is passed."""
        limit = self.body_limit(declared)
        iterator = aiter(chunks)
        try:
            while limit.wanted() > 0:
                try:
                    chunk = await anext(iterator)
                except StopAsyncIteration:
                    break
                limit.add(chunk)
        finally:
            close = getattr(iterator, "aclose", None)
            if close is not None:
                await close()
        return limit.result()

    def receive(
        self,
        declared: str | None,
        read: Callable[[int], bytes],
        headers: Mapping[str, str],
        handler: Callable[[WebhookEvent], None],
    ) -> WebhookReply:
        """One whole delivery for a synchronous view: read, admit, call `handler`, answer."""
        body = self.read_body(declared, read)
        if isinstance(body, WebhookReply):
            return body
        admitted = self.admit(body, headers)
        if isinstance(admitted, WebhookReply):
            return admitted
        try:
            handler(admitted)
        except Exception:
            return self.failed(admitted)
        return self.done(admitted)

    def admit(self, body: bytes, headers: Mapping[str, str]) -> WebhookEvent | WebhookReply:
        """The verified event, now claimed (call `done` or `failed` after handling it), or the
        reply that refuses the delivery. Header names are case-insensitive."""
        try:
            verify(body, headers, self._secret, tolerance=self.tolerance, now=self._clock())
        except StaleDelivery as exc:
            _log.warning("webhook refused: %s", exc)
            return WebhookReply(HTTPStatus.UNAUTHORIZED, "stale")
        except InvalidSignature as exc:
            _log.warning("webhook refused: %s", exc)
            return WebhookReply(HTTPStatus.UNAUTHORIZED, "invalid_signature")
        try:
            event = parse_event(body)
        except MalformedEvent as exc:
            _log.warning("webhook refused: %s", exc)
            return WebhookReply(HTTPStatus.BAD_REQUEST, "malformed", {"detail": str(exc)})
        return self._claim(event)

    def _claim(self, event: WebhookEvent) -> WebhookEvent | WebhookReply:
        with self._lock:
            if event.id in self.seen:
                self.seen.add(event.id)  # refresh: the sender is still retrying it
                _log.info("webhook %s (%s) is a duplicate", event.id, event.type)
                return WebhookReply(HTTPStatus.OK, "duplicate", {"id": event.id})
            if event.id in self._in_flight:
                return WebhookReply(HTTPStatus.CONFLICT, "in_progress", {"id": event.id})
            wait = self.seen.full_for(pending=len(self._in_flight))
            if wait:
                _log.warning("webhook %s refused: replay cache full", event.id)
                retry = (("Retry-After", str(math.ceil(wait))),)
                return WebhookReply(HTTPStatus.SERVICE_UNAVAILABLE, "busy", headers=retry)
            self._in_flight.add(event.id)
        return event

    def done(self, event: WebhookEvent) -> WebhookReply:
        """The handler returned: remember the id, so a redelivery is a duplicate."""
        with self._lock:
            self.seen.add(event.id)
            self._in_flight.discard(event.id)
        return WebhookReply(HTTPStatus.ACCEPTED, "accepted", {"id": event.id})

    def failed(self, event: WebhookEvent) -> WebhookReply:
        """The handler raised: forget the claim, so the service's retry is handled (call it in the
        `except` block: the exception is logged for the operator, never sent back)."""
        _log.exception("webhook handler failed on %s (%s)", event.id, event.type)
        with self._lock:
            self._in_flight.discard(event.id)
        return WebhookReply(HTTPStatus.INTERNAL_SERVER_ERROR, "error", {"id": event.id})
