"""The bulk journal: one SQLite file that is the whole state of a bulk run.

A row of the CSV is keyed by the line it starts on, with a hash of its content. Its state moves

    pending ──> sending ──> accepted (guid)
       │           ├──────> failed (reason)
       │           ├──────> unknown (reason)      the request may have left; never resent blindly
       │           └──────> pending               a 429 or a refused connection: not taken
    invalid (reason)                               never sent

`sending` is committed before the request leaves and the outcome right after it, so a row found
in `sending` when a run starts belonged to a process that died mid-request: it becomes `unknown`.
WAL with synchronous=NORMAL: a committed state survives the process being killed (the case this
journal exists for); a power cut may lose the last few transitions.

No index on `state`: every transition would update it too (about a third of the cost of a
commit), while the queries by state either walk the lines in order anyway (`lines_in_state`) or
read every row once (counts, start-up, the report). A journal written by an older version loses
that index when a run adopts it.

One connection, shared by the threads of a run and guarded by a lock; each state change is its
own short transaction, while the validation pass inserts rows in batches. `settle` writes a
row's outcome and the next row's `sending` in one transaction when a worker has both at once
(the reply has just come and its next request is about to leave): one commit per row.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

__all__ = [
    "STATES",
    "FileIdentity",
    "Journal",
    "JournalEntry",
    "JournalMismatch",
    "Outcome",
    "RowState",
    "content_hash",
]

RowState = Literal["pending", "invalid", "sending", "accepted", "failed", "unknown"]
STATES: tuple[RowState, ...] = ("pending", "invalid", "sending", "accepted", "failed", "unknown")
FailureKind = Literal["validation", "service", "auth"]
OutcomeState = Literal["accepted", "failed", "unknown", "pending"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    line INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    recipient TEXT NOT NULL,
    -- an OR chain, not IN (...): SQLite builds a temporary b-tree for an IN list each time a
    -- statement checks it, which was a third of the cost of every insert and update
    state TEXT NOT NULL CHECK (state = 'pending' OR state = 'invalid' OR state = 'sending'
        OR state = 'accepted' OR state = 'failed' OR state = 'unknown'),
    guid TEXT,
    reason TEXT,
    failure_kind TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    resent INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
);
"""
_HEAD_BYTES = 1024


class JournalMismatch(Exception):
    """The journal was written for another CSV file (or another version of it)."""


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What makes a CSV "the same file": its path, size and the hash of its first KB."""

    path: str
    size: int
    head_sha256: str

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
            size = os.fstat(stream.fileno()).st_size
        return cls(str(path.resolve()), size, hashlib.sha256(head).hexdigest())

    def differences(self, other: FileIdentity) -> list[str]:
        found = []
        if self.path != other.path:
            found.append(f"path {other.path} (journal: {self.path})")
        if self.size != other.size:
            found.append(f"size {other.size} bytes (journal: {self.size})")
        if self.head_sha256 != other.head_sha256:
            found.append("content of the first KB")
        return found


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One row as the journal knows it."""

    line: int
    recipient: str
    state: RowState
    guid: str | None
    reason: str | None
    failure_kind: str | None
    attempts: int
    resent: int


class Outcome(NamedTuple):
    """How a row's request ended, for `Journal.settle` to write (one per row: a named tuple is
    cheaper to build than a frozen dataclass)."""

    line: int
    state: OutcomeState
    guid: str | None = None
    reason: str | None = None
    failure_kind: FailureKind | None = None


def content_hash(fields: Sequence[str]) -> str:
    """A short, stable hash of a row's meaningful fields (recipient, message, media_url)."""
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


