"""The bulk journal: one SQLite file that is the whole state of a bulk run.

A row of the CSV is keyed by its content (a hash of the normalised recipient, the message and
the media URL), not by its line: a row inserted above others, or a re-ordered file, never makes
an accepted row look new. Two rows with the same content are one message (the later one is
reported as a duplicate). `line` is where the row was last seen, for messages. Its state moves

    pending ──> sending ──> accepted (guid)
       │           ├──────> failed (reason)       --retry-failed: back to pending if the
       │           │                              service refused it (failure_kind 'service')
       │           ├──────> unknown (reason)      the request may have left; never resent blindly
       │           └──────> pending               a 429 or a refused connection: not taken
    invalid (reason)                               never sent

`sending` is committed before the request leaves, only if the row is still `pending` (a row is
claimed by one sender), and the outcome right after it; a row found in `sending` when a run
starts belonged to a process that died mid-request: it becomes `unknown`. WAL with
synchronous=NORMAL: a committed state survives the process being killed.

The file and its -wal/-shm are 0600 (they hold every recipient). A run holds an exclusive
`flock` on `<journal>.lock` for its whole length, so a second run on the same journal refuses
at once instead of racing the first (`JournalBusy`); `--report` reads without it.

Schema 3 adds `device`: the phone (SID) a row was claimed for, with `bulk --devices`; a
schema-2 journal gains the column (empty) on its next run. Schema 2 (content keys): a schema-1
journal (keyed by line) is upgraded by the next run: its table is kept as `rows_v1`, and each
row of the file takes over the state of the old row on the same line if that row's content
hash matches (so nothing accepted is sent again).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ._journal_files import (
    FileIdentity,
    JournalBusy,
    JournalMismatch,
    private_file,
    take_run_lock,
)
from ._journal_load import (
    ROW_COLUMNS,
    FreshLoad,
    discard_unfinished,
    is_empty,
    leave_wal,
    sync_commits,
)
from ._journal_queries import JournalQueries, has_device_column
from ._journal_rows import (
    STATES,
    JournalEntry,
    Outcome,
    PlainRows,
    RecordedRow,
    RowState,
    content_hash,
)
from ._journal_sending import JournalSending

__all__ = [
    "STATES",
    "FileIdentity",
    "Journal",
    "JournalBusy",
    "JournalEntry",
    "JournalMismatch",
    "Outcome",
    "PlainRows",
    "RecordedRow",
    "RowState",
    "content_hash",
]

SCHEMA_VERSION = "3"
_WAL = "PRAGMA journal_mode=WAL"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, {ROW_COLUMNS});
CREATE INDEX IF NOT EXISTS rows_by_line ON rows (line);
"""

logger = logging.getLogger("smsmobile.bulk")


