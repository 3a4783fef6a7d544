"""Remembering event ids, so a redelivered (or replayed) event is acted on once.

`EventIdCache` is the in-memory `ReplayStore` a receiver uses by default (one process). With a
`ttl`, an id is never forgotten before it expires: a cache full of unexpired ids refuses new
ones (`ReplayCacheFull`, which a receiver answers 503 + Retry-After) rather than forget one
early, since a forgotten id is a replay let through. Several processes share a Redis store
instead (`smsmobile.replay.RedisReplayStore`, or SMSMOBILE_REDIS_URL).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .._errors import InvalidRequest
from ..replay import MemoryReplayStore, ReplayStoreFull, ReplayStoreUnavailable
from ._errors import WebhookError

__all__ = ["EventIdCache", "ReplayCacheFull"]


class ReplayCacheFull(WebhookError, ReplayStoreFull):
    """Every slot holds an id that has not expired: refuse the delivery for `retry_after` s."""

    def __init__(self, retry_after: float) -> None:
        ReplayStoreFull.__init__(
            self, f"replay cache full of unexpired ids; retry in {retry_after:.0f} s", retry_after
        )


class EventIdCache(MemoryReplayStore):
    """A thread-safe, bounded set of event ids already handled (a `MemoryReplayStore`).

    With `ttl`, an id is remembered for `ttl` seconds after it was last seen, and never less:
    when `max_size` unexpired ids are held, `add` of a new id raises `ReplayCacheFull`. Without
    `ttl`, the least recently seen id is forgotten when full (no replay guarantee). In memory and
    per process: give receivers a shared store (`store=` a Redis URL, or SMSMOBILE_REDIS_URL)
    when several processes receive webhooks.
    """

    def __init__(
        self,
        max_size: int = 10_000,
        *,
        ttl: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl is not None and ttl <= 0:
            raise InvalidRequest("ttl", "must be positive seconds, or None")
        super().__init__(max_size, clock=clock)
        self._ttl = ttl

    def __repr__(self) -> str:
        return f"EventIdCache(max_size={self.max_size}, ttl={self._ttl})"

    def add(self, key: str, ttl: float | None = None, value: str = "1") -> bool:
        """Remember `key`. True if it is new, False if it was already remembered.

        Called with the id alone, an id seen again is remembered anew from now. The cache's own
        `ttl`, when it has one, wins over the one given (the `ReplayStore` call).
        """
        keep = self._ttl if self._ttl is not None else (math.inf if ttl is None else ttl)
        return self._add(key, keep, value, refresh=ttl is None)

    def put(self, key: str, value: str, ttl: float) -> None:
        super().put(key, value, self._ttl if self._ttl is not None else ttl)

    def full_for(self, pending: int = 0) -> float:
        """0 when a new id (beyond `pending` ones about to be added) fits; else the seconds until
        one expires. Always 0 without `ttl`, since the oldest id is then forgotten instead."""
        with self._lock:
            now = self._clock()
            self._expire_all(now)
            if self._ttl is None or len(self._entries) + pending < self.max_size:
                return 0.0
            return self._wait(now)

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self.get(event_id) is not None

    def _make_room(self, now: float) -> None:
        if self._ttl is not None:
            super()._make_room(now)
            return
        self._expire_all(now)
        while len(self._entries) >= self.max_size:  # no guarantee asked: forget the oldest
            self._entries.popitem(last=False)

    def _full(self, now: float) -> ReplayStoreUnavailable:
        return ReplayCacheFull(self._wait(now))
