"""`smsmobile bulk`: send one message per CSV row, resumably, with the journal as the only state.

A run has two streaming passes over the file. The first validates every row with the client's
own rules and records it in the journal (`pending` or `invalid`); the second sends the rows the
journal still has `pending`, through a pool of workers that share one token bucket. Re-running
the same command resumes: accepted rows are never sent again, and rows whose outcome is unknown
are left alone unless `--retry-unknown` is given. Memory stays flat whatever the file's size:
rows are read one at a time, and each worker takes the next one from the stream when it is free.

The run is CPU-bound under the GIL, so the send pass keeps its own work per row small: rows are
not validated again (`WhatsApp.send` does), there is no queue and no feeder thread, and each row
costs one journal commit (its outcome goes with the next row's `sending`, see `_Sender.work`).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ._bulk_csv import BulkFileError, RowToSend, read_rows, rows_to_send
from ._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    RateLimited,
    ServiceError,
    SmsMobileError,
    TransportError,
)
from ._journal import Journal, JournalEntry, JournalMismatch, Outcome, RowState

if TYPE_CHECKING:
    from rich.progress import Progress

    from ._client import WhatsApp

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNKNOWN",
    "BulkOptions",
    "BulkStopped",
    "RateLimiter",
    "report",
    "resend_accepted",
    "run",
]

EXIT_OK, EXIT_INVALID, EXIT_AUTH, EXIT_FAILED, EXIT_UNKNOWN = 0, 2, 3, 4, 5
_BATCH = 1000
_DEFAULT_PAUSE = 5.0  # seconds, when a 429 comes without Retry-After
_MAX_PAUSE = 300.0
T = TypeVar("T")
_LISTED: tuple[RowState, ...] = ("failed", "unknown", "sending", "invalid")


class BulkStopped(Exception):
    """The run stopped before the end; `exit_code` says why (3 credentials, 5 unreachable)."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.exit_code = exit_code
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class BulkOptions:
    csv_path: Path
    journal_path: Path
    rate_per_minute: float = 60.0
    workers: int = 4
    retry_unknown: bool = False
    force: bool = False
    json: bool = False
    progress: bool = True
    validate_only: bool = False


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


class _Output:
    """Where a run talks: stdout for results (text or JSON lines), stderr for the rest.

    Thread-safe; while a progress bar is live, stderr lines go through it so they do not tear it.
    """

    def __init__(self, json_lines: bool, out: IO[str], err: IO[str]) -> None:
        self.json = json_lines
        self._out, self._err = out, err
        self._lock = threading.Lock()
        self.progress: Progress | None = None

    def event(self, kind: str, text: str, **fields: Any) -> None:
        """One notable thing: a JSON line on stdout with --json, else a line on stderr."""
        with self._lock:
            if self.json:
                self._out.write(json.dumps({"event": kind, **fields}) + "\n")
                self._out.flush()
            elif self.progress is not None:
                self.progress.console.print(text, markup=False, highlight=False)
            else:
                self._err.write(text + "\n")
                self._err.flush()

    def result(self, text: str, document: dict[str, Any]) -> None:
        with self._lock:
            self._out.write((json.dumps(document) if self.json else text) + "\n")
            self._out.flush()


