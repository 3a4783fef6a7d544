"""The bulk worker pool and the journal's claim, as pure logic: an interrupt (a real
KeyboardInterrupt in the main thread, as Ctrl-C and SIGTERM raise it) starts no new item and
waits a bounded time for the ones in flight; a row is claimed by one sender only."""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable
from pathlib import Path

from smsmobile.cli.bulk._journal import Journal, Outcome, RecordedRow
from smsmobile.cli.bulk._workers import run_pool


def interrupting_work(release: threading.Event, handed: list[int]) -> Callable[..., None]:
    def work(take: Callable[[], int | None]) -> None:
        item = take()
        while item is not None:
            handed.append(item)
            if item == 0:
                _thread.interrupt_main()  # Ctrl-C while this item is in flight
                release.wait(30)
            item = take()

    return work


def test_an_interrupt_waits_for_the_item_in_flight_and_starts_no_other() -> None:
    release, handed = threading.Event(), list[int]()
    timer = threading.Timer(0.3, release.set)  # the request in flight ends a bit later
    timer.start()
    interrupted, stragglers = run_pool(
        iter(range(100)), interrupting_work(release, handed), 1, threading.Event(), 30, lambda: None
    )
    timer.cancel()
    assert (interrupted, stragglers) == (True, False)
    assert handed == [0]  # nothing started after the interrupt


def test_the_wait_for_the_requests_in_flight_is_bounded() -> None:
    release, handed = threading.Event(), list[int]()
    try:
        interrupted, stragglers = run_pool(
            iter(range(100)), interrupting_work(release, handed), 2, threading.Event(), 0.2,
            lambda: None,
        )  # fmt: skip
    finally:
        release.set()
    assert interrupted and stragglers  # the caller records the stragglers as unknown


def test_a_row_is_claimed_once(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.db") as journal:
        journal.upgrade()
        journal.record_rows([RecordedRow("k1", 2, "32470000001", None, "h1")])
        assert journal.claim("k1") is True
        assert journal.claim("k1") is False  # already being sent: another sender skips it
        assert journal.abandon_sending("interrupted") == 1
        assert next(journal.entries_in_state("unknown")).key == "k1"


def test_kept_outcomes_are_written_as_settle_writes_them_one_by_one(tmp_path: Path) -> None:
    """The group statement (up to 128 rows each) against one UPDATE per row."""
    outcomes = [
        Outcome(f"k{n}", "accepted", guid=f"g{n}") if n % 4 == 0
        else Outcome(f"k{n}", "failed", reason=f"refused {n}", failure_kind="service") if n % 4 == 1
        else Outcome(f"k{n}", "unknown", reason="outcome unknown") if n % 4 == 2
        else Outcome(f"k{n}", "pending", reason="rate limited; re-queued")
        for n in range(300)
    ]  # fmt: skip
    found = []
    for grouped in (True, False):
        with Journal(tmp_path / f"{grouped}.db") as journal:
            journal.upgrade()
            journal.record_rows(
                [RecordedRow(f"k{n}", n + 2, "32470000001", None, "") for n in range(300)]
            )
            with journal._lock:  # a guid from an earlier run: kept when the outcome has none
                journal._db.execute("UPDATE rows SET guid = 'earlier' WHERE key = 'k2'")
            for outcome in outcomes:
                assert journal.claim(outcome.key)
                if grouped:
                    journal.settle_later(Outcome(outcome.key, "accepted", guid="overwritten"))
                    journal.settle_later(outcome)  # settled twice in one group: the last counts
                else:  # the reference: one UPDATE per row, as the journal wrote them before
                    with journal._lock:
                        journal._db.execute(
                            "UPDATE rows SET state = ?, guid = COALESCE(?, guid), reason = ?, "
                            "failure_kind = ? WHERE key = ?",
                            (*outcome[1:], outcome.key),
                        )
            journal.write_outcomes()
            with journal._lock:
                found.append(
                    journal._db.execute(
                        "SELECT key, state, guid, reason, failure_kind FROM rows ORDER BY line"
                    ).fetchall()
                )
    assert found[0] == found[1]
    assert found[0][2] == ("k2", "unknown", "earlier", "outcome unknown", None)
    assert found[0][1] == ("k1", "failed", None, "refused 1", "service")


def test_pending_rows_come_by_line_across_chunks(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.db") as journal:
        journal.upgrade()
        journal.record_rows(
            [RecordedRow(f"k{n:04d}", 1000 - n if n % 2 else n + 2, "32470000001", None, "")
             for n in range(999)]
        )  # fmt: skip
        for n in range(0, 999, 7):
            assert journal.claim(f"k{n:04d}")
        with journal._lock:
            expected = journal._db.execute(
                "SELECT line, key FROM rows WHERE state = 'pending' ORDER BY line"
            ).fetchall()
        assert len(expected) == 999 - 143
        assert list(journal.pending_rows(chunk=100)) == expected
        assert list(journal.pending_rows(chunk=len(expected))) == expected
