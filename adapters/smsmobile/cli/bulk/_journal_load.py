"""The first validation pass into an empty journal, loaded in bulk.

Recording a row under a random content hash, one transaction per batch, costs the unique
index of the key a random B-tree page per row: on a 10-million-row file that index is far
larger than SQLite's page cache, and every batch rewrote most of its pages (about 25,000 rows
a second). When the journal has no row yet (its first run), the rows go instead, in file
order, into `rows_loading`: the same columns, no index, so every insert appends. When the
file has been read, one sort builds the key's unique index and another the line index, and
`rows_loading` replaces the empty `rows`, all in one transaction.

While it loads, the journal leaves its WAL for a rollback journal and syncs nothing
(`leave_wal`): through the WAL every page was written twice (the WAL, then its checkpoint), and
every checkpoint (each 4 MB of WAL) synced the file, which costs seconds on a 10-million-row
pass when the disk is busy (bench/README.md). Appends journal almost nothing, and a process
killed mid-batch is rolled back from the hot journal by the next open. The final commit syncs
(`sync_commits`) and the journal goes back to WAL. Another connection on the journal (a
`--report`) keeps it in WAL: the load then goes through the WAL, as it did before.

Nothing is sent before that commit, so a run killed during the load leaves `rows` empty and a
`rows_loading` the next run drops (`discard_unfinished`). Rows with the same content are
found when the unique index cannot be built: each later copy is reported with the line of the
first, and dropped, as a row-by-row recording would have done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from itertools import repeat

from ._journal_rows import PlainRows, RecordedRow

__all__ = ["ROW_COLUMNS", "FreshLoad", "discard_unfinished", "leave_wal", "sync_commits"]

#: The columns of a journal row after its key (the `rows` table of schema 2).
ROW_COLUMNS = """
    line INTEGER NOT NULL,
    seen INTEGER NOT NULL,
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
    updated_at REAL NOT NULL,
    device TEXT  -- the phone (SID) that took the row, with --devices (schema 3)
"""

_INSERT = (
    "INSERT INTO rows_loading (key, line, seen, recipient, state, reason, failure_kind, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
#: The plain rows of a batch as three fixed-width byte strings (keys, zero-padded lines,
#: recipients), cut apart by position: one statement for the batch (`substr` of a blob is a
#: byte offset; of text it walks the characters). It costs less than `executemany`'s bind and
#: step per row. The positions come from a small temporary table of integers (a recursive CTE
#: costs a third more: its rows go through a queue); recipients of unequal length are padded
#: with spaces (no plain number has one) and trimmed by `_APPEND_PADDED`.
_APPEND = """
INSERT INTO rows_loading (key, line, seen, recipient, state, updated_at)
SELECT CAST(substr(:keys, :key_width * i + 1, :key_width) AS TEXT),
    CAST(substr(:lines, :line_width * i + 1, :line_width) AS INTEGER), :run,
    {recipient}, 'pending', :now