def run(
    options: BulkOptions,
    client_factory: Callable[[], WhatsApp],
    *,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Validate, record and send; the exit code (see `exit_code_for`)."""
    output = _Output(options.json, out or sys.stdout, err or sys.stderr)
    identity = _identity(options.csv_path)
    with Journal(options.journal_path) as journal:
        try:
            journal.adopt(identity, force=options.force)
        except JournalMismatch as error:
            raise BulkFileError(str(error)) from None
        crashed = journal.recover(retry_unknown=options.retry_unknown)
        if crashed:
            output.event(
                "recovered",
                f"smsmobile: {crashed} row(s) were being sent when a previous run stopped: "
                "marked unknown (they may or may not have gone out; see --report)",
                rows=crashed,
            )
        invalid = _validate(options, journal, output)
        todo = sum(1 for _ in journal.lines_in_state("pending"))
        stopped: BulkStopped | None = None
        if todo and not options.validate_only:
            with client_factory() as client:
                sender = _Sender(client, journal, RateLimiter(options.rate_per_minute), output)
                progress = _progress(options, output, todo)
                try:
                    _pool(
                        rows_to_send(options.csv_path, journal.lines_in_state("pending")),
                        sender.work,
                        options.workers,
                        sender.stop,
                    )
                finally:
                    if progress is not None:
                        progress.stop()
                        output.progress = None
                stopped = sender.stopped
        counts = journal.counts()
    if options.validate_only:
        code = EXIT_INVALID if invalid else EXIT_OK
    else:
        code = stopped.exit_code if stopped is not None else exit_code_for(counts)
    _summary(output, options.journal_path, counts, invalid, code)
    if stopped is not None:
        raise stopped
    return code


def exit_code_for(counts: dict[str, int]) -> int:
    """5 if any row's outcome is unknown, else 4 if any failed, else 2 if any row is invalid."""
    if counts["unknown"] or counts["sending"]:
        return EXIT_UNKNOWN
    if counts["failed"]:
        return EXIT_FAILED
    if counts["invalid"]:
        return EXIT_INVALID
    return EXIT_OK


def report(options: BulkOptions, *, out: IO[str] | None = None) -> int:
    """Print the journal's state without sending anything (read-only)."""
    stream = out or sys.stdout
    if not options.journal_path.exists():
        raise BulkFileError(f"no journal at {options.journal_path}: nothing has been run yet")
    with Journal(options.journal_path) as journal:
        counts = journal.counts()
        identity = journal.identity()
        if options.json:
            stream.write(
                json.dumps(
                    {
                        "event": "report",
                        "journal": str(options.journal_path),
                        "csv": None if identity is None else identity.path,
                        "counts": counts,
                    }
                )
                + "\n"
            )
            for state in _LISTED:
                for entry in journal.entries_in_state(state):
                    stream.write(json.dumps(_entry_document(entry)) + "\n")
            return EXIT_OK
        stream.write(f"journal {options.journal_path}")
        stream.write(f" (for {identity.path})\n" if identity is not None else "\n")
        for state in ("accepted", "pending", "failed", "unknown", "sending", "invalid"):
            if state in ("sending",) and not counts[state]:
                continue
            stream.write(f"  {state:<9} {counts[state]:>9}\n")
        if counts["resent"]:
            stream.write(f"  {'resent':<9} {counts['resent']:>9}\n")
        sections: tuple[tuple[RowState, str], ...] = (
            ("failed", "failed rows:"),
            (
                "unknown",
                "rows whose outcome is unknown (they may or may not have been sent; "
                "re-run with --retry-unknown to send them again):",
            ),
            ("sending", "rows that were being sent when the last run stopped (outcome unknown):"),
            ("invalid", "invalid rows (never sent):"),
        )
        for state, title in sections:
            if counts[state]:
                stream.write(title + "\n")
                for entry in journal.entries_in_state(state):
                    stream.write(f"  line {entry.line}: {entry.recipient}: {entry.reason or ''}\n")
    return EXIT_OK


def resend_accepted(
    options: BulkOptions,
    client_factory: Callable[[], WhatsApp],
    *,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """`/resendwa/` every accepted row; the service resends only those it marked as errored.

    The API cannot list delivery statuses, so each accepted GUID is offered for a resend: a
    reply with code "11" (not in error status) means the message was fine and it is kept as is.
    """
    output = _Output(options.json, out or sys.stdout, err or sys.stderr)
    if not options.journal_path.exists():
        raise BulkFileError(f"no journal at {options.journal_path}: nothing has been run yet")
    with Journal(options.journal_path) as journal:
        total = journal.counts()["accepted"]
        tally = {"resent": 0, "fine": 0, "refused": 0, "unknown": 0}
        tally_lock = threading.Lock()
        stop = threading.Event()
        stopped: list[BulkStopped] = []
        with client_factory() as client:
            limiter = RateLimiter(options.rate_per_minute)
            progress = _progress(options, output, total, "resending")

            def offer(take: Callable[[], JournalEntry | None]) -> None:
                while (entry := take()) is not None:
                    outcome = _resend_one(client, entry, limiter, stop, journal, output, stopped)
                    with tally_lock:
                        if outcome is not None:
                            tally[outcome] += 1
                    if progress is not None:
                        progress.advance(progress.task_ids[0])

            try:
                _pool(journal.entries_in_state("accepted"), offer, options.workers, stop)
            finally:
                if progress is not None:
                    progress.stop()
                    output.progress = None
    output.result(
        f"resend: {tally['resent']} resent, {tally['fine']} not in error (kept), "
        f"{tally['refused']} refused, {tally['unknown']} outcome unknown",
        {"event": "resend_summary", **tally},
    )
    if stopped:
        raise stopped[0]
    if tally["unknown"]:
        return EXIT_UNKNOWN
    return EXIT_FAILED if tally["refused"] else EXIT_OK


# -- internals ---------------------------------------------------------------------------------


def _identity(path: Path) -> Any:
    from ._journal import FileIdentity

    try:
        return FileIdentity.of(path)
    except OSError as error:
        raise BulkFileError(f"cannot read {path}: {error.strerror or error}") from error


def _validate(options: BulkOptions, journal: Journal, output: _Output) -> int:
    """The first pass: record every row, report the bad ones; the number of bad rows."""
    invalid = 0
    changed: list[int] = []
    last_line = 0
    batch: list[tuple[int, str, str, str | None]] = []
    for row in read_rows(options.csv_path):
        last_line = row.line
        if row.problem is not None:
            invalid += 1
            output.event(
                "invalid",
                f"smsmobile: line {row.line}: {row.problem}",
                line=row.line,
                reason=row.problem,
            )
        batch.append((row.line, row.content_hash, row.recipient, row.problem))
        if len(batch) >= _BATCH:
            changed += journal.record_rows(batch, replace_changed=options.force)
            batch.clear()
    changed += journal.record_rows(batch, replace_changed=options.force)
    if changed:
        shown = ", ".join(str(line) for line in changed[:10]) + (
            ", ..." if len(changed) > 10 else ""
        )
        raise BulkFileError(
            f"{options.csv_path} changed since the journal was written (lines {shown}); "
            "use --force to continue with this version"
        )
    if options.force:
        journal.drop_lines_after(last_line)
    return invalid


def _progress(options: BulkOptions, output: _Output, total: int, what: str = "sending") -> Any:
    if not options.progress or options.json or not sys.stderr.isatty():
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
        console=Console(file=sys.stderr),
        transient=False,
    )
    progress.add_task(what, total=total)
    progress.start()
    output.progress = progress
    return progress


def _pool(
    items: Iterable[T],
    work: Callable[[Callable[[], T | None]], None],
    workers: int,
    stop: threading.Event,
) -> None:
    """Run `work(take)` in `workers` threads; `take()` hands out the next item, None at the end.

    The items come straight from the iterator, one at a time under a lock: no queue and no
    feeder thread to pay for. On `stop` (or Ctrl-C) no new item is handed out; the ones in
    flight finish and are recorded.
    """
    source = iter(items)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def take() -> T | None:
        with lock:
            return None if stop.is_set() else next(source, None)

    def worker() -> None:
        try:
            work(take)
        except BaseException as error:  # a bug: stop the run, re-raise in the main thread
            failures.append(error)
            stop.set()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, workers))]
    for thread in threads:
        thread.start()
    try:
        _join(threads)
    except BaseException:  # Ctrl-C or SIGTERM: let the requests in flight finish
        stop.set()
        _join(threads)
        raise
    if failures:
        raise failures[0]


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)