class Journal:
    """The SQLite journal of one bulk run; thread-safe (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the file this journal belongs to -------------------------------------------------

    def identity(self) -> FileIdentity | None:
        with self._lock:
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if "csv_path" not in meta:
            return None
        return FileIdentity(meta["csv_path"], int(meta["csv_size"]), meta["csv_head_sha256"])

    def adopt(self, identity: FileIdentity, *, force: bool) -> None:
        """Record `identity`, or check it against the recorded one (JournalMismatch)."""
        recorded = self.identity()
        if recorded is not None and recorded != identity and not force:
            raise JournalMismatch(
                f"the journal {self.path} belongs to another CSV file or version of it: "
                + "; ".join(recorded.differences(identity))
                + " (use --force to continue with this file)"
            )
        with self._lock, self._transaction():
            self._db.execute("DROP INDEX IF EXISTS rows_by_state")  # see the module docstring
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("csv_path", identity.path),
                    ("csv_size", str(identity.size)),
                    ("csv_head_sha256", identity.head_sha256),
                ],
            )

    # -- start-up ---------------------------------------------------------------------------

    def recover(self, *, retry_unknown: bool) -> int:
        """Settle what a previous run left behind; the number of rows found in `sending`.

        `sending` becomes `unknown` (the request may have left). Rows that failed on refused
        credentials go back to `pending` (the row was not at fault), and so do `unknown` rows
        when `retry_unknown` is set.
        """
        now = time.time()
        with self._lock, self._transaction():
            crashed = self._db.execute(
                "UPDATE rows SET state = 'unknown', updated_at = ?, reason = "
                "'the run stopped while this row was being sent: it may or may not have gone out'"
                " WHERE state = 'sending'",
                (now,),
            ).rowcount
            self._db.execute(
                "UPDATE rows SET state = 'pending', updated_at = ?, reason = NULL, "
                "failure_kind = NULL WHERE state = 'failed' AND failure_kind = 'auth'",
                (now,),
            )
            if retry_unknown:
                self._db.execute(
                    "UPDATE rows SET state = 'pending', updated_at = ? WHERE state = 'unknown'",
                    (now,),
                )
        return crashed

    # -- the validation pass ------------------------------------------------------------------

    def record_rows(
        self, rows: Iterable[tuple[int, str, str, str | None]], *, replace_changed: bool
    ) -> list[int]:
        """Insert (line, hash, recipient, invalid reason or None) rows not yet in the journal.

        A line already recorded with another hash is returned as changed; with
        `replace_changed` it is recorded afresh instead, unless it was already accepted or may
        have been sent (unknown, sending): those are never sent again.
        """
        changed: list[int] = []
        batch = list(rows)
        if not batch:
            return changed
        now = time.time()
        fresh: list[tuple[object, ...]] = []
        with self._lock, self._transaction():
            known: dict[int, tuple[str, str]] = {
                line: (digest, state)
                for line, digest, state in self._db.execute(
                    "SELECT line, content_hash, state FROM rows WHERE line BETWEEN ? AND ?",
                    (min(row[0] for row in batch), max(row[0] for row in batch)),
                )
            }
            for line, digest, recipient, invalid in batch:
                state = "pending" if invalid is None else "invalid"
                kind = None if invalid is None else "validation"
                found = known.get(line)
                if found is None:
                    fresh.append((line, digest, recipient, state, invalid, kind, now))
                elif found[0] != digest:
                    if not replace_changed:
                        changed.append(line)
                    elif found[1] in ("accepted", "unknown", "sending"):
                        self._db.execute(
                            "UPDATE rows SET content_hash = ? WHERE line = ?", (digest, line)
                        )
                    else:
                        self._db.execute(
                            "UPDATE rows SET content_hash = ?, recipient = ?, state = ?, "
                            "reason = ?, failure_kind = ?, guid = NULL, updated_at = ? "
                            "WHERE line = ?",
                            (digest, recipient, state, invalid, kind, now, line),
                        )
            self._db.executemany(
                "INSERT INTO rows (line, content_hash, recipient, state, reason, "
                "failure_kind, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                fresh,
            )
        return changed

    def drop_lines_after(self, last_line: int) -> None:
        """Forget rows beyond the end of the file (it was shortened, and --force was given)."""
        with self._lock, self._transaction():
            self._db.execute(
                "DELETE FROM rows WHERE line > ? AND state IN ('pending', 'invalid', 'failed')",
                (last_line,),
            )

    # -- the sending pass ---------------------------------------------------------------------

    def lines_in_state(self, state: RowState, *, chunk: int = 500) -> Iterator[int]:
        """Lines in `state`, ascending, read in chunks so that rows may change meanwhile."""
        after = 0
        while True:
            with self._lock:
                found = [
                    line
                    for (line,) in self._db.execute(
                        "SELECT line FROM rows WHERE state = ? AND line > ? ORDER BY line LIMIT ?",
                        (state, after, chunk),
                    )
                ]
            yield from found
            if len(found) < chunk:
                return
            after = found[-1]

    def entries_in_state(self, state: RowState, *, chunk: int = 500) -> Iterator[JournalEntry]:
        after = 0
        while True:
            with self._lock:
                found = [
                    self._entry(row)
                    for row in self._db.execute(
                        "SELECT line, recipient, state, guid, reason, failure_kind, attempts, "
                        "resent FROM rows WHERE state = ? AND line > ? ORDER BY line LIMIT ?",
                        (state, after, chunk),
                    )
                ]
            yield from found
            if len(found) < chunk:
                return
            after = found[-1].line

    def settle(self, outcome: Outcome | None, *, sending: int | None = None) -> None:
        """Write `outcome`, and mark the line `sending` (its request is about to leave), in
        one transaction: both are committed when this returns."""
        now = time.time()
        with self._lock:
            if outcome is not None and sending is not None and outcome.state == "accepted":
                self._db.execute(_ACCEPTED_THEN_SENDING, (outcome.line, sending, outcome.guid, now))
            elif outcome is not None and sending is not None:
                with self._transaction():
                    self._db.execute(*_outcome_statement(outcome, now))
                    self._db.execute(_SENDING, (now, sending))
            elif outcome is not None:
                self._db.execute(*_outcome_statement(outcome, now))
            elif sending is not None:
                self._db.execute(_SENDING, (now, sending))

    def mark_sending(self, line: int) -> None:
        """Committed before the request leaves: a crash from here on means `unknown`."""
        self.settle(None, sending=line)

    def mark_accepted(self, line: int, guid: str) -> None:
        self.settle(Outcome(line, "accepted", guid=guid))

    def mark_failed(self, line: int, kind: FailureKind, reason: str) -> None:
        self.settle(Outcome(line, "failed", reason=reason, failure_kind=kind))

    def mark_unknown(self, line: int, reason: str) -> None:
        self.settle(Outcome(line, "unknown", reason=reason))

    def mark_pending(self, line: int, reason: str | None = None) -> None:
        """Back to `pending`: the service provably did not take the request (429, no connect)."""
        self.settle(Outcome(line, "pending", reason=reason))

    def mark_resent(self, line: int) -> None:
        self._set(line, "UPDATE rows SET resent = resent + 1, updated_at = ? WHERE line = ?")

    # -- the report ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self._lock:
            found = dict(
                self._db.execute("SELECT state, COUNT(*) FROM rows GROUP BY state").fetchall()
            )
            resent = self._db.execute("SELECT COALESCE(SUM(resent), 0) FROM rows").fetchone()[0]
        counts: dict[str, int] = {state: int(found.get(state, 0)) for state in STATES}
        counts["resent"] = int(resent)
        return counts

    # -- plumbing ---------------------------------------------------------------------------

    def _set(self, line: int, sql: str, *values: object) -> None:
        with self._lock:
            self._db.execute(sql, (*values, time.time(), line))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    @staticmethod
    def _entry(row: tuple[object, ...]) -> JournalEntry:
        line, recipient, state, guid, reason, kind, attempts, resent = row
        return JournalEntry(
            line=int(str(line)),
            recipient=str(recipient),
            state=state,  # type: ignore[arg-type]  # CHECK constraint: one of STATES
            guid=None if guid is None else str(guid),
            reason=None if reason is None else str(reason),
            failure_kind=None if kind is None else str(kind),
            attempts=int(str(attempts)),
            resent=int(str(resent)),
        )


_SENDING = (
    "UPDATE rows SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE line = ?"
)
# The common case of `settle` as one statement (one implicit transaction, no BEGIN/COMMIT):
# line ?1 accepted with guid ?3, line ?2 sending.
_ACCEPTED_THEN_SENDING = """
UPDATE rows SET
    state = CASE line WHEN ?1 THEN 'accepted' ELSE 'sending' END,
    guid = CASE line WHEN ?1 THEN ?3 ELSE guid END,
    reason = CASE line WHEN ?1 THEN NULL ELSE reason END,
    failure_kind = CASE line WHEN ?1 THEN NULL ELSE failure_kind END,
    attempts = CASE line WHEN ?1 THEN attempts ELSE attempts + 1 END,
    updated_at = ?4
WHERE line IN (?1, ?2)
"""


def _outcome_statement(outcome: Outcome, now: float) -> tuple[str, tuple[object, ...]]:
    if outcome.state == "accepted":
        return (
            "UPDATE rows SET state = 'accepted', guid = ?, reason = NULL, failure_kind = NULL, "
            "updated_at = ? WHERE line = ?",
            (outcome.guid, now, outcome.line),
        )
    if outcome.state == "failed":
        return (
            "UPDATE rows SET state = 'failed', failure_kind = ?, reason = ?, updated_at = ? "
            "WHERE line = ?",
            (outcome.failure_kind, outcome.reason, now, outcome.line),
        )
    if outcome.state == "unknown":
        return (
            "UPDATE rows SET state = 'unknown', reason = ?, updated_at = ? WHERE line = ?",
            (outcome.reason, now, outcome.line),
        )
    return (
        "UPDATE rows SET state = 'pending', reason = ?, updated_at = ? WHERE line = ?",
        (outcome.reason, now, outcome.line),
    )


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
