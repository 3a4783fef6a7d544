"""An ASGI app that receives Webhook V2 deliveries, with the same answers as the WSGI one.

Every decision (the body cap, verification, parsing, the replay cache, the replies) is
`_delivery`'s, shared with `WebhookReceiver`; this module only reads an ASGI body and
awaits the handler. Needs nothing but the standard library: run it under any ASGI server, or
mount it in Starlette/FastAPI (`app.mount("/webhooks/smsmobile", receiver)`).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

from ..replay import ReplayStore
from ._delivery import MAX_BODY, METHOD_NOT_ALLOWED, Deliveries, WebhookReply
from ._events import WebhookEvent
from ._replay import EventIdCache
from ._signing import DEFAULT_TOLERANCE

__all__ = ["AsyncWebhookReceiver"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
#: An `async def handler(event)` (awaited), or a plain function (called on the event loop).
AsyncHandler = Callable[[WebhookEvent], Awaitable[None] | None]


class AsyncWebhookReceiver:
    """An ASGI app that verifies each delivery, de-duplicates it, and awaits `handler` once.

    The answers, the defaults, the replay window and `store` are those of `WebhookReceiver`.
    A store that waits on the network (Redis) is called in a worker thread, so the event loop
    never waits on it. A plain (non-async) handler runs on the event loop: keep it short, or
    hand blocking work to `asyncio.to_thread`. Only "http" scopes are served; "lifespan" is
    acknowledged.
    """

    def __init__(
        self,
        secret: str | bytes,
        handler: AsyncHandler,
        *,
        tolerance: int = DEFAULT_TOLERANCE,
        max_body: int = MAX_BODY,
        seen: EventIdCache | None = None,
        store: ReplayStore | str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._deliveries = Deliveries(
            secret, tolerance=tolerance, max_body=max_body, seen=seen, store=store, clock=clock
        )
        self._handler = handler
        self.seen = self._deliveries.seen
        self.store = self._deliveries.store

    def __repr__(self) -> str:
        tolerance = self._deliveries.tolerance
        return f"AsyncWebhookReceiver(handler={self._handler!r}, tolerance={tolerance})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(f"AsyncWebhookReceiver serves HTTP only, not {scope['type']!r}")
        reply = await self._answer(scope, receive)
        await send(
            {
                "type": "http.response.start",
                "status": reply.status.value,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.header_list()
                ],
            }
        )
        await send({"type": "http.response.body", "body": reply.body})

    async def _answer(self, scope: Scope, receive: Receive) -> WebhookReply:
        if str(scope.get("method", "GET")).upper() != "POST":
            return METHOD_NOT_ALLOWED
        headers = _headers(scope)
        declared = headers.get("content-length")
        body = await self._deliveries.read_body_async(declared, _chunks(receive))
        if isinstance(body, WebhookReply):
            return body
        deliveries = self._deliveries
        # The sync Redis client in a thread rather than redis.asyncio: one decision path for
        # WSGI, ASGI and framework views, one client and pool per store; each call is bounded
        # by the store's socket timeouts, so a slow Redis holds a thread, never the loop.
        offload = deliveries.store.blocking
        admitted = (
            await asyncio.to_thread(deliveries.admit, body, headers)
            if offload
            else deliveries.admit(body, headers)
        )
        if isinstance(admitted, WebhookReply):
            return admitted
        try:
            result = self._handler(admitted)
            if inspect.isawaitable(result):
                await result
        except Exception:
            deliveries.log_failure(admitted)  # logs the exception: must run in this block
            failed = True
        else:
            failed = False
        settle = deliveries.release if failed else deliveries.done
        if offload:
            return await asyncio.to_thread(settle, admitted)
        return settle(admitted)


async def _chunks(receive: Receive) -> AsyncIterator[bytes]:
    """An ASGI request body as a stream of chunks, pulled only as they are wanted."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        yield bytes(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _headers(scope: Scope) -> dict[str, str]:
    """Lower-cased names; a repeated header keeps its last value, as the WSGI one does."""
    return {
        bytes(name).decode("latin-1").lower(): bytes(value).decode("latin-1")
        for name, value in scope.get("headers", ())
    }


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
