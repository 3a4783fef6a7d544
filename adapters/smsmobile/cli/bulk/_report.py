"""Looking back at a bulk journal: `--report`, and `--resend-undelivered` (`/resendwa/`).

The report says which rows are which: accepted (the service took them; delivery is
asynchronous), resent (accepted, then resent at our request), failed (refused by the service:
`--retry-failed` sends them again; or refused by our own validation, which would refuse them
again), unknown (may or may not have gone out) and invalid (never sent).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from ..._errors import AuthenticationError, RateLimited, ServiceError, SmsMobileError
from ._csv import BulkFileError
from ._journal import STATES, Journal, JournalEntry
from ._runner import BulkOptions, open_journal
from ._sender import (
    DEFAULT_PAUSE,
    EXIT_AUTH,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNKNOWN,
    MAX_PAUSE,
    BulkStopped,
)
from ._workers import RateLimiter, RunOutput, run_pool, start_progress

if TYPE_CHECKING:
    from ..._client import WhatsApp

__all__ = ["report", "resend_undelivered", "status_of"]

_NOT_IN_ERROR = "11"  # the service's code for a resend of a message that is not in error


def status_of(entry: JournalEntry) -> str:
    """What the report calls a row: its state, or `resent` for an accepted row resent since."""
    return "resent" if entry.state == "accepted" and entry.resent else entry.state


def report(options: BulkOptions, *, out: IO[str] | None = None) -> int:
    """Print the journal's state without sending anything (read-only, no run lock)."""
    stream = out or sys.stdout
    if not options.journal_path.exists():
        raise BulkFileError(f"no journal at {options.journal_path}: nothing has been run yet")
    with Journal(options.journal_path, exclusive=False) as journal:
        if journal.legacy:
            raise BulkFileError(_LEGACY.format(options.journal_path))
        counts = journal.counts()
        devices = journal.device_counts()
        identity = journal.identity()
        if options.json:  # one document (a report is one result), rows written as read
            head = {
                "event": "report",
                "journal": str(options.journal_path),
                "csv": None if identity is None else identity.path,
                "counts": counts,
                "devices": devices,  # per phone, for rows sent with --devices
            }
            stream.write(json.dumps(head)[:-1] + ', "rows": [')
            separator = "\n  "
            for state in STATES:
                for entry in journal.entries_in_state(state):
                    stream.write(separator + json.dumps(_entry_document(entry)))
                    separator = ",\n  "
            stream.write("\n]}\n" if separator != "\n  " else "]}\n")
            return EXIT_OK
        stream.write(f"journal {options.journal_path}")
        stream.write(f" (for {identity.path})\n" if identity is not None else "\n")
        for name in ("accepted", "resent", "pending", "failed", "unknown", "sending", "invalid"):
            if name in ("sending", "resent") and not counts[name]:
                continue
            stream.write(f"  {name:<9} {counts[name]:>9}\n")
        for sid, tally in devices.items():  # rows sent with --devices, by phone
            stream.write(
                f"  phone {sid}: {tally['accepted']} accepted, {tally['failed']} failed, "
                f"{tally['unknown']} unknown"
                + (f", {tally['sending']} sending" if tally["sending"] else "")
                + "\n"
            )
        _write_sections(stream, journal, counts)
    return EXIT_OK


def _write_sections(stream: IO[str], journal: Journal, counts: dict[str, int]) -> None:
    failed = list(journal.entries_in_state("failed")) if counts["failed"] else []
    refused = [entry for entry in failed if entry.failure_kind != "validation"]
    rejected = [entry for entry in failed if entry.failure_kind == "validation"]
    sections: list[tuple[str, list[JournalEntry]]] = [
        ("failed: refused by the service, never delivered (--retry-failed sends them again):",
         refused),
        ("failed: refused by the client's validation (fix the row; a retry fails again):",
         rejected),
        ("unknown: they may or may not have been sent (--retry-unknown sends them again):",
         list(journal.entries_in_state("unknown")) if counts["unknown"] else []),
        ("sending: being sent when the last run stopped (outcome unknown):",
         list(journal.entries_in_state("sending")) if counts["sending"] else []),
        ("resent: accepted, then resent by the service at our request (--resend-undelivered):",
         list(journal.resent_entries()) if counts["resent"] else []),
        ("invalid: never sent:",
         list(journal.entries_in_state("invalid")) if counts["invalid"] else []),
    ]  # fmt: skip
    for title, entries in sections:
        if entries:
            stream.write(title + "\n")
            for entry in entries:
                detail = entry.guid if status_of(entry) == "resent" else entry.reason
                via = "" if entry.device is None else f" (via {entry.device})"
                stream.write(f"  line {entry.line}: {entry.recipient}{via}: {detail or ''}\n")


