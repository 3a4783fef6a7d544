"""The journal's sending pass: pending rows handed out, each claimed before its request leaves
and settled after. A mixin of `Journal`, which owns the connection and lock.

Never twice: a row is `sending`, committed, before its request leaves (`claim`), and only a
`pending` row can be claimed. Its outcome may wait for the next claim's transaction
(`settle_later`): until then it stays `sending`, which the next run marks `unknown`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

from ._journal_rows import Outcome

__all__ = ["JournalSending", "Transaction"]


class JournalSending:
    """The write side of `Journal` during the sending pass."""

    _db: sqlite3.Connection
    _lock: threading.Lock
    _run: int
    _unwritten: list[tuple[object, ...]]  # outcomes kept by settle_later

    def pending_rows(self, *, chunk: int = 500) -> Iterator[tuple[int, str]]:
        """(line, key) of the pending rows of this run's file, by line, read in chunks."""
        after = 0
        while True:
            with self._lock:
                found = [
                    (int(line), str(key))
                    for line, key in self._db.execute(
                        "SELECT line, key FROM rows WHERE state = 'pending' AND seen = ? "
                        "AND line > ? ORDER BY line LIMIT ?",
                        (self._run, after, chunk),
                    )
                ]
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
        phone's SID, or None: the account's default), in the same transaction as the outcomes
        `settle_later` kept; False if it is no longer pending, so that a row is sent by one
        sender only."""
        with self._lock, self._transaction():
            self._write_outcomes()
            return (
                self._db.execute(
                    "UPDATE rows SET state = 'sending', attempts = attempts + 1, updated_at = ?, "
                    "device = ? WHERE key = ? AND state = 'pending'",
                    (time.time(), device, key),
                ).rowcount
                == 1
            )

    def settle(self, outcome: Outcome) -> None:
        """Write how a row's request ended (committed when this returns)."""
        with self._lock, self._transaction():
            self._unwritten.append((*outcome[1:], time.time(), outcome.key))
            self._write_outcomes()

    def settle_later(self, outcome: Outcome) -> None:
        """Keep how a row's request ended, to be written with the next claim (or by
        `write_outcomes`): one commit per row instead of two. Until then the row stays
        `sending`: if the process dies, the next run marks it `unknown`, never sends it again."""
        with self._lock:
            self._unwritten.append((*outcome[1:], time.time(), outcome.key))

    def write_outcomes(self) -> None:
        """Commit the outcomes `settle_later` kept."""
        with self._lock:
            if self._unwritten:
                with self._transaction():
                    self._write_outcomes()

    def _write_outcomes(self) -> None:
        """Under the lock, in a transaction."""
        if self._unwritten:
            self._db.executemany(
                "UPDATE rows SET state = ?, guid = COALESCE(?, guid), reason = ?, "
                "failure_kind = ?, updated_at = ? WHERE key = ?",
                self._unwritten,
            )
            self._unwritten.clear()

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