class _Sender:
    """Sends rows, recording each transition in the journal around the request."""

    def __init__(
        self, client: WhatsApp, journal: Journal, limiter: RateLimiter, output: _Output
    ) -> None:
        self.client = client
        self.journal = journal
        self.limiter = limiter
        self.output = output
        self.stop = threading.Event()
        self.stopped: BulkStopped | None = None
        self._lock = threading.Lock()

    def work(self, take: Callable[[], RowToSend | None]) -> None:
        """One worker: send the rows `take` hands out until there are none or the run stops.

        A row's outcome is committed with the next row's `sending`, in one transaction, when
        the next request can leave at once; whenever the worker would wait instead (for a
        token, or because there is no next row), the outcome is committed alone first. Either
        way it is durable before anything else happens, as `sending` is before a request.
        """
        outcome: Outcome | None = None
        try:
            row = take()
            while row is not None and not self.stop.is_set():
                if not self.limiter.acquire_now():
                    if outcome is not None:
                        self.journal.settle(outcome)
                        outcome = None
                    if not self.limiter.acquire(self.stop):
                        break
                self.journal.settle(outcome, sending=row.line)  # before the request leaves
                outcome = None
                try:
                    following = take()  # now: nothing may delay the commit after the reply
                except BaseException:
                    self.journal.mark_pending(row.line)  # its request never left
                    raise
                outcome = self._send(row)
                if outcome is not None:
                    self._advance()
                row = following
        finally:
            if outcome is not None:
                self.journal.settle(outcome)

    def _send(self, row: RowToSend) -> Outcome | None:
        """Send `row` (already `sending`); its outcome, or None if the run stopped while a 429
        kept it waiting (then it is `pending` again)."""
        line, pauses = row.line, 0
        while True:
            try:
                sent = self.client.send(row.recipient, row.message, media_url=row.media_url)
            except RateLimited as error:
                # a 429 means the service did not take it: back to pending, pause everyone
                self.journal.mark_pending(line, "rate limited; re-queued")
                wait = error.retry_after or min(_DEFAULT_PAUSE * 2**pauses, _MAX_PAUSE)
                pauses += 1
                self.limiter.pause(wait)
                self.output.event(
                    "paused",
                    f"smsmobile: rate limited by the service: pausing for {wait:g} s",
                    seconds=wait,
                    line=line,
                )
                if not self.limiter.acquire(self.stop):
                    return None
                self.journal.mark_sending(line)
                continue
            except InvalidRequest as error:
                return Outcome(line, "failed", reason=str(error), failure_kind="validation")
            except AuthenticationError as error:
                self._halt(
                    f"authentication refused ({error}); the run stopped, the other rows are "
                    "still pending: fix the credentials and re-run the same command",
                    EXIT_AUTH,
                )
                return Outcome(
                    line, "failed", reason=f"authentication refused: {error}", failure_kind="auth"
                )
            except ServiceError as error:
                reason = f"service error {error.code}: {error}"
                return Outcome(line, "failed", reason=reason, failure_kind="service")
            except ConnectError as error:
                self._halt(
                    f"cannot reach the service ({error}); the run stopped, the remaining rows "
                    "are still pending: re-run the same command to continue",
                    EXIT_UNKNOWN,
                )
                return Outcome(line, "pending", reason="service unreachable")
            except TransportError as error:  # OutcomeUnknown and anything after the request left
                return Outcome(line, "unknown", reason=f"outcome unknown: {error}")
            except BaseException as error:
                self.journal.mark_unknown(line, f"outcome unknown: {type(error).__name__}")
                raise
            return Outcome(line, "accepted", guid=sent.guid)

    def _halt(self, message: str, exit_code: int) -> None:
        with self._lock:
            if self.stopped is None:
                self.stopped = BulkStopped(message, exit_code)
        self.stop.set()

    def _advance(self) -> None:
        progress = self.output.progress
        if progress is not None:
            progress.advance(progress.task_ids[0])


