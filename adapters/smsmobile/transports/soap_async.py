"""`AsyncSoapTransport`: `SoapTransport` over zeep's async client and an `httpx.AsyncClient`.

Only the I/O differs from the sync transport: the same parsed WSDL (`shared_document`), the same
plugins (masked envelope log, reply shape check), arguments, fault reading and error map
(`SoapTransport._arguments`, `_failure`, `_plain_reply`, inherited); the call goes through
zeep's public `AsyncServiceProxy`, and each reply is read by `_AsyncPost` under the same cap,
decoder and deadline as REST's (`rest_async.read_capped_async`).
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import httpx
import zeep
import zeep.proxy
import zeep.transports
from lxml import etree

from .._auth import ApiKey, OAuth2ClientCredentials
from .._call_watch import note_reply
from .._errors import InvalidRequest, RequestTimeout, SmsMobileError
from .._models import Timeouts
from .._operations import Operation, WireFields
from .._options import effective_timeouts
from .._redact import install_log_filter
from .._reply_body import ACCEPT_ENCODING, Deadline, refuse_redirect
from .._token_async import AsyncBearerAuth, awaiting_token, request_starts
from .bounded_http import httpx_timeout
from .rest import _httpx_failure
from .rest_async import read_capped_async, token_flight
from .soap import (
    BINDINGS,
    SETTINGS,
    SoapTransport,
    SoapVersion,
    WsseMode,
    _EnvelopeLog,
    _load_document,
    _ReplyShape,
    _username_token,
)
from .soap_http import ReadReply

__all__ = ["AsyncSoapTransport"]

_AsyncClient: Any = zeep.AsyncClient
_AsyncServiceProxy: Any = zeep.proxy.AsyncServiceProxy
_ZeepAsyncTransport: Any = zeep.transports.AsyncTransport


class _AsyncPost(_ZeepAsyncTransport):  # type: ignore[misc]
    """zeep's async transport, reading each reply itself under the cap and the deadline.

    The last reply is kept per task (a context variable), for the error map: tasks share the
    transport, and a plain 503 has no SOAP body to say why.
    """

    def __init__(
        self, client: httpx.AsyncClient, timeouts: Timeouts, auth: httpx.Auth | None = None
    ) -> None:
        """`auth`: the bearer auth to send with, when `client` is the user's."""
        super().__init__(client=client, wsdl_client=_NoWsdlClient())
        self.timeouts = timeouts
        self.send_options: dict[str, Any] = {} if auth is None else {"auth": auth}
        self.total_seconds = timeouts.total_seconds
        self.last: contextvars.ContextVar[ReadReply | None] = contextvars.ContextVar(
            "smsmobile_soap_reply", default=None
        )

    async def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> Any:
        self.last.set(None)
        timeouts = effective_timeouts(self.timeouts)  # a `with_options` client's, if any
        deadline = Deadline(timeouts.total_seconds)
        request = self.client.build_request(
            "POST",
            address,
            content=message,
            headers={**headers, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx_timeout(timeouts),
        )
        response = await self.client.send(
            request, stream=True, follow_redirects=False, **self.send_options
        )
        try:
            self.last.set(ReadReply(response.status_code, response.headers, b"", response))
            refuse_redirect(response.status_code, response.headers.get("Location"))
            content = await read_capped_async(response, deadline)
        finally:
            await response.aclose()
        reply = ReadReply(response.status_code, response.headers, content, response)
        note_reply(reply.status_code, reply.headers, content, log_body=False)  # logged masked
        self.last.set(reply)
        return reply

    async def post_xml(self, address: str, envelope: Any, headers: dict[str, str]) -> Any:
        message = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        return await self.post(address, message, headers)

    def last_response(self) -> ReadReply | None:
        return self.last.get()


class _NoWsdlClient(httpx.Client):
    """The WSDL is parsed before the client exists (`shared_document`): nothing is fetched."""

    def __init__(self) -> None:
        super().__init__(transport=httpx.MockTransport(self._refuse))

    @staticmethod
    def _refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.UnsupportedProtocol("the async SOAP transport loads no documents")


class AsyncSoapTransport(SoapTransport):
    """The async `Transport` that speaks the project's WSDL (SOAP 1.1 or 1.2, `wsse` as for
    `SoapTransport`)."""

    name = "soap"

    def __init__(
        self,
        *,
        base_url: str,
        auth: ApiKey | OAuth2ClientCredentials,
        timeouts: Timeouts,
        wsdl: str | None = None,
        endpoint: str | None = None,
        soap_version: SoapVersion = "1.1",
        wsse: WsseMode = False,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """`http_client`: the user's client, posted through as configured and never closed
        here (the cap, the deadline and the refusal of redirects are kept around it)."""
        install_log_filter()
        binding_name = BINDINGS.get(soap_version)
        if binding_name is None:
            raise InvalidRequest("soap_version", "must be '1.1' or '1.2'")
        if wsse is not False and not isinstance(auth, ApiKey):
            raise InvalidRequest("wsse", "a UsernameToken carries a key: use auth=ApiKey(...)")
        token = None if wsse is False else _username_token(auth.key, wsse)  # type: ignore[union-attr]
        self._endpoint = endpoint or f"{base_url.rstrip('/')}/soap"
        self._timeouts = timeouts
        self._apikey: str | None = None
        options: dict[str, Any] = {}
        bearer: AsyncBearerAuth | None = None
        if isinstance(auth, OAuth2ClientCredentials):
            flight = token_flight(auth.token_provider(base_url, timeouts), http_client, timeouts)
            bearer = AsyncBearerAuth(flight)
            options["auth"] = bearer
        elif token is None:
            self._apikey = auth.key
        self._own_async_client = http_client is None
        if http_client is not None:
            self._httpx = http_client
            self._http = _AsyncPost(http_client, timeouts, auth=bearer)
        else:
            self._httpx = self._own_httpx(timeouts, options)
            self._http = _AsyncPost(self._httpx, timeouts)
        self._shape = _ReplyShape()
        document = _load_document(wsdl, timeouts)
        self._client = _AsyncClient(
            document,
            transport=self._http,
            settings=SETTINGS,
            plugins=[_EnvelopeLog(), self._shape],
            wsse=token,
        )
        binding = self._client.wsdl.bindings[binding_name]
        self._service = _AsyncServiceProxy(self._client, binding, address=self._endpoint)

    @staticmethod
    def _own_httpx(timeouts: Timeouts, options: dict[str, Any]) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.read,
                write=timeouts.read,
                pool=timeouts.connect,
            ),
            follow_redirects=False,  # a redirect would take the key or token along
            **options,
        )

    def __repr__(self) -> str:
        return f"AsyncSoapTransport(endpoint={self._endpoint!r})"

    async def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        """`SoapTransport.exchange`, awaited, within the attempt's total deadline."""
        name = operation.soap_operation
        error: SmsMobileError
        request_starts()
        try:
            async with asyncio.timeout(effective_timeouts(self._timeouts).total_seconds):
                reply = await self._service[name](**self._arguments(fields))
        except TimeoutError:
            error = RequestTimeout(
                f"{name}: no complete reply within the "
                f"{effective_timeouts(self._timeouts).total_seconds:g} s deadline"
            )
            error.before_request = awaiting_token()  # still waiting for its token: never sent
        except httpx.HTTPError as exc:
            error = _httpx_failure(exc)
        except Exception as exc:
            error = self._failure(name, exc, retry_safe=operation.is_retry_safe(fields))
        else:
            return self._plain_reply(name, reply)
        raise error  # outside the except blocks: no chained exception keeps the request alive

    async def fetch(self, operation: Operation[Any], fields: WireFields) -> object:
        """`exchange`: the async client reads plain data (`SoapTransport.fetch` is sync)."""
        return await self.exchange(operation, fields)

    def close(self) -> None:
        """Use `aclose`: the connections belong to an event loop."""
        raise RuntimeError("AsyncSoapTransport is closed with `await transport.aclose()`")

    async def aclose(self) -> None:
        """Close our own client; a client the user gave us stays open (it is theirs)."""
        if self._own_async_client:
            await self._httpx.aclose()
        self._http.wsdl_client.close()