class Journal(JournalQueries, JournalSending):
    """The SQLite journal of one bulk run; thread-safe (one connection, one lock).

    `exclusive` (a run) takes the run lock first and raises JournalBusy if another run has it.
    """

    def __init__(self, path: Path, *, exclusive: bool = True) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._run_lock: int | None = None
        if exclusive:
            self._run_lock = take_run_lock(path)
        try:
            private_file(path)  # SQLite creates -wal and -shm with the mode of the database
            self._db = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=30.0
            )
            self._db.execute(_WAL)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self.legacy = self._has_legacy_rows()
            if not self.legacy:
                self._db.executescript(_SCHEMA)
            self._device_column = "device" if has_device_column(self._db) else "NULL"
        except BaseException:
            self._release_run_lock()
            raise
        self._run = 0
        self._import_legacy = False
        self._load: FreshLoad | None = None
        self._out_of_wal = False  # the journal out of WAL for a load (see `_journal_load`)
        self._loaded_counts: tuple[int, dict[str, int]] | None = None  # see `counts`
        self._unwritten: list[tuple[object, ...]] = []  # outcomes kept by settle_later
        self._kept_lock = threading.Lock()
        self._kept_since = 0.0

    def close(self) -> None:
        self.write_outcomes()
        with self._lock:
            self._db.close()
        self._release_run_lock()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _has_legacy_rows(self) -> bool:
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(rows)")}
        return bool(columns) and "key" not in columns

    def _release_run_lock(self) -> None:
        if self._run_lock is not None:
            os.close(self._run_lock)  # closing the descriptor releases the flock
            self._run_lock = None

    def upgrade(self) -> None:
        """Move a schema-1 table aside as `rows_v1`; its states are taken over row by row."""
        with self._lock:
            if self.legacy:
                with self._transaction():
                    self._db.execute("ALTER TABLE rows RENAME TO rows_v1")
                    self._db.execute("DROP INDEX IF EXISTS rows_by_state")
            self._db.executescript(_SCHEMA)
            if not has_device_column(self._db):  # schema 2: no row has a phone yet
                self._db.execute("ALTER TABLE rows ADD COLUMN device TEXT")
            self._device_column = "device"
            tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master")}
            done = self._db.execute("SELECT value FROM meta WHERE key = 'v1_imported'").fetchone()
            self._import_legacy = "rows_v1" in tables and done is None
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
        self.legacy = False

    # -- the file this journal belongs to -------------------------------------------------

    def identity(self) -> FileIdentity | None:
        with self._lock:
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if "csv_path" not in meta:
            return None
        return FileIdentity(meta["csv_path"], int(meta["csv_size"]), meta["csv_head_sha256"])

    def adopt(self, identity: FileIdentity, *, force: bool) -> None:
        """Record `identity` (or check it against the recorded one) and start a new run."""
        recorded = self.identity()
        if recorded is not None and recorded != identity and not force:
            raise JournalMismatch(
                f"the journal {self.path} belongs to another CSV file or version of it: "
                + "; ".join(recorded.differences(identity))
                + " (use --force to continue with this file)"
            )
        with self._lock, self._transaction():
            found = self._db.execute("SELECT value FROM meta WHERE key = 'run'").fetchone()
            self._run = int(found[0]) + 1 if found else 1
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("csv_path", identity.path),
                    ("csv_size", str(identity.size)),
                    ("csv_head_sha256", identity.head_sha256),
                    ("run", str(self._run)),
                ],
            )

    # -- start-up ---------------------------------------------------------------------------

    def recover(self, *, retry_unknown: bool, retry_failed: bool = False) -> int:
        """Settle what a previous run left behind; the number of rows found in `sending`.

        `sending` becomes `unknown` (the request may have left). Rows that failed on refused
        credentials go back to `pending` (the row was not at fault), and so do `unknown` rows
        with `retry_unknown`, and rows the service refused with `retry_failed`.
        """
        now = time.time()
        retried = "service" if retry_failed else "auth"  # auth rows always go back
        with self._lock, self._transaction():
            crashed = self._db.execute(
                "UPDATE rows SET state = 'unknown', updated_at = ?, reason = "
                "'the run stopped while this row was being sent: it may or may not have gone out'"
                " WHERE state = 'sending'",
                (now,),
            ).rowcount
            self._db.execute(
                "UPDATE rows SET state = 'pending', updated_at = ?, reason = NULL, "
                "failure_kind = NULL WHERE state = 'failed' AND failure_kind IN ('auth', ?)",
                (now, retried),
            )
            if retry_unknown:
                self._db.execute(
                    "UPDATE rows SET state = 'pending', updated_at = ? WHERE state = 'unknown'",
                    (now,),
                )
        return crashed

    # -- the validation pass ------------------------------------------------------------------

    def begin_validation(self) -> None:
        """Start recording this run's rows: in bulk if the journal has none yet (see
        `_journal_load`), else row by row against what it holds."""
        with self._lock:
            with self._transaction():
                discard_unfinished(self._db)
                if is_empty(self._db) and not self._import_legacy:
                    self._load = FreshLoad(self._db, self._run)
            self._out_of_wal = self._load is not None and leave_wal(self._db)

    @property
    def needs_legacy_hashes(self) -> bool:
        """Whether rows must carry their schema-1 hash (a schema-1 journal is being taken over)."""
        return self._import_legacy

    def record_batch(self, plain: PlainRows, rows: Sequence[RecordedRow]) -> list[tuple[int, int]]:
        """`record_rows` of the plain good rows `plain` and the other rows `rows`, each in file
        order; appended as they are on a first run (the order matters only row by row)."""
        if self._load is not None:
            with self._lock, self._transaction():
                self._load.add(plain, rows, time.time())  # its duplicates are found at the end
            logger.debug("journal: %d rows loaded and committed", len(plain.keys) + len(rows))
            return []
        plain_rows = [
            RecordedRow(key, line, recipient, None, "")
            for key, line, recipient in zip(plain.keys, plain.lines, plain.recipients, strict=True)
        ]
        both = sorted([*plain_rows, *rows], key=lambda row: row.line) if rows else plain_rows
        return self.record_rows(both)

    def record_rows(self, rows: Sequence[RecordedRow]) -> list[tuple[int, int]]:
        """Record a batch of rows seen in this run; the (line, first line) of duplicates.

        A row already in the journal keeps its state and only moves to its new line; a new
        row is `pending` (or `invalid`), or takes over a schema-1 row's state. Every row is
        first inserted as new (one statement for the batch, the whole work on a first run);
        only if some were already there is the batch looked up key by key.
        """
        duplicates: list[tuple[int, int]] = []
        if not rows:
            return duplicates
        now = time.time()
        with self._lock, self._transaction():
            if self._load is not None:
                self._load.add(PlainRows((), (), ()), rows, now)  # duplicates: at the end
                return duplicates
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO rows (key, line, seen, recipient, state, reason, "
                "failure_kind, guid, attempts, resent, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self._fresh(row, now) for row in rows],
            )
            if self._db.total_changes - before == len(rows):
                return duplicates
            known = self._known(row.key for row in rows)
            moved: list[tuple[int, int, str]] = []
            for row in rows:
                line, seen = known[row.key]
                if seen == self._run and line == row.line:
                    continue  # inserted just now
                if seen == self._run:
                    duplicates.append((row.line, line))
                    continue
                known[row.key] = (row.line, self._run)
                moved.append((row.line, self._run, row.key))
            self._db.executemany("UPDATE rows SET line = ?, seen = ? WHERE key = ?", moved)
        return duplicates

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` an earlier run already recorded (a re-run's invalid rows)."""
        with self._lock:
            return {key for key, (_, seen) in self._known(keys).items() if seen != self._run}

    def _known(self, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        """(line, seen) of each of `keys` in the journal; under the lock."""
        known: dict[str, tuple[int, int]] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for key, line, seen in self._db.execute(
                f"SELECT key, line, seen FROM rows WHERE key IN ({marks})",  # noqa: S608
                chunk,  # (only placeholders are formatted into the statement)
            ):
                known[key] = (int(line), int(seen))
        return known

    def _fresh(self, row: RecordedRow, now: float) -> tuple[object, ...]:
        state, reason, kind = "pending", row.problem, None
        guid, attempts, resent = None, 0, 0
        if row.problem is not None:
            state, kind = "invalid", "validation"
        elif self._import_legacy:
            old = self._db.execute(
                "SELECT state, guid, reason, failure_kind, attempts, resent FROM rows_v1 "
                "WHERE line = ? AND content_hash = ?",
                (row.line, row.legacy_hash),
            ).fetchone()
            if old is not None and old[0] in ("accepted", "failed", "unknown", "sending"):
                state, guid, reason, kind, attempts, resent = old
                if state == "sending":
                    state = "unknown"
                if state == "failed" and kind == "auth":
                    state, reason, kind = "pending", None, None
        return (row.key, row.line, self._run, row.recipient, state, reason, kind, guid,
                attempts, resent, now)  # fmt: skip

    def finish_validation(self, on_duplicate: Callable[[int, int], None] | None = None) -> None:
        """The whole file was read: forget unsent rows it no longer has (it was edited). After
        a load in bulk, its duplicates go to `on_duplicate(line, first line)` (row by row,
        `record_rows` returned them)."""
        if self._load is not None:
            with self._lock:
                if self._out_of_wal:
                    sync_commits(self._db)
                with self._transaction():
                    self._load.finish(on_duplicate or (lambda line, first: None))
                if self._out_of_wal:
                    self._db.execute(_WAL)
                    self._out_of_wal = False
                # committed: what `counts` gives until a row changes
                self._loaded_counts = (self._db.total_changes, self._load.counts)
            self._load = None
            return
        with self._lock, self._transaction():
            self._db.execute(
                "DELETE FROM rows WHERE seen != ? AND state IN ('pending', 'invalid', 'failed')",
                (self._run,),
            )
            if self._import_legacy:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('v1_imported', '1')")
                self._import_legacy = False
