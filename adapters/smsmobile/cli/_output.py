"""How the command line writes results: one JSON document per command with one result (gh's
convention: `smsmobile --json inbox | jq .` parses), JSON Lines only for streams that never end
by themselves (`inbox watch`, `webhook serve`, bulk's per-row progress), and, without --json,
lines for people. Times are written one way everywhere (`_json.utc_text`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from .._json import message_document, utc_text

if TYPE_CHECKING:
    from .._models import InboundMessage

__all__ = ["INBOX_HEADER", "JsonArray", "message_row", "when"]

INBOX_HEADER = f"{'RECEIVED (UTC)':<20}  {'NUMBER':<15}  {'CONTACT':<16}  TEXT"


def when(moment: Any) -> str:
    """A time as the output writes it, or "unknown"."""
    return "unknown" if moment is None else utc_text(moment)


def message_row(message: InboundMessage) -> str:
    """An inbound message as one line of the `inbox` table (and of `inbox watch`)."""
    text = " / ".join(message.text.splitlines())
    received = when(message.received_at)[:19].replace("T", " ")
    return f"{received:<20}  {message.number:<15}  {message.contact[:16]:<16}  {text}"


class JsonArray:
    """A JSON array written item by item as results arrive, closed even when the command fails
    half-way: stdout stays one parseable document (the error goes to stderr, the exit code
    says it failed)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def add(self, document: Any) -> None:
        self.out.write("[\n  " if self.count == 0 else ",\n  ")
        self.out.write(json.dumps(document, ensure_ascii=False))
        self.out.flush()
        self.count += 1

    def add_message(self, message: InboundMessage) -> None:
        self.add(message_document(message))

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()

    @classmethod
    @contextlib.contextmanager
    def writing(cls, out: IO[str]) -> Iterator[JsonArray]:
        array = cls(out)
        try:
            yield array
        except BrokenPipeError:
            raise  # the reader is gone: nothing more to write
        except BaseException:
            with contextlib.suppress(OSError, ValueError):
                array.close()
            raise
        array.close()
