"""Remembering event ids, so a redelivered (or replayed) event is acted on once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from ._errors import InvalidRequest

__all__ = ["EventIdCache"]


class EventIdCache:
    """A thread-safe, bounded set of event ids already handled.

    Holds at most `max_size` ids, forgetting the least recently seen first; with `ttl`, an id is
    also forgotten `ttl` seconds after it was last seen. In memory and per process: use your own
    store (keyed on `WebhookEvent.id`) when several processes receive webhooks.
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
            self._seen[event_id] = now
            self._seen.move_to_end(event_id)
            while len(self._seen) > self._max_size:
                self._seen.popitem(last=False)
            return not known

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
