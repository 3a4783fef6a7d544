"""`smsmobile bulk`: send one message per CSV row, resumably, with the journal as the only state.

A run has two streaming passes over the file. The first validates every row with the client's
own rules and records it in the journal under its content key (`pending`, `invalid`, or a
duplicate of an earlier row); the second sends the rows the journal still has `pending`,
through a pool of workers that share one token bucket. Re-running the same command resumes:
accepted rows are never sent again, rows whose outcome is unknown are left alone unless
`--retry-unknown`, rows the service refused unless `--retry-failed`. Memory stays flat whatever
the file's size: rows are read one at a time, and each worker takes the next one when it is free.

SIGTERM or the first Ctrl-C (a KeyboardInterrupt in the main thread) starts no new row, waits a
bounded time for the requests in flight and records their outcome, then prints the summary and
the command that resumes; the run exits 130. A request still in flight after that wait, or after
a second Ctrl-C, is recorded `unknown`, never left `sending`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    RateLimited,
    ServiceError,
    TransportError,
)
from ._csv import BulkFileError, CsvLayout, RowToSend, read_rows, rows_to_send
from ._journal import FileIdentity, Journal, JournalBusy, JournalMismatch, Outcome, RecordedRow
from ._workers import RateLimiter, RunOutput, run_pool, start_progress

if TYPE_CHECKING:
    from ..._client import WhatsApp

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNKNOWN",
    "BulkOptions",
    "BulkStopped",
    "RateLimiter",
    "open_journal",
    "run",
]

EXIT_OK, EXIT_INVALID, EXIT_AUTH, EXIT_FAILED, EXIT_UNKNOWN = 0, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
_BATCH = 5_000
_DEFAULT_PAUSE = 5.0  # seconds, when a 429 comes without Retry-After
_MAX_PAUSE = 300.0


class BulkStopped(Exception):
    """The run stopped before the end; `exit_code` says why (3 credentials, 5 unreachable)."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.exit_code = exit_code
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class BulkOptions:
    """`resume_command` is printed when the run is interrupted (built without any secret);
    `drain_seconds` bounds the wait for the requests in flight after an interrupt."""

    csv_path: Path
    journal_path: Path
    rate_per_minute: float = 60.0
    workers: int = 4
    retry_unknown: bool = False
    retry_failed: bool = False
    force: bool = False
    json: bool = False
    progress: bool = True
    validate_only: bool = False
    layout: CsvLayout = field(default_factory=CsvLayout)
    resume_command: str | None = None
    drain_seconds: float = 30.0


def open_journal(path: Path) -> Journal:
    """The journal, locked for this run (BulkFileError if another run holds it)."""
    try:
        return Journal(path)
    except JournalBusy as error:
        raise BulkFileError(str(error)) from None
    except OSError as error:
        raise BulkFileError(f"cannot open the journal {path}: {error.strerror or error}") from None


