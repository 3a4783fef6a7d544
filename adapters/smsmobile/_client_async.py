"""`AsyncWhatsApp`: `WhatsApp` for asyncio, sharing everything with it but the I/O.

Each method checks and maps its arguments through `_calls` (the same functions `WhatsApp` uses),
runs the operation's row through an async transport, repeats it as `_retry.retry_decision`
decides (waiting with `asyncio.sleep`), and parses the reply with the row's parser. `messages()`
drives the same paging steps (`_paging`). So validation, wire fields, retries, errors, redaction
and timeouts are the sync client's, by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, TypeVar

from . import _calls
from ._auth import ApiKey, OAuth2ClientCredentials
from ._derived.facade_async import AsyncWhatsAppOperations
from ._errors import ClientClosed, InvalidRequest
from ._extras import require
from ._loop_bound import PerLoopTransport
from ._models import (
    InboundMessage,
    MessageType,
    Timeouts,
)
from ._operations import Operation, WireFields
from ._options import AsyncSharedTransport, derive
from ._paging import async_inbound_messages
from ._raw import RawResponses
from ._redact import install_log_filter
from ._retry import RetryPolicy, async_call_with_retries

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncTransport", "AsyncWhatsApp"]

R = TypeVar("R")


class AsyncTransport(Protocol):
    """The async seam: `Transport` with `exchange` awaited and `aclose` for `close`."""

    name: str  # "rest" or "soap"

    def exchange(self, operation: Operation[Any], fields: WireFields) -> Awaitable[object]: ...

    async def aclose(self) -> None: ...


class AsyncWhatsApp(AsyncWhatsAppOperations):
    """Send and receive WhatsApp messages through SMSMobileAPI, from asyncio.

    >>> async with AsyncWhatsApp(auth=ApiKey("...")) as wa:
    ...     sent = await wa.send("+1 917 286 60", "Hello *world*")

    The constructor takes `WhatsApp`'s arguments, with the same environment fallbacks;
    `http_client` is your own `httpx.AsyncClient` (used for REST, SOAP and the token fetch, never
    closed by us: see `WhatsApp`).
    """

    def __init__(
        self,
        *,
        auth: ApiKey | OAuth2ClientCredentials | None = None,
        base_url: str | None = None,
        transport: Literal["rest", "soap"] | AsyncTransport | None = None,
        timeout: Timeouts | float | None = None,
        retry: RetryPolicy | None = None,
        wsdl: str | None = None,
        soap_endpoint: str | None = None,
        soap_version: Literal["1.1", "1.2"] = "1.1",
        wsse: bool | Literal["digest", "text"] = False,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        install_log_filter()
        own_transport = transport is None or isinstance(transport, str)
        config, self.retry, auth = _calls.settings(
            auth=auth,
            base_url=base_url,
            transport=transport if transport is None or isinstance(transport, str) else "rest",
            own_transport=own_transport,
            timeout=timeout,
            retry=retry,
            http_client=http_client,
            asynchronous=True,
        )
        self.base_url = config.base_url
        self.timeouts = config.timeouts
        self.auth = auth
        if transport is None or isinstance(transport, str):
            transport = config.transport
        self._transport: AsyncTransport
        if transport == "rest":
            from .transports.rest_async import AsyncRestTransport

            assert auth is not None
            rest_auth = auth
            self._transport = PerLoopTransport(  # one per event loop: see `_loop_bound`
                lambda: AsyncRestTransport(
                    base_url=self.base_url,
                    auth=rest_auth,
                    timeouts=self.timeouts,
                    http_client=http_client,
                )
            )
        elif transport == "soap":
            require("soap", "transport='soap'")
            from .transports.soap_async import AsyncSoapTransport

            assert auth is not None
            soap_auth = auth
            self._transport = PerLoopTransport(  # one per event loop: see `_loop_bound`
                lambda: AsyncSoapTransport(
                    base_url=self.base_url,
                    auth=soap_auth,
                    timeouts=self.timeouts,
                    wsdl=wsdl,
                    endpoint=soap_endpoint,
                    soap_version=soap_version,
                    wsse=wsse,
                    http_client=http_client,
                )
            )
        elif callable(getattr(transport, "exchange", None)):
            self._transport = transport
        else:
            raise InvalidRequest(
                "transport", "must be 'rest', 'soap' or an object with exchange(operation, fields)"
            )
        self.transport_name: str = self._transport.name

    @classmethod
    def from_env(
        cls,
        *,
        auth: ApiKey | OAuth2ClientCredentials | None = None,
        base_url: str | None = None,
        transport: Literal["rest", "soap"] | AsyncTransport | None = None,
        timeout: Timeouts | float | None = None,
        retry: RetryPolicy | None = None,
        wsdl: str | None = None,
        soap_endpoint: str | None = None,
        soap_version: Literal["1.1", "1.2"] = "1.1",
        wsse: bool | Literal["digest", "text"] = False,
        http_client: httpx.AsyncClient | None = None,
    ) -> AsyncWhatsApp:
        """A client configured from SMSMOBILEAPI_* variables; keyword arguments win over them."""
        return cls(
            auth=auth,
            base_url=base_url,
            transport=transport,
            timeout=timeout,
            retry=retry,
            wsdl=wsdl,
            soap_endpoint=soap_endpoint,
            soap_version=soap_version,
            wsse=wsse,
            http_client=http_client,
        )

    # -- the operations: derived (`_derived/`), but paging -----------------------------------

    def messages(
        self,
        *,
        date: dt.date | str | None = None,
        message_type: MessageType | Literal["all", ""] | None = None,
        before: int | dt.datetime | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[InboundMessage]:
        """`WhatsApp.messages` as an async iterator (`async for message in wa.messages()`):
        the same paging and de-duplication. Arguments are checked at the call."""
        query = _calls.page_query(date=date, message_type=message_type, before=before, limit=limit)
        return self._iterate(query)

    async def _iterate(self, query: _calls.PageQuery) -> AsyncIterator[InboundMessage]:
        async def fetch(
            before: int | None, message_type: MessageType | None
        ) -> list[InboundMessage]:
            return await self._call(*_calls.page(query, before, message_type))

        count = 0
        if query.limit == 0:
            return
        async for message in async_inbound_messages(
            fetch, before=query.before, message_type=query.message_type
        ):
            yield message
            count += 1
            if query.limit is not None and count >= query.limit:
                return

    # -- one call of an operation -------------------------------------------------------------

    async def _call(self, operation: Operation[R], fields: WireFields) -> R:
        """One logical call: exchanges (repeated as `_retry` decides) and the row's parser."""
        if self._closed:
            raise ClientClosed("AsyncWhatsApp", operation.name)

        async def attempt() -> R:
            return operation.parse(await self._transport.exchange(operation, fields), fields)

        return await async_call_with_retries(
            operation.name,
            attempt,
            self.retry,
            idempotent=operation.is_retry_safe(fields),
            transport=self.transport_name,
            fields=fields,
        )

    # -- per-call options and raw replies (`_options`, `_raw`) --------------------------------

    def with_options(
        self, *, timeout: Timeouts | float | None = None, retry: RetryPolicy | None = None
    ) -> Self:
        """This client with other timeouts or another retry policy (None: keep this one's),
        sharing its connections and token cache; closing it leaves them open."""
        return derive(self, AsyncSharedTransport, timeout=timeout, retry=retry)

    @property
    def with_raw_response(self) -> RawResponses:
        """The same methods, each returning an awaitable `RawReply`."""
        return RawResponses(self)

    # -- lifecycle ---------------------------------------------------------------------------

    _closed = False  # set by `aclose`: later calls raise `ClientClosed`, sending nothing

    async def aclose(self) -> None:
        """Close the connections (the token provider is shared by the credentials object);
        a call after this raises `ClientClosed`. Closing twice is harmless."""
        if not self._closed:
            self._closed = True
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"AsyncWhatsApp(transport={self.transport_name!r}, base_url={self.base_url!r}, "
            f"auth={self.auth!r})"
        )
