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
503 unavailable   the shared replay store (Redis) cannot answer: refused, Retry-After, the
                  cause logged; never handled without the store's word that it is the first

The claim lives in the replay store (`smsmobile.replay`): one atomic add-if-absent of the id
marked "handling", turned into "done" when the handler returns, dropped when it raises. So every
worker and replica that shares the store sees one claim; a process that dies while handling
leaves its claim to expire with the window (409 until then, never a second handling).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import AsyncIterable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus

from .._errors import InvalidRequest
from ..replay import ReplayStore, ReplayStoreFull, ReplayStoreUnavailable, replay_store
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
_HANDLING = "handling"
_DONE = "done"


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
    `clock` (unix seconds) is what timestamps are checked against. Ids are claimed in `store`:
    a `ReplayStore`, a Redis URL, or else SMSMOBILE_REDIS_URL when set, or else this process's
    memory (`seen`, an `EventIdCache`, is that memory given explicitly). Several workers or
    replicas must share one store, or each would handle a replayed delivery once.
    """

    def __init__(
        self,
        secret: str | bytes,
        *,
        tolerance: int = DEFAULT_TOLERANCE,
        max_body: int = MAX_BODY,
        seen: EventIdCache | None = None,
        store: ReplayStore | str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        _key(secret)  # an empty secret fails here, not on the first delivery
        if tolerance < 0:
            raise InvalidRequest("tolerance", "must be zero or more seconds")
        if max_body < 1:
            raise InvalidRequest("max_body", "must be at least 1 byte")
        if seen is not None and store is not None:
            raise InvalidRequest("store", "give either seen (memory) or store, not both")
        self._secret = secret
        self.tolerance = tolerance
        self.max_body = max_body
        self._clock = clock
        self.window = 2 * tolerance + 1
        self.store: ReplayStore = replay_store(
            seen if seen is not None else store,
            memory=lambda: EventIdCache(REPLAY_CACHE_SIZE, ttl=self.window),
        )
        self.seen = self.store  # the name of old: the ids handled (and being handled)
        # An EventIdCache holds the bare ids (as its users discard them); a shared store may
        # hold other kinds of keys too (WS-Security nonces), so ids get a namespace there.
        self._prefix = "" if isinstance(self.store, EventIdCache) else "webhook:"

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
        key = self._prefix + event.id
        try:
            if self.store.add(key, self.window, _HANDLING):
                return event
            state = self.store.get(key)
            if state == _DONE:
                self.store.put(key, _DONE, self.window)  # refresh: the sender is still retrying
                _log.info("webhook %s (%s) is a duplicate", event.id, event.type)
                return WebhookReply(HTTPStatus.OK, "duplicate", {"id": event.id})
        except ReplayStoreFull as full:
            _log.warning("webhook %s refused: replay cache full", event.id)
            return _unavailable("busy", full.retry_after)
        except ReplayStoreUnavailable as error:
            _log.error("webhook %s refused: the replay store cannot answer: %s", event.id, error)
            return _unavailable("unavailable", error.retry_after)
        # Being handled (here or by another worker), or just released by a failed handler.
        return WebhookReply(HTTPStatus.CONFLICT, "in_progress", {"id": event.id})

    def done(self, event: WebhookEvent) -> WebhookReply:
        """The handler returned: remember the id, so a redelivery is a duplicate."""
        try:
            self.store.put(self._prefix + event.id, _DONE, self.window)
        except ReplayStoreUnavailable as error:  # the claim stays: 409 until it expires
            _log.error("webhook %s handled, but not marked done: %s", event.id, error)
        return WebhookReply(HTTPStatus.ACCEPTED, "accepted", {"id": event.id})

    def failed(self, event: WebhookEvent) -> WebhookReply:
        """The handler raised: forget the claim, so the service's retry is handled (call it in the
        `except` block: the exception is logged for the operator, never sent back)."""
        self.log_failure(event)
        return self.release(event)

    def log_failure(self, event: WebhookEvent) -> None:
        """Log the handler's exception for the operator (call it in the `except` block)."""
        _log.exception("webhook handler failed on %s (%s)", event.id, event.type)

    def release(self, event: WebhookEvent) -> WebhookReply:
        """Drop the claim of an event whose handler failed: its retry is handled (the 500)."""
        try:
            self.store.discard(self._prefix + event.id)
        except ReplayStoreUnavailable as error:  # the claim stays: 409 until it expires
            _log.error("webhook %s failed, and its claim could not be dropped: %s", event.id, error)
        return WebhookReply(HTTPStatus.INTERNAL_SERVER_ERROR, "error", {"id": event.id})


def _unavailable(word: str, retry_after: float) -> WebhookReply:
    retry = (("Retry-After", str(max(1, math.ceil(retry_after)))),)
    return WebhookReply(HTTPStatus.SERVICE_UNAVAILABLE, word, headers=retry)