FROM temp.load_positions WHERE i < :count
"""
_RECIPIENT = "CAST(substr(:recipients, :recipient_width * i + 1, :recipient_width) AS TEXT)"
_APPEND_EVEN = _APPEND.format(recipient=_RECIPIENT)
_APPEND_PADDED = _APPEND.format(recipient=f"rtrim({_RECIPIENT})")
_POSITIONS = """
WITH RECURSIVE n(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
INSERT INTO temp.load_positions (i) SELECT i FROM n
"""
_DUPLICATES = """
CREATE TEMP TABLE duplicates AS
SELECT later.rowid AS id, later.line AS line, first.line AS first_line
FROM (SELECT key, MIN(line) AS line FROM rows_loading GROUP BY key HAVING COUNT(*) > 1) AS first
JOIN rows_loading AS later ON later.key = first.key AND later.line > first.line
"""


def _packed(plain: PlainRows, run: int, now: float) -> tuple[str, dict[str, object]] | None:
    """The statement and parameters that append `plain`; None unless every field packs into
    its width (keys of one length, ASCII throughout, numbers without spaces: always so for
    plain rows)."""
    count = len(plain.keys)
    key_width = max(map(len, plain.keys))
    line_width = len(str(max(plain.lines)))
    recipient_width = max(map(len, plain.recipients))
    recipients = "".join(plain.recipients)
    if " " in recipients:
        return None
    statement = _APPEND_EVEN
    if len(recipients) != recipient_width * count:  # not all of one length: pad them
        statement = _APPEND_PADDED
        recipients = "".join(map(str.ljust, plain.recipients, repeat(recipient_width)))
    blobs = {
        "keys": "".join(plain.keys).encode(),
        "lines": ((f"%0{line_width}d" * count) % tuple(plain.lines)).encode(),
        "recipients": recipients.encode(),
    }
    widths = {"key": key_width, "line": line_width, "recipient": recipient_width}
    if any(len(blobs[name + "s"]) != width * count for name, width in widths.items()):
        return None
    sizes = {f"{name}_width": width for name, width in widths.items()}
    return statement, {"count": count, "run": run, "now": now, **blobs, **sizes}


def discard_unfinished(db: sqlite3.Connection) -> None:
    """Drop what a load killed before its end left behind (none of it was ever sent)."""
    db.execute("DROP TABLE IF EXISTS rows_loading")


def is_empty(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM rows LIMIT 1").fetchone() is None


def leave_wal(db: sqlite3.Connection) -> bool:
    """Leave WAL for a rollback journal without syncs (outside any transaction); False if
    another connection has the journal open (SQLite then refuses at once)."""
    try:
        db.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError:  # "database is locked": a reader, such as --report
        return False
    db.execute("PRAGMA synchronous=OFF")
    return True


def sync_commits(db: sqlite3.Connection) -> None:
    """Sync again: the next commit (the load's last) is on disk when it returns."""
    db.execute("PRAGMA synchronous=NORMAL")


class FreshLoad:
    """Rows appended to `rows_loading`; `finish` indexes them and makes them the journal's."""

    def __init__(self, db: sqlite3.Connection, run: int) -> None:
        self._db = db
        self._run = run
        self._positions = 0  # rows of temp.load_positions: 0, 1, ... (see `_APPEND`)
        #: The rows loaded in each state (counted as inserted; duplicates taken off at the end)
        self.counts = {"pending": 0, "invalid": 0}
        db.execute(f"CREATE TABLE rows_loading (key TEXT NOT NULL, {ROW_COLUMNS})")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS load_positions (i INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.load_positions")

    def add(self, plain: PlainRows, rows: Sequence[RecordedRow], now: float) -> None:
        """Append a batch (in the caller's transaction): `plain` as one statement (`_APPEND`),
        `rows` one by one. What every good row shares (run, state, time) is written into the
        statements, not bound per row: binding is most of the cost of an insert that only
        appends."""
        good = [(key, line, recipient) for key, line, recipient, problem, _ in rows if not problem]
        packed = _packed(plain, self._run, now) if plain.keys else None
        if packed is not None:
            statement, parameters = packed
            if self._positions < len(plain.keys):
                self._db.execute(_POSITIONS, {"first": self._positions, "count": len(plain.keys)})
                self._positions = len(plain.keys)
            self.counts["pending"] += self._db.execute(statement, parameters).rowcount
        else:  # none, or not plain after all
            good[:0] = zip(plain.keys, plain.lines, plain.recipients, strict=True)
        self.counts["pending"] += self._db.executemany(
            "INSERT INTO rows_loading (key, line, seen, recipient, state, updated_at) "  # noqa: S608
            f"VALUES (?, ?, {self._run:d}, ?, 'pending', {now!r})",  # an int and a float
            good,
        ).rowcount
        self.counts["invalid"] += self._db.executemany(
            _INSERT,
            [
                (key, line, self._run, recipient, "invalid", problem, "validation", now)
                for key, line, recipient, problem, _ in rows
                if problem
            ],
        ).rowcount

    def finish(self, on_duplicate: Callable[[int, int], None]) -> None:
        """Index the rows and make them the journal's (in the caller's transaction); each
        later copy of a row is reported as (its line, the first copy's line) and dropped."""
        db = self._db
        try:
            db.execute("CREATE UNIQUE INDEX rows_by_key ON rows_loading (key)")
        except sqlite3.IntegrityError:  # the file has duplicates: the rarer, slower way
            self._drop_duplicates(on_duplicate)
            db.execute("CREATE UNIQUE INDEX rows_by_key ON rows_loading (key)")
        db.execute("DROP TABLE rows")  # empty: a fresh load starts only on an empty journal
        db.execute("ALTER TABLE rows_loading RENAME TO rows")
        db.execute("CREATE INDEX rows_by_line ON rows (line)")

    def _drop_duplicates(self, on_duplicate: Callable[[int, int], None]) -> None:
        db = self._db
        db.execute("CREATE INDEX rows_loading_by_key ON rows_loading (key, line)")
        db.execute(_DUPLICATES)
        for line, first in db.execute("SELECT line, first_line FROM duplicates ORDER BY line"):
            on_duplicate(int(line), int(first))
        for state, count in db.execute(
            "SELECT state, COUNT(*) FROM rows_loading WHERE rowid IN (SELECT id FROM duplicates) "
            "GROUP BY state"
        ).fetchall():
            self.counts[state] -= count
        db.execute("DELETE FROM rows_loading WHERE rowid IN (SELECT id FROM duplicates)")
        db.execute("DROP TABLE temp.duplicates")
        db.execute("DROP INDEX rows_loading_by_key")
