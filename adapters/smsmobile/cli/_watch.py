"""`smsmobile inbox watch`: poll for inbound messages and print each new one once: a line of
the `inbox` table, or with --json a JSON line (a stream: JSON Lines, one object per message).

Retrieval must already be on (`smsmobile retrieval on`): watching turns nothing on by itself.
The synchronisation window is renewed a margin before it expires, and at once (in the same poll,
with only a debug log line) when the service says it has closed (code "21"). Transport errors,
5xx and 429 are waited out with a capped exponential backoff; the watch keeps going. GUIDs
already printed are remembered in a small JSON state file (the most recent `MAX_REMEMBERED`),
replaced atomically, so a restart prints nothing twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .._errors import AuthenticationError, RateLimited, ServiceError, TransportError
from .._json import message_document
from .._paging import inbound_messages
from .._signals import on_signals

if TYPE_CHECKING:
    from .._client import WhatsApp
    from .._models import InboundMessage, SyncWindow

__all__ = [
    "MAX_REMEMBERED",
    "RETRIEVAL_OFF",
    "SeenGuids",
    "WatchOptions",
    "message_document",
    "watch",
]

logger = logging.getLogger("smsmobile")

MAX_REMEMBERED = 10_000
RENEW_MARGIN = 30.0  # seconds before `expires_at` at which the window is renewed
MAX_BACKOFF = 60.0
_STATE_VERSION = 1
#: What a CLI user is told when the account keeps no inbound messages (code "20").
RETRIEVAL_OFF = "inbound retrieval is off on the account (code 20); run: smsmobile retrieval on"


@dataclass(frozen=True, slots=True)
class WatchOptions:
    interval: float = 10.0
    state_path: Path | None = None
    max_polls: int | None = None
    json_lines: bool = True  # False: the `inbox` table's lines (the command line without --json)


class SeenGuids:
    """The last `limit` GUIDs printed, in order; saved as JSON, replaced atomically."""

    def __init__(self, path: Path | None, limit: int = MAX_REMEMBERED) -> None:
        self.path = path
        self._order: deque[str] = deque(maxlen=limit)
        self._set: set[str] = set()
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)

    def __contains__(self, guid: object) -> bool:
        return guid in self._set

    def add(self, guid: str) -> None:
        if guid in self._set:
            return
        if len(self._order) == self._order.maxlen:
            self._set.discard(self._order[0])
        self._order.append(guid)
        self._set.add(guid)
        self._dirty = True

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        document = {"version": _STATE_VERSION, "guids": list(self._order)}
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=self.path.name + ".", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(document, stream)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._dirty = False

    def _load(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"cannot read the watch state file {path}: {error}") from error
        guids = document.get("guids") if isinstance(document, dict) else None
        if not isinstance(guids, list) or not all(isinstance(g, str) for g in guids):
            raise ValueError(f"{path} is not a watch state file (no list of guids)")
        for guid in guids:
            self.add(guid)
        self._dirty = False


def watch(
    client: WhatsApp,
    options: WatchOptions,
    *,
    out: IO[str] | None = None,
    warn: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    sleep: Callable[[float], object] | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> int:
    """Poll until stopped (Ctrl-C, SIGTERM, `stop`) or `max_polls`: 0, or 130 when a signal
    stopped it (the README's table).

    `sleep` (default: `stop.wait`) and `clock` (default: now, UTC) are there so the scheduling
    can be tested without waiting.
    """
    stream = out or sys.stdout
    say = warn or _warn
    seen = SeenGuids(options.state_path)
    stop = stop or threading.Event()
    pause = sleep or stop.wait
    now = clock or _utc_now
    window: SyncWindow | None = None
    failures = 0
    polls = 0
    signalled = threading.Event()

    def interrupted() -> None:
        signalled.set()
        stop.set()

    with on_signals(interrupted, (signal.SIGINT, signal.SIGTERM), off_thread=True):
        while not stop.is_set():
            if options.max_polls is not None and polls >= options.max_polls:
                break
            polls += 1
            delay = options.interval
            try:
                if window is None or _closing(window, now()):
                    window = client.synchronize()
                    fresh = list(_new_messages(client, seen))
                else:
                    try:
                        fresh = list(_new_messages(client, seen))
                    except ServiceError as error:
                        if error.code != "21":
                            raise
                        # The window closed before its time: renew at once, in this poll.
                        logger.debug("synchronisation window closed early; renewing it")
                        window = client.synchronize()
                        fresh = list(_new_messages(client, seen))
            except ServiceError as error:
                if error.code == "20":
                    raise  # RetrievalDisabled: reported with the command that turns it on
                if error.code == "21":
                    window = None  # even a fresh window was refused: wait, then open another
                elif error.http_status is None or error.http_status < 500:
                    raise
                failures += 1
                delay = _backoff(options.interval, failures)
                say(f"{error}; retrying in {delay:.1f} s")
            except AuthenticationError:
                raise
            except (TransportError, RateLimited) as error:
                failures += 1
                delay = _backoff(options.interval, failures)
                if isinstance(error, RateLimited) and error.retry_after:
                    delay = max(delay, error.retry_after)
                say(f"{error}; retrying in {delay:.1f} s")
            else:
                failures = 0
                for message in reversed(fresh):  # oldest first, as they arrived
                    stream.write(_line(message, options.json_lines) + "\n")
                    seen.add(message.guid)
                stream.flush()
                seen.save()
            finally:
                seen.save()
            if options.max_polls is not None and polls >= options.max_polls:
                break
            pause(delay)
    return 130 if signalled.is_set() else 0


def _line(message: InboundMessage, json_lines: bool) -> str:
    if json_lines:
        return json.dumps(message_document(message), ensure_ascii=False)
    from ._output import message_row

    return message_row(message)


def _new_messages(client: WhatsApp, seen: SeenGuids) -> Iterator[InboundMessage]:
    """The messages not printed yet, newest first.

    Pages back in time as `WhatsApp.messages()` does (no second's messages skipped), and stops
    at a page holding a message already printed: earlier polls covered what is older.
    """
    return inbound_messages(
        lambda before, kind: client.fetch_page(before=before, message_type=kind),
        before=None,
        message_type=None,
        covered=seen.__contains__,
    )


def _closing(window: SyncWindow, now: dt.datetime) -> bool:
    return now >= window.expires_at - dt.timedelta(seconds=RENEW_MARGIN)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _backoff(interval: float, failures: int) -> float:
    return float(min(MAX_BACKOFF, max(interval, 0.5) * 2 ** min(failures, 10)))


def _warn(text: str) -> None:
    sys.stderr.write(f"smsmobile: warning: {text}\n")
    sys.stderr.flush()
