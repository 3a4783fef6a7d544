"""`AsyncWhatsApp` driven by the sync contract cases: each call is awaited on one event loop that
runs in a thread, so every case of this suite runs against the async client unchanged.

The bridge adds nothing: a coroutine method is awaited, `messages()` (checked at the call, an
async iterator after) is pulled item by item, and every other attribute is the client's own.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


class EventLoopThread:
    """One event loop running in a daemon thread until `close`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="async-client")
        self._thread.daemon = True
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=30)
        self.loop.close()


class SyncBridge:
    """The sync face of an async client, for the contract cases."""

    def __init__(self, client: Any, runner: EventLoopThread) -> None:
        self._client = client
        self._runner = runner

    @property
    def wrapped(self) -> Any:
        return self._client

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if name == "messages":
            return self._messages(attribute)
        if inspect.iscoroutinefunction(attribute):
            return self._awaited(attribute)
        return attribute

    def _awaited(self, method: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._runner.run(method(*args, **kwargs))

        return call

    def _messages(self, method: Callable[..., AsyncIterator[Any]]) -> Callable[..., Iterator[Any]]:
        def call(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = method(*args, **kwargs)  # arguments are checked here, at the call
            return self._pull(iterator)

        return call

    def _pull(self, iterator: AsyncIterator[Any]) -> Iterator[Any]:
        async def step() -> tuple[bool, Any]:
            try:
                return True, await iterator.__anext__()
            except StopAsyncIteration:
                return False, None

        while True:
            more, item = self._runner.run(step())
            if not more:
                return
            yield item

    def close(self) -> None:
        self._runner.run(self._client.aclose())

    def __repr__(self) -> str:
        return repr(self._client)
