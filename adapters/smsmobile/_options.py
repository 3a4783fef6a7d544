"""`client.with_options(timeout=..., retry=...)`: the same client with other timeouts or another
retry policy, sharing the original's connection pool and token cache.

The derived client is a shallow copy whose transport is a view of the original's: the view sets
the timeouts for the duration of each exchange (a context variable the built-in transports read
through `effective_timeouts`), and its close does nothing, because the connections are the
original client's. A custom transport sees the retry policy change but not the timeouts.
"""

from __future__ import annotations

import contextvars
import copy
from typing import Any, TypeVar

from ._config import timeouts_of
from ._errors import ClientClosed, InvalidRequest
from ._models import Timeouts
from ._operations import Operation, WireFields
from ._retry import RetryPolicy

__all__ = ["AsyncSharedTransport", "SharedTransport", "derive", "effective_timeouts"]

C = TypeVar("C")

_timeouts: contextvars.ContextVar[Timeouts | None] = contextvars.ContextVar(
    "smsmobile_timeouts", default=None
)


def effective_timeouts(default: Timeouts) -> Timeouts:
    """The timeouts of the exchange running now: a `with_options` client's, else `default`."""
    override = _timeouts.get()
    return default if override is None else override


class SharedTransport:
    """A view of another client's transport with its own timeouts; closing it closes nothing."""

    def __init__(self, inner: Any, timeouts: Timeouts | None, owner: Any = None) -> None:
        self.inner = inner
        self.timeouts = timeouts
        self.name: str = inner.name
        self.owner = owner  # the client whose connections these are

    def check_open(self, operation: Operation[Any]) -> None:
        """Closing the original closes its connections for every client derived from it."""
        if getattr(self.owner, "_closed", False):
            raise ClientClosed(type(self.owner).__name__, operation.name)

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        self.check_open(operation)
        token = _timeouts.set(self.timeouts)
        try:
            return self.inner.exchange(operation, fields)
        finally:
            _timeouts.reset(token)

    def close(self) -> None:
        """The connections belong to the client this one was derived from."""

    def __repr__(self) -> str:
        return f"SharedTransport({self.inner!r})"


class AsyncSharedTransport(SharedTransport):
    """`SharedTransport` for `AsyncWhatsApp`."""

    async def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        self.check_open(operation)
        token = _timeouts.set(self.timeouts)
        try:
            result: object = await self.inner.exchange(operation, fields)
            return result
        finally:
            _timeouts.reset(token)

    async def aclose(self) -> None:
        """The connections belong to the client this one was derived from."""


def derive(
    client: C,
    view: type[SharedTransport],
    *,
    timeout: Timeouts | float | None,
    retry: RetryPolicy | None,
) -> C:
    """A shallow copy of `client` with `timeout` and `retry` (None: keep the client's)."""
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise InvalidRequest("retry", "must be a RetryPolicy")
    timeouts = None if timeout is None else timeouts_of(timeout)
    derived = copy.copy(client)
    inner: Any = client._transport  # type: ignore[attr-defined]
    owner: Any = client
    if isinstance(inner, SharedTransport):  # derived from a derived client: one view deep
        timeouts = timeouts if timeouts is not None else inner.timeouts
        owner = inner.owner
        inner = inner.inner
    derived._transport = view(inner, timeouts, owner)  # type: ignore[attr-defined]
    if timeouts is not None:
        derived.timeouts = timeouts  # type: ignore[attr-defined]
    if retry is not None:
        derived.retry = retry  # type: ignore[attr-defined]
    return derived
