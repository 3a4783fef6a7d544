"""The replay store's contract, in memory (an injected clock) and in a real redis-server."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time

import httpx
import pytest

from smsmobile.replay import (
    MemoryReplayStore,
    RedisReplayStore,
    ReplayStoreFull,
    ReplayStoreUnavailable,
)
from smsmobile.webhooks import AsyncWebhookReceiver, Deliveries

from .support import WEBHOOK_SECRET, RedisServer
from .wire import webhook_delivery


def test_memory_keys_expire_with_their_window_and_never_before() -> None:
    now = [1000.0]
    store = MemoryReplayStore(2, clock=lambda: now[0])
    assert store.add("a", 60) is True
    assert store.add("a", 60) is False
    assert store.add("b", 60) is True
    with pytest.raises(ReplayStoreFull) as full:
        store.add("c", 60)  # full of live keys: refused, nothing forgotten early
    assert 1 <= full.value.retry_after <= 61
    now[0] += 59.9
    assert store.get("a") == "1"
    now[0] += 0.2  # the window has passed: gone, and room again
    assert store.get("a") is None
    assert store.add("c", 60) is True
    assert len(store) == 1


def test_redis_add_is_atomic_across_threads_and_keys_carry_the_window(
    redis_server: RedisServer,
) -> None:
    store = RedisReplayStore(redis_server.url, prefix="t:")
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def race() -> None:
        barrier.wait()
        wins.append(store.add("nonce", 360))

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(wins) == [False] * 7 + [True]
    client = redis_server.client()
    assert 359 <= client.ttl("t:nonce") <= 360
    store.put("nonce", "done", 0.2)  # a part of a second is a whole one: never shorter
    assert client.ttl("t:nonce") == 1
    assert store.get("nonce") == "done"
    store.discard("nonce")
    assert store.get("nonce") is None and client.dbsize() == 0
    store.close()


def test_a_redis_that_is_gone_or_silent_is_unavailable_within_the_timeout(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    store = RedisReplayStore(redis_server.url, timeout=0.3)
    store.ping()
    redis_server.stop()
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, "smsmobile.replay"), pytest.raises(ReplayStoreUnavailable):
        store.add("k", 60)
    assert time.monotonic() - started < 5
    assert "replay store (Redis) failed on SET NX" in caplog.text
    with pytest.raises(ReplayStoreUnavailable):
        store.ping()


def test_deliveries_take_a_redis_url_and_claim_once(redis_server: RedisServer) -> None:
    one = Deliveries(WEBHOOK_SECRET, store=redis_server.url)
    two = Deliveries(WEBHOOK_SECRET, store=redis_server.url)
    body, headers = webhook_delivery(WEBHOOK_SECRET)
    event = one.admit(body, headers)
    claimed = two.admit(body, headers)
    assert not isinstance(event, type(claimed))  # one claimed it; the other is told 409
    assert (claimed.status.value, claimed.word) == (409, "in_progress")  # type: ignore[union-attr]
    assert one.done(event).status.value == 202  # type: ignore[arg-type]
    again = two.admit(body, headers)
    assert (again.status.value, again.word) == (200, "duplicate")  # type: ignore[union-attr]


def test_the_asgi_receiver_does_not_wait_on_redis_in_the_event_loop(
    redis_server: RedisServer,
) -> None:
    """The loop keeps ticking while the store is called: a ticker task runs meanwhile."""
    handled: list[str] = []
    app = AsyncWebhookReceiver(
        WEBHOOK_SECRET, lambda event: handled.append(event.id), store=redis_server.url
    )
    body, headers = webhook_delivery(WEBHOOK_SECRET)
    loop_threads: set[int] = set()
    store_threads: set[int] = set()
    original_add = app.store.add

    def add(key: str, ttl: float, value: str = "1") -> bool:
        store_threads.add(threading.get_ident())
        return original_add(key, ttl, value)

    app.store.add = add  # type: ignore[method-assign]

    async def main() -> int:
        loop_threads.add(threading.get_ident())
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            reply = await client.post("/", content=body, headers=headers)
        return reply.status_code

    assert asyncio.run(main()) == 202
    assert handled and store_threads and not (store_threads & loop_threads)


def test_a_missing_redis_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from smsmobile import MissingExtra
    from smsmobile.replay import replay_store

    monkeypatch.setitem(sys.modules, "redis", None)  # as if `smsmobile[redis]` were not installed
    with pytest.raises(MissingExtra) as missing:
        replay_store(environ={"SMSMOBILE_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert "pip install 'smsmobile[redis]'" in str(missing.value)


def test_an_asgi_handler_that_fails_frees_the_id_in_redis(redis_server: RedisServer) -> None:
    calls: list[str] = []

    def handler(event: object) -> None:
        calls.append("called")
        if len(calls) == 1:
            raise RuntimeError("the queue is down")

    app = AsyncWebhookReceiver(WEBHOOK_SECRET, handler, store=redis_server.url)
    body, headers = webhook_delivery(WEBHOOK_SECRET)

    async def post() -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (await client.post("/", content=body, headers=headers)).status_code

    assert [asyncio.run(post()) for _ in range(3)] == [500, 202, 200]
    assert calls == ["called", "called"]
