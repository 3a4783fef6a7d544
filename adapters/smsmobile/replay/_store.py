"""The replay store: what must be remembered across requests to stay safe, behind one seam.

A WS-Security nonce and a webhook event id are only safe if every process that may see the
request again remembers them: `add` is add-if-absent with a time to live, atomic. Memory is
enough for one process; many workers or replicas share Redis (`RedisReplayStore`). A store that
cannot answer raises `ReplayStoreUnavailable`, and every caller refuses the request: a refusal
is retried by the sender, a forgotten id is a replay let through.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from .._errors import InvalidRequest, SmsMobileError

__all__ = [
    "MemoryReplayStore",
    "ReplayStore",
    "ReplayStoreFull",
    "ReplayStoreUnavailable",
]


class ReplayStoreUnavailable(SmsMobileError):
    """The store cannot answer (down, slow, full): refuse the request, retry in `retry_after` s."""

    def __init__(self, message: str, retry_after: float = 5.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ReplayStoreFull(ReplayStoreUnavailable):
    """A memory store holds only keys that have not expired: refuse rather than forget one."""


@runtime_checkable
class ReplayStore(Protocol):
    """Keys remembered for a time to live, shared by everything that must see the same ones.

    `blocking` says whether a call may wait on the network (an async caller then runs it in a
    thread). Every method raises `ReplayStoreUnavailable` when the store cannot answer.
    """

    blocking: bool

    def add(self, key: str, ttl: float, value: str = "1") -> bool:
        """Remember `key` (holding `value`) for `ttl` s unless it is remembered: True if added."""
        ...

    def get(self, key: str) -> str | None:
        """The value `key` holds, or None when it is not remembered."""
        ...

    def put(self, key: str, value: str, ttl: float) -> None:
        """Remember `key` holding `value` for `ttl` s, whether or not it was remembered."""
        ...

    def discard(self, key: str) -> None:
        """Forget `key` (nothing happens when it is not remembered)."""
        ...

    def ping(self) -> None:
        """Return when the store answers; raise `ReplayStoreUnavailable` when it does not."""
        ...


class MemoryReplayStore:
    """A bounded, thread-safe store in this process's memory: the default for one process.

    A key is never forgotten before its time to live: when `max_size` live keys are held, `add`
    of a new one raises `ReplayStoreFull` (`retry_after`: until the soonest one expires).
    `clock` is injectable, so tests move time instead of waiting for it.
    """

    blocking = False

    def __init__(
        self, max_size: int = 100_000, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_size < 1:
            raise InvalidRequest("max_size", "must be at least 1")
        self.max_size = max_size
        self._clock = clock
        # key -> (value, expires at), least recently written first
        self._entries: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryReplayStore(max_size={self.max_size})"

    def add(self, key: str, ttl: float, value: str = "1") -> bool:
        return self._add(key, ttl, value, refresh=False)

    def get(self, key: str) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[1] <= self._clock():
                return None
            return entry[0]

    def put(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            now = self._clock()
            if key not in self._entries:
                self._make_room(now)
            self._write(key, value, now + ttl)

    def discard(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def ping(self) -> None:
        """Memory always answers."""

    def __len__(self) -> int:
        with self._lock:
            self._expire_all(self._clock())
            return len(self._entries)

    def _add(self, key: str, ttl: float, value: str, *, refresh: bool) -> bool:
        with self._lock:
            now = self._clock()
            self._expire_oldest(now)
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                if refresh:
                    self._write(key, entry[0], now + ttl)
                return False
            if entry is None:
                self._make_room(now)
            self._write(key, value, now + ttl)
            return True

    def _make_room(self, now: float) -> None:
        """Called (locked) before a new key is written: expire, then refuse when still full."""
        if len(self._entries) < self.max_size:
            return
        self._expire_all(now)
        if len(self._entries) >= self.max_size:
            raise self._full(now)

    def _full(self, now: float) -> ReplayStoreUnavailable:
        return ReplayStoreFull("the replay store is full of unexpired keys", self._wait(now))

    def _write(self, key: str, value: str, expires: float) -> None:
        self._entries[key] = (value, expires)
        self._entries.move_to_end(key)

    def _expire_oldest(self, now: float) -> None:
        """Drop expired keys from the front (cheap; `_expire_all` when it matters)."""
        while self._entries:
            oldest, (_, expires) = next(iter(self._entries.items()))
            if expires > now:
                return
            del self._entries[oldest]

    def _expire_all(self, now: float) -> None:
        for key in [k for k, (_, expires) in self._entries.items() if expires <= now]:
            del self._entries[key]

    def _wait(self, now: float) -> float:
        soonest = min((expires for _, expires in self._entries.values()), default=now)
        return max(soonest - now, 0.0) + 1.0
