"""EventIdCache: remembers ids, forgets the oldest, and is safe across threads."""

from __future__ import annotations

import threading

import pytest

from smsmobile._errors import InvalidRequest
from smsmobile.webhooks import EventIdCache


def test_an_id_is_new_once() -> None:
    seen = EventIdCache()
    assert seen.add("evt-1") is True
    assert seen.add("evt-1") is False
    assert "evt-1" in seen
    assert "evt-2" not in seen


def test_it_forgets_the_least_recently_seen_when_full() -> None:
    seen = EventIdCache(max_size=2)
    seen.add("a")
    seen.add("b")
    seen.add("a")  # seen again: now the most recent
    seen.add("c")
    assert len(seen) == 2
    assert "a" in seen
    assert "b" not in seen
    assert "c" in seen


def test_it_forgets_after_ttl() -> None:
    clock = [1000.0]
    seen = EventIdCache(ttl=60, clock=lambda: clock[0])
    seen.add("a")
    clock[0] += 30
    seen.add("b")
    clock[0] += 31
    assert "a" not in seen
    assert "b" in seen
    assert seen.add("a") is True


def test_discard_forgets_an_id() -> None:
    seen = EventIdCache()
    seen.add("a")
    seen.discard("a")
    seen.discard("never-seen")
    assert seen.add("a") is True


def test_exactly_one_thread_wins_an_id() -> None:
    seen = EventIdCache(max_size=100)
    barrier = threading.Barrier(16)
    wins: list[bool] = []
    lock = threading.Lock()

    def race() -> None:
        barrier.wait()
        for n in range(200):
            won = seen.add(f"evt-{n}")
            with lock:
                wins.append(won)

    threads = [threading.Thread(target=race) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 100
    assert sum(wins) >= 200  # each id won at least once (evicted ids may be won again)


@pytest.mark.parametrize(("max_size", "ttl"), [(0, None), (10, 0), (10, -5)])
def test_nonsense_bounds_are_refused(max_size: int, ttl: float | None) -> None:
    with pytest.raises(InvalidRequest):
        EventIdCache(max_size, ttl=ttl)
