"""A new user's first hour, in Python: a closed client says so in our own exception (sending
nothing), one `AsyncWhatsApp` serves two `asyncio.run()` calls, and the inbound flow's refusals
are subclasses that name the method to call."""

from __future__ import annotations

import asyncio

import pytest

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    ClientClosed,
    InvalidRequest,
    RetrievalDisabled,
    ServiceError,
    SmsMobileError,
    SyncWindowClosed,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox

TRANSPORTS = ["rest", "soap"]


def _requests(sandbox: RunningSandbox) -> int:
    return sum(sandbox.control.stats()["requests"].values())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_closed_client_refuses_every_call_and_sends_nothing(
    sandbox: RunningSandbox, transport: str
) -> None:
    wa = WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport)  # type: ignore[arg-type]
    with wa:
        wa.check_number("32470123456")
    before = _requests(sandbox)
    for call in (
        lambda: wa.send("32470123456", "after close"),
        lambda: wa.check_number("32470123456"),
        lambda: list(wa.messages()),
    ):
        with pytest.raises(ClientClosed) as closed:
            call()
        assert isinstance(closed.value, InvalidRequest | SmsMobileError)
        assert isinstance(closed.value, ValueError)  # as Python's "I/O operation on closed file"
        assert "WhatsApp was closed" in str(closed.value)
        assert "nothing was sent" in str(closed.value)
    assert _requests(sandbox) == before
    assert sandbox.control.messages() == []
    wa.close()  # closing twice is harmless


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_closed_async_client_refuses_every_call(sandbox: RunningSandbox, transport: str) -> None:
    async def scenario() -> None:
        wa = AsyncWhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport)  # type: ignore[arg-type]
        async with wa:
            await wa.check_number("32470123456")
        with pytest.raises(ClientClosed, match="AsyncWhatsApp was closed"):
            await wa.send("32470123456", "after close")
        with pytest.raises(ClientClosed):
            [m async for m in wa.messages()]
        await wa.aclose()

    asyncio.run(scenario())
    assert sandbox.control.messages() == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_one_async_client_in_two_event_loops(sandbox: RunningSandbox, transport: str) -> None:
    wa = AsyncWhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport)  # type: ignore[arg-type]

    async def send(text: str) -> str:
        return (await wa.send("32470123456", text)).guid

    first = asyncio.run(send("first loop"))
    second = asyncio.run(send("second loop"))  # the first loop is closed by now

    assert first != second
    assert [m["message"] for m in sandbox.control.messages()] == ["first loop", "second loop"]

    async def close() -> None:
        await wa.aclose()

    asyncio.run(close())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_retrieval_off_is_its_own_error_naming_the_method(
    sandbox: RunningSandbox, transport: str
) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport) as wa:  # type: ignore[arg-type]
        with pytest.raises(RetrievalDisabled) as off:
            list(wa.messages())
        assert isinstance(off.value, ServiceError) and off.value.code == "20"
        assert "wa.set_retrieval(True)" in str(off.value)
        with pytest.raises(RetrievalDisabled):  # a synchronisation needs retrieval on too
            wa.synchronize()

        wa.set_retrieval(True)
        with pytest.raises(SyncWindowClosed) as closed:
            list(wa.messages())  # messages() never opens the window by itself
        assert isinstance(closed.value, ServiceError) and closed.value.code == "21"
        assert "wa.synchronize()" in str(closed.value)

        wa.synchronize()
        assert list(wa.messages()) == []


def test_async_inbound_errors_are_the_same_subclasses(sandbox: RunningSandbox) -> None:
    async def scenario() -> None:
        async with AsyncWhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
            with pytest.raises(RetrievalDisabled):
                [m async for m in wa.messages()]
            await wa.set_retrieval(True)
            with pytest.raises(SyncWindowClosed):
                [m async for m in wa.messages()]

    asyncio.run(scenario())
