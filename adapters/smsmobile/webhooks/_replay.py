"""Remembering event ids, so a redelivered (or replayed) event is acted on once.

With a `ttl`, an id is never forgotten before it expires: a cache full of unexpired ids
refuses new ones (`ReplayCacheFull`, which a receiver answers 503 + Retry-After) rather than
forget one early, since a forgotten id is a replay let through.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from .._errors import InvalidRequest
from ._errors import WebhookError

__all__ = ["EventIdCache", "ReplayCacheFull"]


class ReplayCacheFull(WebhookError):
    """Every slot holds an id that has not expired: refuse the delivery for `retry_after` s."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"replay cache full of unexpired ids; retry in {retry_after:.0f} s")


class EventIdCache:
    """A thread-safe, bounded set of event ids already handled.

    With `ttl`, an id is remembered for `ttl` seconds after it was last seen, and never less:
    when `max_size` unexpired ids are held, `add` of a new id raises `ReplayCacheFull`. Without
    `ttl`, the least recently seen id is forgotten when full (no replay guarantee). In memory and
    per process: use your own store (keyed on `WebhookEvent.id`) when several processes
    receive webhooks.
    """

    def __init__(
        self,
        max_size: int = 10_000,
        *,
        ttl: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_size < 1:
            raise InvalidRequest("max_size", "must be at least 1")
        if ttl is not None and ttl <= 0:
            raise InvalidRequest("ttl", "must be positive seconds, or None")
        self._max_size = max_size
        self._ttl = ttl
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # id -> last seen, oldest first
        self._lock = threading.Lock()

    def add(self, event_id: str) -> bool:
        """Remember `event_id`. True if it is new, False if it was already remembered."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            known = event_id in self._seen
            if not known and self._ttl is not None and len(self._seen) >= self._max_size:
                raise ReplayCacheFull(self._wait(now))
            self._seen[event_id] = now
            self._seen.move_to_end(event_id)
            while len(self._seen) > self._max_size:
                self._seen.popitem(last=False)
            return not known

    def full_for(self, pending: int = 0) -> float:
        """0 when a new id (beyond `pending` ones about to be added) fits; else the seconds until
        one expires. Always 0 without `ttl`, since the oldest id is then forgotten instead."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._ttl is None or len(self._seen) + pending < self._max_size:
                return 0.0
            return self._wait(now)

    def _wait(self, now: float) -> float:
        assert self._ttl is not None
        oldest = next(iter(self._seen.values()), now)
        return max(oldest + self._ttl - now, 0.0) + 1.0

    def discard(self, event_id: str) -> None:
        """Forget `event_id`, so its next delivery is handled again."""
        with self._lock:
            self._seen.pop(event_id, None)

    def __contains__(self, event_id: object) -> bool:
        with self._lock:
            self._expire(self._clock())
            return event_id in self._seen

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._seen)

    def _expire(self, now: float) -> None:
        if self._ttl is None:
            return
        while self._seen:
            oldest_id, last_seen = next(iter(self._seen.items()))
            if now - last_seen <= self._ttl:
                return
            del self._seen[oldest_id]
