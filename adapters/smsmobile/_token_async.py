"""OAuth2 tokens for async clients: the same `TokenProvider`, fetched off the event loop.

The token flow is blocking (oauthlib's grant over our bounded httpx stack), so a fetch runs in a
worker thread (`asyncio.to_thread`); with the user's `httpx.AsyncClient` that thread hands the
POST back to the loop (`rest_async.grant_poster`). Single flight holds across tasks and threads:
the tasks of one event loop that need a token while it is being fetched await that one fetch
(one worker thread, not one per task), and the provider's own lock makes the fetches of other
loops and threads wait for it and reuse its result. A cached, valid token is returned on the
loop with no thread at all.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import weakref
from collections.abc import AsyncGenerator, Callable

import httpx

from ._auth import GrantPost, TokenProvider

__all__ = [
    "AsyncBearerAuth",
    "AsyncTokenFlight",
    "awaiting_token",
    "awaiting_token_in",
    "mark_awaiting_token",
    "request_starts",
]

# True from the moment a task asks for a token until it has one: an attempt whose deadline
# passes then never sent its request, so even a send may be repeated (it is no unknown outcome).
_awaiting_token: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "smsmobile_awaiting_token", default=False
)


def request_starts() -> None:
    """Called by a transport as an attempt begins (resets `awaiting_token`)."""
    _awaiting_token.set(False)


def mark_awaiting_token(waiting: bool) -> None:
    """Set by the synchronous bearer auth around a token fetch (see `_awaiting_token`)."""
    _awaiting_token.set(waiting)


def awaiting_token_in(context: contextvars.Context) -> bool:
    """Whether the attempt running in `context` (another thread's) was waiting for its token."""
    return context.get(_awaiting_token, False)


def awaiting_token() -> bool:
    """Whether this task's attempt was still waiting for its token (see `_awaiting_token`)."""
    return _awaiting_token.get()


class AsyncTokenFlight:
    """Awaitable tokens from one `TokenProvider`, with one fetch in flight per event loop."""

    def __init__(
        self,
        provider: TokenProvider,
        poster: Callable[[asyncio.AbstractEventLoop], GrantPost] | None = None,
    ) -> None:
        """`poster`: how a fetch POSTs through the user's `httpx.AsyncClient` on the caller's
        loop (`rest_async.grant_poster`); None: the provider's own bounded client."""
        self.provider = provider
        self._poster = poster
        self._pending: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Future[str]]
        self._pending = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # guards `_pending` across loops; never held over I/O

    async def token(self) -> str:
        """A valid access token; see `TokenProvider.token` for how failures are raised."""
        cached = self.provider.cached_token()
        if cached is not None:
            return cached
        _awaiting_token.set(True)  # left True if the attempt's deadline cancels the wait
        loop = asyncio.get_running_loop()
        with self._lock:
            pending = self._pending.get(loop)
            if pending is None:
                post = None if self._poster is None else self._poster(loop)
                pending = loop.create_task(asyncio.to_thread(self.provider.token, post))
                self._pending[loop] = pending
                pending.add_done_callback(self._forget)
        # shield: a caller that is cancelled does not cancel the fetch the others wait for
        token = await asyncio.shield(pending)
        _awaiting_token.set(False)
        return token

    def _forget(self, done: asyncio.Future[str]) -> None:
        with self._lock:
            for loop, pending in list(self._pending.items()):
                if pending is done:
                    del self._pending[loop]
        if not done.cancelled():
            done.exception()  # retrieved: a failed fetch is raised to its waiters, not logged

    async def invalidate(self, token: str) -> None:
        """Forget `token` (refused by the service) unless it was replaced; off the loop, since
        the provider's lock may be held by a fetch in another thread."""
        await asyncio.to_thread(self.provider.invalidate, token)


class AsyncBearerAuth(httpx.Auth):
    """`Authorization: Bearer` for `httpx.AsyncClient`; on a 401, one refetch and one resend
    (of a request the service refused, so it was provably not processed)."""

    requires_request_body = True

    def __init__(self, flight: AsyncTokenFlight) -> None:
        self.flight = flight

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.flight.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            await self.flight.invalidate(token)
            request.headers["Authorization"] = f"Bearer {await self.flight.token()}"
            yield request