def resend_undelivered(
    options: BulkOptions,
    client_factory: Callable[[], WhatsApp],
    *,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Ask the service to resend (`/resendwa/`) the accepted messages it could not deliver.

    The API cannot list delivery statuses, so each accepted GUID is offered: the service
    resends a message in error status, and answers code 11 for one that is not (kept as is).
    Rows that failed before reaching the phone are not touched: that is `--retry-failed`.
    """
    output = RunOutput(options.json, out or sys.stdout, err or sys.stderr)
    if not options.journal_path.exists():
        raise BulkFileError(f"no journal at {options.journal_path}: nothing has been run yet")
    with open_journal(options.journal_path) as journal:
        if journal.legacy:
            raise BulkFileError(_LEGACY.format(options.journal_path))
        total = journal.counts()["accepted"]
        tally = {"resent": 0, "fine": 0, "refused": 0, "unknown": 0}
        tally_lock = threading.Lock()
        stop = threading.Event()
        stopped: list[BulkStopped] = []
        with client_factory() as client:
            limiter = RateLimiter(options.rate_per_minute)
            progress = start_progress(options.progress, output, total, "resending")

            def offer(take: Callable[[], JournalEntry | None]) -> None:
                while (entry := take()) is not None:
                    outcome = _resend_one(client, entry, limiter, stop, journal, output, stopped)
                    with tally_lock:
                        if outcome is not None:
                            tally[outcome] += 1
                    if progress is not None:
                        progress.advance(progress.task_ids[0])

            try:
                interrupted, _ = run_pool(
                    journal.entries_in_state("accepted"),
                    offer,
                    options.workers,
                    stop,
                    options.drain_seconds,
                    lambda: None,
                )
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
    if interrupted:
        raise KeyboardInterrupt
    if tally["unknown"]:
        return EXIT_UNKNOWN
    return EXIT_FAILED if tally["refused"] else EXIT_OK


_LEGACY = (
    "the journal {} was written by an older smsmobile (rows keyed by line): run the bulk "
    "command once to upgrade it"
)


def _resend_one(
    client: WhatsApp,
    entry: JournalEntry,
    limiter: RateLimiter,
    stop: threading.Event,
    journal: Journal,
    output: RunOutput,
    stopped: list[BulkStopped],
) -> str | None:
    pauses = 0
    while limiter.acquire(stop):
        assert entry.guid is not None
        try:
            client.resend(entry.guid)
        except RateLimited as error:
            wait = error.retry_after or min(DEFAULT_PAUSE * 2**pauses, MAX_PAUSE)
            pauses += 1
            limiter.pause(wait)
            continue
        except ServiceError as error:
            if error.code == _NOT_IN_ERROR:
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
        journal.mark_resent(entry.key)
        output.event(
            "resent", f"smsmobile: line {entry.line}: resent", line=entry.line, guid=entry.guid
        )
        return "resent"
    return None


def _entry_document(entry: JournalEntry) -> dict[str, Any]:
    return {
        "event": "row",
        "line": entry.line,
        "status": status_of(entry),
        "state": entry.state,
        "recipient": entry.recipient,
        "guid": entry.guid,
        "reason": entry.reason,
        "retryable": entry.state == "failed" and entry.failure_kind != "validation",
        "attempts": entry.attempts,
        "resent": entry.resent,
        "device": entry.device,
    }