def _resend_one(
    client: WhatsApp,
    entry: JournalEntry,
    limiter: RateLimiter,
    stop: threading.Event,
    journal: Journal,
    output: _Output,
    stopped: list[BulkStopped],
) -> str | None:
    pauses = 0
    while limiter.acquire(stop):
        assert entry.guid is not None
        try:
            client.resend(entry.guid)
        except RateLimited as error:
            wait = error.retry_after or min(_DEFAULT_PAUSE * 2**pauses, _MAX_PAUSE)
            pauses += 1
            limiter.pause(wait)
            continue
        except ServiceError as error:
            if error.code == "11":
                return "fine"
            output.event(
                "resend_refused",
                f"smsmobile: line {entry.line}: resend refused: service error {error.code}: "
                f"{error}",
                line=entry.line,
                guid=entry.guid,
                code=error.code,
                reason=str(error),
            )
            return "refused"
        except AuthenticationError as error:
            stopped.append(BulkStopped(f"authentication refused ({error})", EXIT_AUTH))
            stop.set()
            return None
        except SmsMobileError as error:
            output.event(
                "resend_unknown",
                f"smsmobile: line {entry.line}: resend outcome unknown ({error}): the message "
                "may or may not have been resent",
                line=entry.line,
                guid=entry.guid,
                reason=str(error),
            )
            return "unknown"
        journal.mark_resent(entry.line)
        output.event(
            "resent", f"smsmobile: line {entry.line}: resent", line=entry.line, guid=entry.guid
        )
        return "resent"
    return None


def _entry_document(entry: JournalEntry) -> dict[str, Any]:
    return {
        "event": "row",
        "line": entry.line,
        "state": entry.state,
        "recipient": entry.recipient,
        "guid": entry.guid,
        "reason": entry.reason,
        "attempts": entry.attempts,
    }


def _summary(
    output: _Output, journal_path: Path, counts: dict[str, int], invalid: int, code: int
) -> None:
    text = (
        f"bulk: {counts['accepted']} accepted, {counts['failed']} failed, "
        f"{counts['unknown']} unknown, {counts['invalid']} invalid, {counts['pending']} pending "
        f"(journal {journal_path})"
    )
    if counts["unknown"]:
        text += (
            f"\n{counts['unknown']} row(s) may or may not have been sent: see --report; "
            "--retry-unknown sends them again"
        )
    output.result(
        text,
        {"event": "summary", "journal": str(journal_path), "counts": counts, "exit_code": code},
    )