def run(
    options: BulkOptions,
    client_factory: Callable[[], WhatsApp],
    *,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Validate, record and send; the exit code (see `exit_code_for`; 130 if interrupted)."""
    output = RunOutput(options.json, out or sys.stdout, err or sys.stderr)
    identity = _identity(options.csv_path)
    stopped: BulkStopped | None = None
    interrupted = False
    with open_journal(options.journal_path) as journal:
        journal.upgrade()
        try:
            journal.adopt(identity, force=options.force)
        except JournalMismatch as error:
            raise BulkFileError(str(error)) from None
        crashed = journal.recover(
            retry_unknown=options.retry_unknown, retry_failed=options.retry_failed
        )
        if crashed:
            output.event(
                "recovered",
                f"smsmobile: {crashed} row(s) were being sent when a previous run stopped: "
                "marked unknown (they may or may not have gone out; see --report)",
                rows=crashed,
            )
        duplicates = 0
        try:
            duplicates = _validate(options, journal, output)
            if not options.validate_only:
                stopped, interrupted = _send_pending(options, journal, output, client_factory)
        except KeyboardInterrupt:  # before or after the send pass: nothing is in flight
            interrupted = True
        counts = journal.counts()
    if interrupted:
        code = EXIT_INTERRUPTED
    elif options.validate_only:
        code = EXIT_INVALID if counts["invalid"] or duplicates else EXIT_OK
    else:
        code = stopped.exit_code if stopped is not None else exit_code_for(counts)
        if code == EXIT_OK and duplicates:
            code = EXIT_INVALID
    _summary(output, options, counts, duplicates, code, interrupted)
    if stopped is not None and not interrupted:
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


# -- internals ---------------------------------------------------------------------------------


def _identity(path: Path) -> FileIdentity:
    try:
        return FileIdentity.of(path)
    except OSError as error:
        raise BulkFileError(f"cannot read {path}: {error.strerror or error}") from error


def _validate(options: BulkOptions, journal: Journal, output: RunOutput) -> int:
    """The first pass: record every row, report the bad ones; the number of duplicates."""
    duplicates = 0
    batch: list[RecordedRow] = []
    invalid: list[tuple[int, str, str]] = []  # (line, problem, key) of this batch's bad rows
    known_invalid = 0  # bad rows an earlier run reported already: counted, not printed again

    def duplicate(line: int, first: int) -> None:
        nonlocal duplicates
        duplicates += 1
        output.event(
            "duplicate",
            f"smsmobile: line {line}: same recipient, message and media as line {first}: sent once",
            line=line,
            first_line=first,
        )

    def flush() -> None:
        nonlocal known_invalid
        # people see a re-run's known bad rows as one count; --json streams every row each run
        quiet = invalid and not output.json
        known = journal.known_keys(key for _, _, key in invalid) if quiet else set()
        for line, problem, key in invalid:
            if key in known:
                known_invalid += 1
                continue
            output.event("invalid", f"smsmobile: line {line}: {problem}", line=line, reason=problem)
        invalid.clear()
        for line, first in journal.record_rows(batch):
            duplicate(line, first)
        batch.clear()

    journal.begin_validation()
    rows = read_rows(options.csv_path, options.layout, raw_hashes=journal.needs_legacy_hashes)
    for row in rows:
        if row.problem is not None:
            invalid.append((row.line, row.problem, row.key))
        batch.append(RecordedRow(row.key, row.line, row.recipient, row.problem, row.raw_hash))
        if len(batch) >= _BATCH:
            flush()
    flush()
    journal.finish_validation(duplicate)
    if known_invalid:
        output.event(
            "invalid_known",
            f"smsmobile: {known_invalid} invalid row(s) already reported by an earlier run, not "
            f"printed again; `--report` lists them",
            rows=known_invalid,
        )
    return duplicates


def _send_pending(
    options: BulkOptions,
    journal: Journal,
    output: RunOutput,
    client_factory: Callable[[], WhatsApp],
) -> tuple[BulkStopped | None, bool]:
    """The second pass; why it stopped early (or None), and whether it was interrupted."""
    todo = journal.count_pending()
    if not todo:
        return None, False
    with client_factory() as client:
        sender = _Sender(client, journal, RateLimiter(options.rate_per_minute), output)
        progress = start_progress(options.progress, output, todo)
        try:
            interrupted, stragglers = run_pool(
                rows_to_send(options.csv_path, journal.pending_rows(), options.layout),
                sender.work,
                options.workers,
                sender.stop,
                options.drain_seconds,
                lambda: output.event(
                    "interrupted",
                    "smsmobile: interrupted: no new row is started; waiting for the requests "
                    "in flight (Ctrl-C again to stop now)",
                ),
            )
        finally:
            journal.write_outcomes()
            if progress is not None:
                progress.stop()
                output.progress = None
        if stragglers:
            journal.abandon_sending(
                "the run was interrupted while this row's request was in flight: it may or "
                "may not have gone out"
            )
    return sender.stopped, interrupted


class _Sender:
    """Sends rows, recording each transition in the journal around the request."""

    def __init__(
        self, client: WhatsApp, journal: Journal, limiter: RateLimiter, output: RunOutput
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

        A row is claimed (`sending`, committed) just before its request leaves; its outcome is
        committed with the next claim (one commit per row), or before any wait for the rate
        limit, or when the pass ends. A row someone else claimed is skipped.
        """
        while not self.stop.is_set():
            row = take()
            if row is None:
                return
            if not self.limiter.acquire_now():  # a wait: no outcome stays unwritten meanwhile
                self.journal.write_outcomes()
                if not self.limiter.acquire(self.stop):
                    return  # an untaken row stays pending
            elif self.stop.is_set():
                return
            if not self.journal.claim(row.key):
                continue
            outcome = self._send(row)
            if outcome is not None:
                self.journal.settle_later(outcome)
                self.output.row(row, outcome)
                self._advance()

    def _send(self, row: RowToSend) -> Outcome | None:
        """Send `row` (already `sending`); its outcome, or None if the run stopped while a 429
        kept it waiting (then it is `pending` again)."""
        key, pauses = row.key, 0
        while True:
            try:
                sent = self.client.send(row.recipient, row.message, media_url=row.media_url)
            except RateLimited as error:
                # a 429 means the service did not take it: back to pending, pause everyone
                self.journal.mark_pending(key, "rate limited; re-queued")
                wait = error.retry_after or min(_DEFAULT_PAUSE * 2**pauses, _MAX_PAUSE)
                pauses += 1
                self.limiter.pause(wait)
                self.output.event(
                    "paused",
                    f"smsmobile: rate limited by the service: pausing for {wait:g} s",
                    seconds=wait,
                    line=row.line,
                )
                if not self.limiter.acquire(self.stop) or not self.journal.claim(key):
                    return None
                continue
            except InvalidRequest as error:
                return Outcome(key, "failed", reason=str(error), failure_kind="validation")
            except AuthenticationError as error:
                self._halt(
                    f"authentication refused ({error}); the run stopped, the other rows are "
                    "still pending: fix the credentials and re-run the same command",
                    EXIT_AUTH,
                )
                return Outcome(
                    key, "failed", reason=f"authentication refused: {error}", failure_kind="auth"
                )
            except ServiceError as error:
                reason = f"service error {error.code}: {error}"
                return Outcome(key, "failed", reason=reason, failure_kind="service")
            except ConnectError as error:
                self._halt(
                    f"cannot reach the service ({error}); the run stopped, the remaining rows "
                    "are still pending: re-run the same command to continue",
                    EXIT_UNKNOWN,
                )
                return Outcome(key, "pending", reason="service unreachable")
            except TransportError as error:  # OutcomeUnknown and anything after the request left
                return Outcome(key, "unknown", reason=f"outcome unknown: {error}")
            except BaseException as error:
                self.journal.settle(
                    Outcome(key, "unknown", reason=f"outcome unknown: {type(error).__name__}")
                )
                raise
            return Outcome(key, "accepted", guid=sent.guid)

    def _halt(self, message: str, exit_code: int) -> None:
        with self._lock:
            if self.stopped is None:
                self.stopped = BulkStopped(message, exit_code)
        self.stop.set()

    def _advance(self) -> None:
        progress = self.output.progress
        if progress is not None:
            progress.advance(progress.task_ids[0])


def _summary(
    output: RunOutput,
    options: BulkOptions,
    counts: dict[str, int],
    duplicates: int,
    code: int,
    interrupted: bool,
) -> None:
    text = (
        f"bulk: {counts['accepted']} accepted, {counts['failed']} failed, "
        f"{counts['unknown']} unknown, {counts['invalid']} invalid, {counts['pending']} pending"
        + (f", {duplicates} duplicate" if duplicates else "")
        + f" (journal {options.journal_path})"
    )
    if interrupted:
        text = "interrupted; " + text
    if counts["unknown"]:
        text += (
            f"\n{counts['unknown']} row(s) may or may not have been sent: see --report; "
            "--retry-unknown sends them again"
        )
    if counts["failed"]:
        text += f"\n{counts['failed']} row(s) failed: see --report; --retry-failed sends again "
        text += "those the service refused"
    document: dict[str, Any] = {
        "event": "summary",
        "journal": str(options.journal_path),
        "counts": counts,
        "duplicates": duplicates,
        "exit_code": code,
        "interrupted": interrupted,
    }
    if interrupted and options.resume_command:
        text += f"\nresume with: {options.resume_command}"
        document["resume"] = options.resume_command
    output.result(text, document)
