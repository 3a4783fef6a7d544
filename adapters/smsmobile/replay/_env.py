"""Which replay store a server uses: the one it is given, a Redis URL, SMSMOBILE_REDIS_URL, or
memory (one process only)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from ._store import MemoryReplayStore, ReplayStore

__all__ = ["ENV_REDIS_URL", "replay_store"]

ENV_REDIS_URL = "SMSMOBILE_REDIS_URL"


def replay_store(
    store: ReplayStore | str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    memory: Callable[[], ReplayStore] = MemoryReplayStore,
) -> ReplayStore:
    """`store` itself; a `RedisReplayStore` for a URL (given, or else SMSMOBILE_REDIS_URL from
    `environ`, default os.environ); otherwise `memory()`."""
    if store is not None and not isinstance(store, str):
        return store
    url = store or (os.environ if environ is None else environ).get(ENV_REDIS_URL, "").strip()
    if url:
        from ._redis import RedisReplayStore

        return RedisReplayStore(url)
    return memory()
