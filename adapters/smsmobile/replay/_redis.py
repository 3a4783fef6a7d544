"""The replay store in Redis, shared by every worker and replica that points at it.

One atomic `SET key value NX EX ttl` per check, so two processes that see the same nonce or
event id at the same instant cannot both win, and Redis forgets the key when its window ends.
Every call is bounded (connect and socket timeouts, no retry: a retried SET NX whose first reply
was lost would read our own key as a replay); any failure is `ReplayStoreUnavailable`, which
callers answer by refusing the request. The URL (it may hold a password) is never shown.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from .._extras import require
from ._store import ReplayStoreUnavailable

__all__ = ["DEFAULT_PREFIX", "DEFAULT_TIMEOUT", "RedisReplayStore"]

DEFAULT_PREFIX = "smsmobile:replay:"
DEFAULT_TIMEOUT = 0.5
"""Seconds to connect or to wait for one reply: a slow Redis refuses requests, never hangs them."""

_log = logging.getLogger("smsmobile.replay")


class RedisReplayStore:
    """A `ReplayStore` in Redis (`redis://`, `rediss://` or `unix://` URL, or a client).

    Keys are `prefix` + the caller's key. `timeout` bounds each call (connect, send, reply).
    Needs the `redis` extra: `pip install 'smsmobile[redis]'`.
    """

    blocking = True

    def __init__(
        self,
        url: str | None = None,
        *,
        client: Any = None,
        prefix: str = DEFAULT_PREFIX,
        timeout: float = DEFAULT_TIMEOUT,
        retry_after: float = 5.0,
    ) -> None:
        require("redis", "the Redis replay store")
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        if client is None:
            if not url:
                raise ValueError("RedisReplayStore needs a url or a client")
            client = redis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
                retry_on_timeout=False,
                health_check_interval=30,
                decode_responses=True,
            )
        self.client = client
        self.prefix = prefix
        self.timeout = timeout
        self.retry_after = retry_after

    def __repr__(self) -> str:  # never the URL: it may carry a password
        return f"RedisReplayStore(prefix={self.prefix!r}, timeout={self.timeout})"

    def add(self, key: str, ttl: float, value: str = "1") -> bool:
        done = self._call("SET NX", self.client.set, self.prefix + key, value, nx=True, ex=_ex(ttl))
        return bool(done)

    def get(self, key: str) -> str | None:
        found = self._call("GET", self.client.get, self.prefix + key)
        if found is None:
            return None
        return found.decode() if isinstance(found, bytes) else str(found)

    def put(self, key: str, value: str, ttl: float) -> None:
        self._call("SET", self.client.set, self.prefix + key, value, ex=_ex(ttl))

    def discard(self, key: str) -> None:
        self._call("DEL", self.client.delete, self.prefix + key)

    def ping(self) -> None:
        self._call("PING", self.client.ping)

    def close(self) -> None:
        self.client.close()

    def _call(self, what: str, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except self._errors as error:
            # The cause for the operator; the caller refuses the request (fail closed).
            _log.error(
                "replay store (Redis) failed on %s: %s: %s", what, type(error).__name__, error
            )
            raise ReplayStoreUnavailable(
                f"the replay store did not answer ({type(error).__name__})", self.retry_after
            ) from None


def _ex(ttl: float) -> int:
    """Redis EX takes whole seconds: round up, so a key never expires before its window."""
    return max(1, math.ceil(ttl))
