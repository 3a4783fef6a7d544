"""The journal's sending pass: pending rows handed out, each claimed before its request leaves
and settled after. A mixin of `Journal`, which owns the connection and lock.

Never twice: a row is `sending`, committed, before its request leaves (`claim`: one statement,
committed when it returns), and only a `pending` row can be claimed. Outcomes are kept in memory
(`settle_later`) and written in groups, one statement per group, by the claim that finds
`OUTCOMES_PER_COMMIT` kept or the oldest `OUTCOMES_MAX_AGE` seconds old, and by `write_outcomes`
(before a wait, at the end of the pass). Until its outcome is written a row stays `sending`,
which the next run marks `unknown`: a process killed with outcomes unwritten never sends those
rows again.

Few statements because SQLite releases the GIL for each step: with four workers busy in Python,
the thread that holds the connection's lock waits for the GIL after each, and every other
worker that wants a claim waits behind it (executemany of a group of 32 was 64 such waits).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator

from ._journal_rows import Outcome

__all__ = ["OUTCOMES_MAX_AGE", "OUTCOMES_PER_COMMIT", "JournalSending", "Transaction"]

#: Outcomes kept before the next claim writes them: at most this many rows a killed process
#: leaves `unknown` beyond the requests it had in flight (each outcome costs a commit otherwise).
OUTCOMES_PER_COMMIT = 32
#: ... and for at most this many seconds (a slow service: a group fills slowly).
OUTCOMES_MAX_AGE = 1.0

_CLAIM = (
    "UPDATE rows SET state = 'sending', attempts = attempts + 1, updated_at = ?, device = ? "
    "WHERE key = ? AND state = 'pending'"
)
_PENDING_CHUNK = (
    "SELECT group_concat(line || ' ' || key, char(30)) FROM (SELECT line, key FROM rows "
    "WHERE state = 'pending' AND seen = ? AND line > ? ORDER BY line LIMIT ?)"
)
#: Rows of one outcome statement (6 parameters each: under SQLite's oldest limit of 999).
_GROUP_ROWS = 128


def _settle_statement(count: int) -> str:
    """One UPDATE writing `count` outcomes (key, state, guid, reason, failure_kind, updated_at):
    a CTE of their values, a row's five columns set at once from its outcome, looked up by key
    (plain SQL, no UPDATE ... FROM, which SQLite has only since 3.33). A row's guid is kept when
    the outcome has none."""
    values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * count)
    head = f"WITH outcome(key, state, guid, reason, failure_kind, updated_at) AS (VALUES {values}) "
    return head + _SETTLE_GROUP  # (only placeholders are formatted into the statement)


#: One subquery per row, not one per column: each scans the group's values (a CTE has no
#: index), so five of them cost 9.5 us of CPU per row written, this one 5.7 (groups of 32).
_SETTLE_GROUP = (
    "UPDATE rows SET (state, guid, reason, failure_kind, updated_at) = ("
    "SELECT outcome.state, COALESCE(outcome.guid, rows.guid), outcome.reason, "
    "outcome.failure_kind, outcome.updated_at FROM outcome WHERE outcome.key = rows.key) "
    "WHERE key IN (SELECT key FROM outcome)"
)


logger = logging.getLogger("smsmobile.bulk")


class JournalSending:
    """The write side of `Journal` during the sending pass."""

    _db: sqlite3.Connection
    _lock: threading.Lock  # the connection's
    _run: int
    _unwritten: list[tuple[object, ...]]  # outcomes kept by settle_later, under _kept_lock
    _kept_lock: threading.Lock  # not the connection's: keeping an outcome never waits on SQLite
    _kept_since: float  # time.monotonic() of the oldest outcome kept

    def pending_rows(self, *, chunk: int = 500) -> Iterator[tuple[int, str]]:
        """(line, key) of the pending rows of this run's file, by line, read in chunks.

        A chunk is one result row (its pairs joined by SQLite): each row a cursor steps to
        releases the GIL, and with the workers busy each release is a thread switch."""
        after = 0
        while True:
            with self._lock:
                (joined,) = self._db.execute(_PENDING_CHUNK, (self._run, after, chunk)).fetchone()
            pairs = (item.split(" ", 1) for item in joined.split("\x1e")) if joined else ()
            found = sorted((int(line), key) for line, key in pairs)  # keys: hex digests
            yield from found
            if len(found) < chunk:
                return
            after = found[-1][0]

    def count_pending(self) -> int:
        with self._lock:
            found = self._db.execute(
                "SELECT COUNT(*) FROM rows WHERE state = 'pending' AND seen = ?", (self._run,)
            ).fetchone()
        return int(found[0])

    def claim(self, key: str, device: str | None = None) -> bool:
        """Mark a pending row `sending` (committed before its request leaves) by `device` (the
        phone's SID, or None: the account's default); False if it is no longer pending, so that
        a row is sent by one sender only. One autocommitted statement, or, once a group of
        outcomes is kept, one transaction that writes them too."""
        with self._lock:
            kept = len(self._unwritten)
            if kept < OUTCOMES_PER_COMMIT and (
                not kept or time.monotonic() - self._kept_since < OUTCOMES_MAX_AGE
            ):
                return self._db.execute(_CLAIM, (time.time(), device, key)).rowcount == 1
            written = self._write_outcomes()
            claimed = self._db.execute(_CLAIM, (time.time(), device, key)).rowcount == 1
        logger.debug("journal: %d outcomes committed", written)
        return claimed

    def settle(self, outcome: Outcome) -> None:
        """Write how a row's request ended (committed when this returns), and the outcomes
        kept so far."""
        self.settle_later(outcome)
        self.write_outcomes()

    def settle_later(self, outcome: Outcome) -> None:
        """Keep how a row's request ended, to be written with a later claim (see the module) or
        by `write_outcomes`. Until then the row stays `sending`: if the process dies, the next
        run marks it `unknown`, never sends it again."""
        kept = (*outcome, time.time())  # key, state, guid, reason, failure_kind, updated_at
        with self._kept_lock:
            if not self._unwritten:
                self._kept_since = time.monotonic()
            self._unwritten.append(kept)

    def write_outcomes(self) -> None:
        """Commit the outcomes `settle_later` kept."""
        with self._lock:
            if not self._unwritten:
                return
            written = self._write_outcomes()
        logger.debug("journal: %d outcomes committed", written)

    def _write_outcomes(self) -> int:
        """Under the lock: the kept outcomes, each group in one statement (committed when it
        returns, or with the caller's transaction); how many were written."""
        with self._kept_lock:
            kept, self._unwritten = self._unwritten, []
        latest = {outcome[0]: outcome for outcome in kept}  # a row settled twice: its last
        group = list(latest.values())
        for start in range(0, len(group), _GROUP_ROWS):
            part = group[start : start + _GROUP_ROWS]
            self._db.execute(_settle_statement(len(part)), [v for row in part for v in row])
        return len(kept)

    def abandon_sending(self, reason: str) -> int:
        """Rows still `sending` when a run must end now: `unknown` (they may have gone out);
        outcomes already known are written first."""
        with self._lock, self._transaction():
            self._write_outcomes()
            return self._db.execute(
                "UPDATE rows SET state = 'unknown', reason = ?, updated_at = ? "
                "WHERE state = 'sending'",
                (reason, time.time()),
            ).rowcount

    def mark_pending(self, key: str, reason: str | None = None) -> None:
        """Back to `pending`: the service provably did not take the request (429, no connect)."""
        self.settle(Outcome(key, "pending", reason=reason))

    def mark_resent(self, key: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE rows SET resent = resent + 1, updated_at = ? WHERE key = ?",
                (time.time(), key),
            )

    def _transaction(self) -> Transaction:
        return Transaction(self._db)


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
