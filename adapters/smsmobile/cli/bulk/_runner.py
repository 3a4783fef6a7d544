"""`smsmobile bulk`: send one message per CSV row, resumably, with the journal as the only state.

A run has two streaming passes over the file. The first validates every row with the client's
own rules and records it in the journal under its content key (`pending`, `invalid`, or a
duplicate of an earlier row); the second sends the rows the journal still has `pending`,
through a pool of workers that share one token bucket (one per phone with `--devices`, see
`_phones`; the worker is `_sender.Sender`). Re-running the same command resumes:
accepted rows are never sent again, rows whose outcome is unknown are left alone unless
`--retry-unknown`, rows the service refused unless `--retry-failed`. Memory stays flat whatever
the file's size: rows are read one at a time, and each worker takes the next one when it is free.

SIGTERM or the first Ctrl-C (a KeyboardInterrupt in the main thread) starts no new row, waits a
bounded time for the requests in flight and records their outcome, then prints the summary and
the command that resumes; the run exits 130. A request still in flight after that wait, or after
a second Ctrl-C, is recorded `unknown`, never left `sending`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._csv import BulkFileError, CsvLayout, RowBatch, read_batches, read_rows, rows_to_send
from ._journal import (
    FileIdentity,
    Journal,
    JournalBusy,
    JournalMismatch,
    PlainRows,
    RecordedRow,
)
from ._phones import Phones, resolve_devices
from ._sender import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNKNOWN,
    BulkStopped,
    Sender,
)
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

_BATCH = 1_000


@dataclass(frozen=True, slots=True)
class BulkOptions:
    """`resume_command` is printed when the run is interrupted (built without any secret);
    `drain_seconds` bounds the wait for the requests in flight after an interrupt; `devices`
    spreads the rows over the account's phones, `rate_per_minute` each."""

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
    devices: str | tuple[str, ...] | None = None  # --devices: "all" or SIDs; None: the default


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
    retired: dict[str, str] = {}
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
            with _collector_paused():
                duplicates = _validate(options, journal, output)
            if not options.validate_only:
                stopped, interrupted = _send_pending(
                    options, journal, output, client_factory, retired
                )
        except KeyboardInterrupt:  # before or after the send pass: nothing is in flight
            interrupted = True
        counts = journal.counts()
        devices = journal.device_counts() if options.devices is not None else None
    if interrupted:
        code = EXIT_INTERRUPTED
    elif options.validate_only:
        code = EXIT_INVALID if counts["invalid"] or duplicates else EXIT_OK
    else:
        code = stopped.exit_code if stopped is not None else exit_code_for(counts)
        if code == EXIT_OK and duplicates:
            code = EXIT_INVALID
    _summary(output, options, counts, duplicates, code, interrupted, devices, retired)
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

    journal.begin_validation()
    for batch in _batches(options, journal):
        invalid = [row for row in batch.others if row.problem is not None]
        # people see a re-run's known bad rows as one count; --json streams every row each run
        quiet = invalid and not output.json
        known = journal.known_keys(row.key for row in invalid) if quiet else set()
        for row in invalid:
            if row.key in known:
                known_invalid += 1
                continue
            output.event(
                "invalid", f"smsmobile: line {row.line}: {row.problem}", line=row.line,
                reason=row.problem,
            )  # fmt: skip
        recorded = [
            RecordedRow(row.key, row.line, row.recipient, row.problem, row.raw_hash)
            for row in batch.others
        ]
        for line, first in journal.record_batch(
            PlainRows(batch.keys, batch.lines, batch.recipients), recorded
        ):
            duplicate(line, first)
    journal.finish_validation(duplicate)
    if known_invalid:
        output.event(
            "invalid_known",
            f"smsmobile: {known_invalid} invalid row(s) already reported by an earlier run, not "
            f"printed again; `--report` lists them",
            rows=known_invalid,
        )
    return duplicates


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the validation pass, which allocates a list
    per row and no reference cycle (a test holds it to that): the collector would still walk
    the whole heap every few tens of thousands of rows, about 7% of the pass's CPU."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _batches(options: BulkOptions, journal: Journal) -> Iterator[RowBatch]:
    """The file's rows in batches of `_BATCH`; row by row, with their schema-1 hashes, while a
    schema-1 journal is taken over."""
    if not journal.needs_legacy_hashes:
        yield from read_batches(options.csv_path, options.layout, size=_BATCH)
        return
    others = []
    for row in read_rows(options.csv_path, options.layout):
        others.append(row)
        if len(others) >= _BATCH:
            yield RowBatch([], [], [], others)
            others = []
    yield RowBatch([], [], [], others)


def _send_pending(
    options: BulkOptions,
    journal: Journal,
    output: RunOutput,
    client_factory: Callable[[], WhatsApp],
    retired: dict[str, str],
) -> tuple[BulkStopped | None, bool]:
    """The second pass; why it stopped early (or None), and whether it was interrupted. The
    phones retired on the way go into `retired` (SID -> why)."""
    todo = journal.count_pending()
    if not todo:
        return None, False
    with client_factory() as client:
        sids: tuple[str | None, ...] = (None,)
        if options.devices is not None:
            sids = resolve_devices(client, options.devices)
        phones = Phones(sids, options.rate_per_minute)
        sender = Sender(client, journal, phones, output)
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
    retired.update(phones.retired())
    return sender.stopped, interrupted


def _summary(
    output: RunOutput,
    options: BulkOptions,
    counts: dict[str, int],
    duplicates: int,
    code: int,
    interrupted: bool,
    devices: dict[str, dict[str, int]] | None,
    retired: dict[str, str],
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
    if devices is not None:  # --devices: what each phone took, in the whole journal
        document["devices"] = {
            sid: {**tally, "retired": sid in retired} for sid, tally in devices.items()
        }
        for sid, tally in devices.items():
            text += (
                f"\n  phone {sid}: {tally['accepted']} accepted, {tally['failed']} failed, "
                f"{tally['unknown']} unknown" + (" (retired in this run)" if sid in retired else "")
            )
    if interrupted and options.resume_command:
        text += f"\nresume with: {options.resume_command}"
        document["resume"] = options.resume_command
    output.result(text, document)
