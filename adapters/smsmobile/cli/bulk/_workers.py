"""What sending and resending share: the worker pool, the shared rate limit, the run's output.

The pool hands out one item at a time from a stream (no queue, no feeder thread) and turns
Ctrl-C or SIGTERM into a bounded drain of the requests in flight.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ..._extras import MissingExtra, require

if TYPE_CHECKING:
    from rich.progress import Progress

    from ._csv import RowToSend
    from ._journal import Outcome

__all__ = ["RateLimiter", "RunOutput", "run_pool", "start_progress"]

T = TypeVar("T")


class RateLimiter:
    """A token bucket shared by the workers: `per_minute` tokens a minute, `burst` at most.

    `pause` holds every worker back until a moment (a 429 applies to the whole account).
    `per_minute` 0 means unlimited, except for pauses.
    """

    def __init__(self, per_minute: float, burst: int = 1) -> None:
        self._interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self._burst = max(1, burst)
        self._lock = threading.Lock()
        self._tokens = float(self._burst)
        self._refilled = time.monotonic()
        self._paused_until = 0.0

    def acquire(self, stop: threading.Event) -> bool:
        """Wait for a token; False if `stop` was set meanwhile."""
        while not stop.is_set():
            with self._lock:
                wait = self._take()
            if wait is None:
                return True
            stop.wait(min(wait, 0.5))
        return False

    def acquire_now(self) -> bool:
        """A token if one is free right now; False (and no token) if it would mean waiting."""
        with self._lock:
            return self._take() is None

    def time_to_token(self) -> float:
        """Seconds until a token is free (0: one is free now); takes none."""
        with self._lock:
            now = time.monotonic()
            wait = self._paused_until - now
            if wait > 0:
                return wait
            if self._interval == 0:
                return 0.0
            tokens = min(self._burst, self._tokens + (now - self._refilled) / self._interval)
            return 0.0 if tokens >= 1 else (1 - tokens) * self._interval

    def _take(self) -> float | None:
        """Take a token (None), or say how long to wait for one; under the lock."""
        now = time.monotonic()
        wait = self._paused_until - now
        if wait > 0:
            return wait
        if self._interval == 0:
            return None
        self._tokens = min(self._burst, self._tokens + (now - self._refilled) / self._interval)
        self._refilled = now
        if self._tokens >= 1:
            self._tokens -= 1
            return None
        return (1 - self._tokens) * self._interval

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            self._tokens = min(self._tokens, 1.0)


class RunOutput:
    """Where a run talks: stdout for results (text or JSON lines), stderr for the rest.

    Thread-safe; while a progress bar is live, stderr lines go through its console, so they
    appear above the bar instead of tearing it.
    """

    def __init__(self, json_lines: bool, out: IO[str], err: IO[str]) -> None:
        self.json = json_lines
        self.out, self.err = out, err
        self._lock = threading.Lock()
        self.progress: Progress | None = None

    def event(self, kind: str, text: str, **fields: Any) -> None:
        """One notable thing: a JSON line on stdout with --json, else a line on stderr."""
        if self.json:
            self._write_json({"event": kind, **fields})
            return
        with self._lock:
            self._say(text)

    def _write_json(self, document: dict[str, Any]) -> None:
        line = json.dumps(document) + "\n"  # outside the lock: the workers' rows are
        with self._lock:  # written one at a time, not encoded so
            self.out.write(line)
            self.out.flush()

    def row(self, row: RowToSend, outcome: Outcome, device: str | None = None) -> None:
        """A row's outcome (and the phone that took it, with --devices): a JSON line with
        --json; in text, failures and unknowns only."""
        if self.json:  # the event's dict built once (a row's line costs the most per row)
            document = {
                "event": "row",
                "line": row.line,
                "recipient": row.recipient,
                "guid": outcome.guid,
                "status": outcome.state,
                "reason": outcome.reason,
            }
            if device is not None:
                document["device"] = device
            self._write_json(document)
        elif outcome.state in ("failed", "unknown"):
            via = "" if device is None else f" via {device}"
            with self._lock:
                self._say(f"smsmobile: line {row.line} ({row.recipient}){via}: {outcome.state}: "
                          f"{outcome.reason}")  # fmt: skip

    def _say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False)
        else:
            self.err.write(text + "\n")
            self.err.flush()

    def result(self, text: str, document: dict[str, Any]) -> None:
        with self._lock:
            self.out.write((json.dumps(document) if self.json else text) + "\n")
            self.out.flush()


def start_progress(enabled: bool, output: RunOutput, total: int, what: str = "sending") -> Any:
    if not enabled or output.json or not output.err.isatty():
        return None
    try:
        require("cli", "the progress bar of smsmobile bulk")
    except MissingExtra as missing:  # the run itself needs no more than the client
        output.err.write(f"smsmobile: note: no progress bar: {missing}\n")
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(file=output.err),
        transient=False,
    )
    progress.add_task(what, total=total)
    progress.start()
    output.progress = progress
    return progress


def run_pool(
    items: Iterable[T],
    work: Callable[[Callable[[], T | None]], None],
    workers: int,
    stop: threading.Event,
    drain_seconds: float,
    on_interrupt: Callable[[], None],
) -> tuple[bool, bool]:
    """Run `work(take)` in `workers` threads; `take()` hands out the next item, None at the end.

    On `stop` no new item is handed out. On Ctrl-C or SIGTERM (a KeyboardInterrupt here, in the
    main thread) `stop` is set and the requests in flight get `drain_seconds` to finish and be
    recorded; a second interrupt ends the wait. Whether it was interrupted, and whether some
    worker was still busy when the wait ended.
    """
    source = iter(items)
    lock = threading.Lock()
    failures: list[BaseException] = []
    running = [0]  # workers started and not yet ended
    all_done = threading.Condition()

    def take() -> T | None:
        with lock:
            return None if stop.is_set() else next(source, None)

    def worker() -> None:
        try:
            work(take)
        except BaseException as error:  # a bug: stop the run, re-raise in the main thread
            failures.append(error)
            stop.set()
        finally:
            with all_done:
                running[0] -= 1
                all_done.notify_all()

    interrupted = stragglers = False
    try:  # from the first start(): a signal may come as soon as one worker runs
        for _ in range(max(1, workers)):
            with all_done:
                running[0] += 1
            threading.Thread(target=worker, daemon=True).start()
        _wait(all_done, running, None)
    except KeyboardInterrupt:
        stop.set()
        interrupted = True
        try:
            on_interrupt()
            stragglers = not _wait(all_done, running, time.monotonic() + drain_seconds)
        except KeyboardInterrupt:
            stragglers = True
    if failures and not interrupted:
        raise failures[0]
    return interrupted, stragglers


def _wait(all_done: threading.Condition, running: list[int], deadline: float | None) -> bool:
    """Wait until no worker runs (or until `deadline`, monotonic); whether none runs.

    Our own count, not `Thread.is_alive`: a join interrupted by Ctrl-C can leave a thread that
    still runs looking finished. Short waits, so that a signal is handled at once.
    """
    with all_done:
        while running[0]:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            all_done.wait(0.2)
    return True
