"""Pure logic of the async client against the sync one, with fake transports (no sockets, fast):
the same retry decisions, the same paging, the same refusals before any I/O, and waits that do
not block the event loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    ConnectError,
    InboundMessage,
    InvalidRequest,
    MalformedReply,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServiceError,
    SmsMobileError,
)
from smsmobile._operations import Operation, WireFields
from smsmobile._paging import async_inbound_messages, inbound_messages
from smsmobile._retry import async_call_with_retries, call_with_retries

POLICY = RetryPolicy(attempts=3, backoff=0.0, jitter=False)

FAILURES: dict[str, Callable[[], SmsMobileError]] = {
    "connect": lambda: ConnectError("refused"),
    "timeout": lambda: RequestTimeout("slow"),
    "429": lambda: RateLimited("busy", retry_after=0),
    "503": lambda: ServiceError("down", code="503", http_status=503),
    "400": lambda: ServiceError("bad", code="400", http_status=400),
    "malformed": lambda: MalformedReply("garbage"),
}


def _outcome(run: Callable[[Callable[[], Any]], Any], failures: list[SmsMobileError]) -> tuple:
    attempts = 0

    def step() -> str:
        nonlocal attempts
        attempts += 1
        if failures:
            raise failures.pop(0)
        return "ok"

    try:
        result: object = run(step)
    except SmsMobileError as error:
        result = type(error).__name__
    return result, attempts


@pytest.mark.parametrize("idempotent", [True, False], ids=["read", "send"])
@pytest.mark.parametrize("times", [1, 3])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_async_retries_decide_as_the_sync_ones(failure: str, times: int, idempotent: bool) -> None:
    def sync(step: Callable[[], str]) -> str:
        return call_with_retries("op", step, POLICY, idempotent=idempotent)

    def async_(step: Callable[[], str]) -> str:
        async def coroutine() -> str:
            return step()

        return asyncio.run(async_call_with_retries("op", coroutine, POLICY, idempotent=idempotent))

    expected = _outcome(sync, [FAILURES[failure]() for _ in range(times)])
    assert _outcome(async_, [FAILURES[failure]() for _ in range(times)]) == expected


def test_a_send_timeout_is_outcome_unknown_in_async_too() -> None:
    async def lost() -> str:
        raise RequestTimeout("no reply")

    with pytest.raises(OutcomeUnknown):
        asyncio.run(async_call_with_retries("send", lost, POLICY, idempotent=False))


def test_the_retry_wait_does_not_block_the_loop() -> None:
    """A Retry-After of 0.3 s is waited with asyncio.sleep: other tasks run meanwhile."""
    policy = RetryPolicy(attempts=2, backoff=0.0, jitter=False)

    async def main() -> int:
        failures = [RateLimited("busy", retry_after=0.3)]
        ticks = 0

        async def flaky() -> str:
            if failures:
                raise failures.pop()
            return "ok"

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        task = asyncio.get_running_loop().create_task(ticker())
        assert await async_call_with_retries("op", flaky, policy, idempotent=True) == "ok"
        task.cancel()
        return ticks

    assert asyncio.run(main()) >= 10


START = 1_741_694_400


def _inbox(page_size: int, per_second: list[int]) -> Callable[[int | None, Any], list]:
    messages = [
        InboundMessage(
            guid=f"{second}-{i}",
            number="33612345678",
            contact="",
            text=f"{second}/{i}",
            received_at=dt.datetime.fromtimestamp(START + second, dt.UTC),
        )
        for second, count in enumerate(per_second)
        for i in range(count)
    ]
    messages.sort(key=lambda m: m.timestamp, reverse=True)

    def fetch(before: int | None, message_type: Any) -> list[InboundMessage]:
        older = [m for m in messages if before is None or m.timestamp < before]
        return older[:page_size]

    return fetch


@pytest.mark.parametrize(
    ("page_size", "per_second"),
    [(3, [1, 2, 3, 4, 1]), (5, [5, 5, 5]), (4, [9, 1, 2]), (50, [3]), (2, [0, 1, 0, 2])],
)
def test_async_paging_asks_and_yields_as_the_sync_paging(
    page_size: int, per_second: list[int]
) -> None:
    fetch = _inbox(page_size, per_second)
    sync_asks: list[tuple[Any, Any]] = []
    async_asks: list[tuple[Any, Any]] = []

    def sync_fetch(before: int | None, kind: Any) -> list[InboundMessage]:
        sync_asks.append((before, kind))
        return fetch(before, kind)

    async def async_fetch(before: int | None, kind: Any) -> list[InboundMessage]:
        async_asks.append((before, kind))
        await asyncio.sleep(0)
        return fetch(before, kind)

    expected = [m.guid for m in inbound_messages(sync_fetch, before=None, message_type=None)]

    async def collect() -> list[str]:
        iterator = async_inbound_messages(async_fetch, before=None, message_type=None)
        return [m.guid async for m in iterator]

    assert asyncio.run(collect()) == expected
    assert async_asks == sync_asks
    assert len(set(expected)) == len(expected)


class RecordingTransport:
    """An async transport that records what would have been sent."""

    name = "rest"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        self.calls.append((operation.name, dict(fields)))
        return {"result": {"error": 0, "sent": "1", "id": "g" * 40}}

    async def aclose(self) -> None:
        pass


@pytest.mark.parametrize(
    "call",
    [
        lambda wa: wa.send("", "hi"),
        lambda wa: wa.send("32470123456", "hi", media_url="ftp://x"),
        lambda wa: wa.send("32470123456", "hi", sim_port=3),
        lambda wa: wa.resend(""),
        lambda wa: wa.set_retrieval("maybe"),
        lambda wa: wa.fetch_page(message_type="video"),
        lambda wa: wa.check_number("not a number"),
    ],
    ids=["empty to", "ftp media", "sim 3", "empty guid", "bad switch", "bad type", "bad number"],
)
def test_bad_input_is_refused_before_any_exchange(call: Callable[[AsyncWhatsApp], Any]) -> None:
    transport = RecordingTransport()
    wa = AsyncWhatsApp(auth=ApiKey("k" * 20), transport=transport)
    with pytest.raises(InvalidRequest):
        asyncio.run(call(wa))
    assert transport.calls == []


def test_messages_checks_its_arguments_at_the_call() -> None:
    transport = RecordingTransport()
    wa = AsyncWhatsApp(auth=ApiKey("k" * 20), transport=transport)
    with pytest.raises(InvalidRequest):
        wa.messages(limit=-1)  # not awaited, not iterated: refused at once
    assert transport.calls == []


def test_async_send_puts_the_same_wire_fields_as_the_sync_client() -> None:
    from smsmobile import WhatsApp

    later = int(time.time()) + 3600
    recorded = RecordingTransport()
    wa = AsyncWhatsApp(auth=ApiKey("k" * 20), transport=recorded)
    asyncio.run(wa.send("+32 470 12 34 56", "hi", also_sms=True, schedule_at=later, sim_port=2))

    sync_fields: list[dict[str, Any]] = []

    class SyncRecording:
        name = "rest"

        def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
            sync_fields.append(dict(fields))
            return {"result": {"error": 0, "sent": "1", "id": "g" * 40}}

        def close(self) -> None:
            pass

    WhatsApp(auth=ApiKey("k" * 20), transport=SyncRecording()).send(
        "+32 470 12 34 56", "hi", also_sms=True, schedule_at=later, sim_port=2
    )
    assert [fields for _, fields in recorded.calls] == sync_fields


def test_repr_holds_no_key() -> None:
    key = "secret-key-" + str(time.time_ns())
    wa = AsyncWhatsApp(auth=ApiKey(key), transport=RecordingTransport())
    assert key not in repr(wa)
