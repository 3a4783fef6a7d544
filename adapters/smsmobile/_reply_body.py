"""Reading a reply's body under three bounds: its decoded size, its encoding and a deadline.

httpx and urllib3 inflate a gzip or deflate chunk in a single call with no bound on the output,
and both undo a stack of encodings (`gzip, gzip`): a reply of a few KB becomes hundreds of MB
(or GB) before any byte count sees it. So REST, SOAP and the token fetch all read the raw,
still encoded bytes and inflate them here with zlib's `max_length`, never past the cap plus one
byte; a stacked or unknown encoding is refused. Each raw chunk also checks the attempt's
deadline, so a reply dripped a byte at a time ends when the deadline passes (at most one read
timeout later), instead of lasting as long as the server likes.

A redirect is refused here too: every request of ours carries a credential (the key in the
body, a bearer token, the client secret), and following a 3xx would hand it to whoever the
`Location` names.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from typing import Final
from urllib.parse import urlsplit

from ._errors import MalformedReply, RedirectRefused, RequestTimeout
from .transports.base import MAX_REPLY_BYTES

__all__ = [
    "ACCEPT_ENCODING",
    "BodyDecoder",
    "Deadline",
    "read_body",
    "refuse_redirect",
]

#: What we ask for, so no server has a reason to send an encoding we do not inflate here.
ACCEPT_ENCODING: Final = "gzip, deflate"


class Deadline:
    """The moment one attempt must be over, from `Timeouts.total_seconds`."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise self.error()

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def error(self) -> RequestTimeout:
        """The `RequestTimeout` of an attempt that ran out of time."""
        return RequestTimeout(f"no complete reply within the {self.seconds:g} s deadline")


def refuse_redirect(status: int, location: str | None) -> None:
    """Raise `RedirectRefused` for any 3xx: it names the status and the target's host only
    (a `Location` URL may carry anything, the host is what a reader needs)."""
    if not 300 <= status < 400:
        return
    host = None
    if location:
        try:
            host = urlsplit(location.strip()).hostname
        except ValueError:
            host = None
    where = f"to host {host!r}" if host else "(no absolute Location)"
    raise RedirectRefused(
        f"HTTP {status}: the service redirected {where}; redirects are not followed, "
        "because the request carries a credential",
        status=status,
        location_host=host,
    )


class _Inflater:
    """One gzip or deflate stream, inflated at most `room` bytes at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.first = True
        wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self.stream = zlib.decompressobj(wbits)

    def inflate(self, data: bytes, room: int) -> bytes:
        try:
            out = self.stream.decompress(data, room)
        except zlib.error:
            if not (self.first and self.coding == "deflate"):
                raise MalformedReply("the reply's compressed body is corrupt") from None
            # Some servers send raw deflate without the zlib header (httpx accepts both).
            self.stream = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                out = self.stream.decompress(data, room)
            except zlib.error:
                raise MalformedReply("the reply's compressed body is corrupt") from None
        self.first = False
        return out


def _inflater(content_encoding: str | None) -> _Inflater | None:
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if len(codings) > 1:
        raise MalformedReply(f"stacked Content-Encodings are refused ({len(codings)} layers)")
    coding = {"x-gzip": "gzip"}.get(codings[0], codings[0])
    if coding not in ("gzip", "deflate"):
        raise MalformedReply("the reply has a Content-Encoding we did not ask for")
    return _Inflater(coding)


class BodyDecoder:
    """The decoded body, fed raw chunks as they come (sync or async), under the same bounds."""

    def __init__(
        self,
        content_encoding: str | None,
        *,
        deadline: Deadline | None = None,
        limit: int = MAX_REPLY_BYTES,
    ) -> None:
        self._inflater = _inflater(content_encoding)
        self._deadline = deadline
        self._limit = limit
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, raw: bytes) -> None:
        """Take one raw chunk: `MalformedReply` past the cap, `RequestTimeout` past the deadline."""
        if self._deadline is not None:
            self._deadline.check()
        limit = self._limit
        inflater = self._inflater
        if inflater is None:
            piece = raw
        else:
            piece = inflater.inflate(raw, limit - self._size + 1)
            if inflater.stream.unconsumed_tail:  # inflation stopped at the cap
                raise MalformedReply(f"reply larger than {limit} bytes once decompressed")
        self._size += len(piece)
        if self._size > limit:
            raise MalformedReply(f"reply larger than {limit} bytes")
        if piece:
            self._chunks.append(piece)

    def finish(self) -> bytes:
        """The whole decoded body, once the raw chunks are over."""
        if self._deadline is not None:
            self._deadline.check()
        limit = self._limit
        chunks = self._chunks
        if self._inflater is not None:  # output zlib still holds, bounded like the rest
            tail = self._inflater.stream.decompress(b"", limit - self._size + 1)
            self._size += len(tail)
            if self._size > limit:
                raise MalformedReply(f"reply larger than {limit} bytes once decompressed")
            chunks.append(tail)
        if not chunks:
            return b""
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_body(
    raw_chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    deadline: Deadline | None = None,
    limit: int = MAX_REPLY_BYTES,
) -> bytes:
    """The decoded body, refused as `MalformedReply` once it passes `limit` decoded bytes and as
    `RequestTimeout` once `deadline` passes; `raw_chunks` are the bytes as they came."""
    decoder = BodyDecoder(content_encoding, deadline=deadline, limit=limit)
    for raw in raw_chunks:
        decoder.feed(raw)
    return decoder.finish()
