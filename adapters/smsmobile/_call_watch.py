"""What one logical call saw on the wire: the seam between the retry loop, the transports, raw
replies (`_raw`) and traces (`_tracing`).

The retry loop (`_retry`) opens a `CallWatch` for a call only when someone is looking: a raw
reply was asked for (`capture_replies`) or a tracer provider is set. The transports report each
reply they have read through `note_reply`; when nobody is looking that costs one context-variable
read (and, for the `SMSMOBILE_LOG=debug` line, one `isEnabledFor`).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from . import _tracing
from ._redact import redact

__all__ = ["CallWatch", "RawBox", "WireReply", "capture_replies", "note_reply", "open_watch"]

logger = logging.getLogger("smsmobile")
_LOGGED_BODY = 2000  # characters of a reply body in the DEBUG line


@dataclass(frozen=True, slots=True)
class WireReply:
    """One HTTP reply as read from the wire: status, headers and the (decompressed) body."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


class RawBox:
    """Where a `with_raw_response` call collects the last attempt's reply."""

    __slots__ = ("attempts", "operation", "reply", "transport")

    def __init__(self) -> None:
        self.reply: WireReply | None = None
        self.attempts = 0
        self.operation = ""
        self.transport = ""


_watch: contextvars.ContextVar[CallWatch | None] = contextvars.ContextVar(
    "smsmobile_call_watch", default=None
)
_raw_box: contextvars.ContextVar[RawBox | None] = contextvars.ContextVar(
    "smsmobile_raw_box", default=None
)


@contextmanager
def capture_replies() -> Iterator[RawBox]:
    """Collect the reply of the logical call made inside the block (its last attempt's)."""
    box = RawBox()
    token = _raw_box.set(box)
    try:
        yield box
    finally:
        _raw_box.reset(token)


def note_reply(
    status_code: int, headers: Mapping[str, str], content: bytes, *, log_body: bool = True
) -> None:
    """Called by a transport with every reply it read in full, before it is mapped or parsed.

    `log_body` False: the transport logs the body itself (SOAP's masked envelope log).
    """
    if log_body and logger.isEnabledFor(logging.DEBUG):
        text = content[:_LOGGED_BODY].decode("utf-8", "replace")
        logger.debug("reply %d body: %s", status_code, redact(text))
    watch = _watch.get()
    if watch is not None:
        watch.reply = WireReply(status_code, headers, content)


class CallWatch:
    """One logical call being watched: its attempts, last reply, and spans when tracing."""

    __slots__ = ("_attempt_span", "_span", "_token", "attempts", "box", "reply", "status")

    def __init__(self, box: RawBox | None, span: Any) -> None:
        self.box = box
        self.reply: WireReply | None = None
        self.attempts = 0
        self.status: int | None = None  # the last HTTP status seen, over all attempts
        self._span = span
        self._attempt_span: Any = None
        self._token = _watch.set(self)

    def attempt_starts(self, attempt: int) -> None:
        self.attempts = attempt
        self.reply = None
        if self._span is not None:
            self._attempt_span = _tracing.start_attempt(self._span, attempt)

    def attempt_ends(self, error: BaseException | None) -> None:
        status = None if self.reply is None else self.reply.status_code
        if status is not None:
            self.status = status
        if self._attempt_span is not None:
            _tracing.end_attempt(self._attempt_span, status, error)
            self._attempt_span = None

    def finish(self, error: BaseException | None) -> None:
        """The call is over: fill the raw box, end the span, stop watching."""
        _watch.reset(self._token)
        if self.box is not None:
            self.box.reply = self.reply
            self.box.attempts = self.attempts
        if self._span is not None:
            _tracing.end_call(self._span, self.attempts, self.status, error)


def open_watch(operation: str, transport: str) -> CallWatch | None:
    """A watch for this call, or None (the common case) when nobody is looking."""
    box = _raw_box.get()
    tracer = _tracing.active_tracer()
    if box is None and tracer is None:
        return None
    if box is not None:
        box.operation, box.transport = operation, transport
        _raw_box.set(None)  # a call made while this one runs (none today) is not this one
    span = None if tracer is None else _tracing.start_call(tracer, operation, transport)
    return CallWatch(box, span)
