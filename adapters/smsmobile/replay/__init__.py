"""smsmobile.replay: one store for what must be remembered to refuse a replay.

WS-Security nonces (the SOAP gateway and the sandbox) and webhook event ids (`Deliveries`,
`WebhookReceiver`, `AsyncWebhookReceiver`) go through a `ReplayStore`: add-if-absent with a
time to live. `MemoryReplayStore` serves one process; `RedisReplayStore` (the `redis` extra,
or SMSMOBILE_REDIS_URL) serves every worker and replica that share it. A store that cannot
answer raises `ReplayStoreUnavailable` and the request is refused, never let through.
"""

from ._env import ENV_REDIS_URL, replay_store
from ._redis import DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisReplayStore
from ._store import MemoryReplayStore, ReplayStore, ReplayStoreFull, ReplayStoreUnavailable

__all__ = [
    "DEFAULT_PREFIX",
    "DEFAULT_TIMEOUT",
    "ENV_REDIS_URL",
    "MemoryReplayStore",
    "RedisReplayStore",
    "ReplayStore",
    "ReplayStoreFull",
    "ReplayStoreUnavailable",
    "replay_store",
]
