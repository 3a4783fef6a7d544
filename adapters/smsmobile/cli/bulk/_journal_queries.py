"""What the journal says about itself: counts (in all, and by phone) and entries, for the
summary and `--report`. Read-only; a mixin of `Journal`, which owns the connection and lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator

from ._journal_rows import STATES, JournalEntry, RowState

__all__ = ["DEVICE_STATES", "JournalQueries", "has_device_column"]

#: The states counted per phone: a row a phone took ends in one of them.
DEVICE_STATES = ("accepted", "failed", "unknown", "sending")

_ENTRY_COLUMNS = "key, line, recipient, state, guid, reason, failure_kind, attempts, resent"


def has_device_column(db: sqlite3.Connection) -> bool:
    """Whether `rows` records the phone of each row (schema 3; a schema-2 journal upgrades to it
    on its next run, and reads as if no row had a phone until then)."""
    return any(row[1] == "device" for row in db.execute("PRAGMA table_info(rows)"))


#: `counts` in one pass over the table: `GROUP BY state` sorted every row into a temporary
#: b-tree first, and `resent` took a second pass (a third of a second per million rows).
_COUNTS = "SELECT {}, COUNT(*) FILTER (WHERE resent > 0) FROM rows".format(  # noqa: S608
    ", ".join(f"COUNT(*) FILTER (WHERE state = '{state}')" for state in STATES)
)


class JournalQueries:
    """The read side of `Journal`."""

    _db: sqlite3.Connection
    _lock: threading.Lock
    _device_column: str  # "device", or "NULL" for a journal not upgraded yet
    _loaded_counts: tuple[int, dict[str, int]] | None  # (total_changes, counts) after a load

    def counts(self) -> dict[str, int]:
        """Rows in each state, and rows sent more than once. Right after a first run's load in
        bulk, while nothing has changed a row since (`total_changes` counts every row this
        connection inserts, updates or deletes, and no other connection writes during a run),
        the load's own counts: scanning 10 million rows again takes seconds."""
        with self._lock:
            if self._loaded_counts is not None and self._loaded_counts[0] == self._db.total_changes:
                return {**dict.fromkeys(STATES, 0), **self._loaded_counts[1], "resent": 0}
            found = self._db.execute(_COUNTS).fetchone()
        return dict(zip((*STATES, "resent"), map(int, found), strict=True))

    def device_counts(self) -> dict[str, dict[str, int]]:
        """For each phone that took rows: how many of them are accepted, failed, unknown or
        still sending (rows sent without naming a phone are not counted)."""
        if self._device_column != "device":
            return {}
        by_device: dict[str, dict[str, int]] = {}
        with self._lock:
            found = self._db.execute(
                "SELECT device, state, COUNT(*) FROM rows WHERE device IS NOT NULL "
                "GROUP BY device, state ORDER BY device"
            ).fetchall()
        for device, state, count in found:
            counts = by_device.setdefault(str(device), dict.fromkeys(DEVICE_STATES, 0))
            if state in counts:
                counts[state] = int(count)
        return by_device

    def entries_in_state(self, state: RowState, *, chunk: int = 500) -> Iterator[JournalEntry]:
        after = -1
        while True:
            with self._lock:
                found = [
                    self._entry(row)
                    for row in self._db.execute(
                        f"SELECT {_ENTRY_COLUMNS}, {self._device_column} "  # noqa: S608
                        "FROM rows WHERE state = ? AND line > ? ORDER BY line LIMIT ?",
                        (state, after, chunk),  # (only our column names are formatted in)
                    )
                ]
            yield from found
            if len(found) < chunk:
                return
            after = found[-1].line

    def resent_entries(self) -> Iterator[JournalEntry]:
        with self._lock:
            found = [
                self._entry(row)
                for row in self._db.execute(
                    f"SELECT {_ENTRY_COLUMNS}, {self._device_column} "  # noqa: S608
                    "FROM rows WHERE resent > 0 ORDER BY line"
                )
            ]
        yield from found

    @staticmethod
    def _entry(row: tuple[object, ...]) -> JournalEntry:
        key, line, recipient, state, guid, reason, kind, attempts, resent, device = row
        return JournalEntry(
            key=str(key),
            line=int(str(line)),
            recipient=str(recipient),
            state=state,  # type: ignore[arg-type]  # CHECK constraint: one of STATES
            guid=None if guid is None else str(guid),
            reason=None if reason is None else str(reason),
            failure_kind=None if kind is None else str(kind),
            attempts=int(str(attempts)),
            resent=int(str(resent)),
            device=None if device is None else str(device),
        )
