"""An async transport the client built itself, rebuilt for each event loop that uses it.

httpx's `AsyncClient` keeps connections that belong to the loop that opened them: after
`asyncio.run()` returns, that loop is closed, and a second `asyncio.run()` with the same
`AsyncWhatsApp` would meet "Event loop is closed". The client's own transport is therefore one
per loop, built on first use in that loop by the same constructor call; a transport the caller
passed in is theirs to manage and is used as it is.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._operations import Operation, WireFields

if TYPE_CHECKING:
    import asyncio

    from ._client_async import AsyncTransport

__all__ = ["PerLoopTransport"]


class PerLoopTransport:
    """`AsyncTransport` over one transport per running event loop, each from `build()`.

    The first one is built at once (so the constructor's errors, a WSDL that cannot be read
    say, come from `AsyncWhatsApp(...)`) and taken by the first loop that calls.
    """

    def __init__(self, build: Callable[[], AsyncTransport]) -> None:
        self._build = build
        self._unbound: AsyncTransport | None = build()
        self.name: str = self._unbound.name
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncTransport]
        self._by_loop = weakref.WeakKeyDictionary()

    def current(self) -> AsyncTransport:
        """The transport of the running loop, built now if this loop has none."""
        import asyncio  # here: `import smsmobile` does not pay for asyncio

        loop = asyncio.get_running_loop()
        transport = self._by_loop.get(loop)
        if transport is None:
            transport, self._unbound = self._unbound or self._build(), None
            self._by_loop[loop] = transport
        return transport

    async def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        return await self.current().exchange(operation, fields)

    async def aclose(self) -> None:
        """Close the running loop's transport; the others belong to loops that are gone or
        running elsewhere, so they are dropped (their sockets close with them)."""
        import asyncio

        mine = self._by_loop.pop(asyncio.get_running_loop(), None)
        self._by_loop.clear()
        unused, self._unbound = self._unbound, None
        if unused is not None:  # never used on any loop: nothing of it is bound yet
            with contextlib.suppress(Exception):
                await unused.aclose()
        if mine is not None:
            await mine.aclose()

    def __repr__(self) -> str:
        return f"PerLoopTransport({self._unbound or next(iter(self._by_loop.values()), None)!r})"
