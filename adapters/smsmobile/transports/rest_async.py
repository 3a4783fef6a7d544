"""`AsyncRestTransport`: `RestTransport` over the generated client's `httpx.AsyncClient`.

Only the I/O differs from the sync transport: the request is built from the same derived table
(`_rest_request`), the reply is read under the same cap, decoder and deadline
(`_reply_body.BodyDecoder`), statuses and bodies go through the same `decode_reply` and error
map, and httpx's exceptions through the same `_httpx_failure`. The attempt's total deadline is
also an `asyncio.timeout`, so a peer that falls silent cannot hold a task past it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx

from smsmobile_rest import Client

from .._auth import ApiKey, GrantPost, OAuth2ClientCredentials, TokenProvider
from .._call_watch import note_reply
from .._errors import MalformedReply, RequestTimeout, SmsMobileError
from .._models import Timeouts
from .._operations import Operation, WireFields
from .._options import effective_timeouts
from .._redact import install_log_filter
from .._reply_body import ACCEPT_ENCODING, BodyDecoder, Deadline, refuse_redirect
from .._rest_request import mark_form, request_kwargs
from .._retry import current_attempt
from .._token_async import AsyncBearerAuth, AsyncTokenFlight, awaiting_token, request_starts
from .base import MAX_REPLY_BYTES
from .bounded_http import httpx_timeout
from .rest import _httpx_failure, _log_exchange, decode_reply

__all__ = ["AsyncRestTransport", "grant_poster", "read_capped_async", "token_flight"]

logger = logging.getLogger("smsmobile")


class AsyncRestTransport:
    """One keep-alive `httpx.AsyncClient` behind the generated `smsmobile_rest.Client`."""

    name = "rest"

    def __init__(
        self,
        *,
        base_url: str,
        auth: ApiKey | OAuth2ClientCredentials,
        timeouts: Timeouts,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """`http_client`: the user's client, used as configured and never closed here; the
        cap, the deadline (`asyncio.timeout`) and the refusal of redirects are kept around it."""
        install_log_filter()
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self._apikey: str | None = None
        httpx_args: dict[str, Any] = {}
        bearer: AsyncBearerAuth | None = None
        if isinstance(auth, OAuth2ClientCredentials):
            bearer = AsyncBearerAuth(
                token_flight(auth.token_provider(self.base_url, timeouts), http_client, timeouts)
            )
            httpx_args["auth"] = bearer
        else:
            self._apikey = auth.key
        self._own_client = http_client is None
        self._send_options: dict[str, Any] = {}
        if http_client is not None:
            self._http = http_client
            self._send_options = {} if bearer is None else {"auth": bearer}
            return
        self._client = Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.read,
                write=timeouts.read,
                pool=timeouts.connect,
            ),
            follow_redirects=False,  # explicit: a redirect would take the key or token along
            headers={"Accept-Encoding": ACCEPT_ENCODING},  # what `_reply_body` inflates
            raise_on_unexpected_status=False,
            httpx_args=httpx_args,
        )
        self._http = self._client.get_async_httpx_client()

    async def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        """One call of `operation`, as `RestTransport.exchange`, awaited."""
        kwargs = request_kwargs(operation, fields, self._apikey)
        timeouts = effective_timeouts(self.timeouts)  # a `with_options` client's, if any
        if not self._own_client:  # the user's client has no base URL, headers or timeouts of ours
            kwargs = {
                **kwargs,
                "url": self.base_url + kwargs["url"],
                "headers": {**kwargs.get("headers", {}), "Accept-Encoding": ACCEPT_ENCODING},
                "timeout": httpx_timeout(timeouts),
            }
        elif timeouts is not self.timeouts:
            kwargs = {**kwargs, "timeout": httpx_timeout(timeouts)}
        started = time.monotonic()
        deadline = Deadline(timeouts.total_seconds)
        request_starts()
        try:
            async with asyncio.timeout(timeouts.total_seconds):
                request = mark_form(self._http.build_request(**kwargs))
                response = await self._http.send(
                    request, stream=True, follow_redirects=False, **self._send_options
                )
                try:
                    refuse_redirect(response.status_code, response.headers.get("Location"))
                    content = await read_capped_async(response, deadline)
                    note_reply(response.status_code, response.headers, content)
                finally:
                    await response.aclose()
        except SmsMobileError:
            raise  # cap, deadline, redirect, or the token flight inside the auth flow
        except TimeoutError:
            timeout = RequestTimeout(
                f"no complete reply within the {deadline.seconds:g} s deadline"
            )
            timeout.before_request = awaiting_token()  # still waiting for its token: never sent
            raise timeout from None
        except httpx.HTTPError as exc:
            error = _httpx_failure(exc)
            logger.debug(
                "request failed after %.1f ms (attempt %d): %s",
                (time.monotonic() - started) * 1000,
                current_attempt(),
                error,
            )
            raise error from None
        if logger.isEnabledFor(logging.DEBUG):
            _log_exchange(response)
        return decode_reply(response.status_code, content, response.headers)

    async def aclose(self) -> None:
        """Close our own client; a client the user gave us stays open (it is theirs)."""
        if self._own_client:
            await self._http.aclose()

    def __repr__(self) -> str:
        return f"AsyncRestTransport(base_url={self.base_url!r})"


async def read_capped_async(response: httpx.Response, deadline: Deadline) -> bytes:
    """`rest.read_capped`, awaited: the raw bytes inflated by `BodyDecoder` under the cap."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise MalformedReply(f"reply larger than {MAX_REPLY_BYTES} bytes")
    decoder = BodyDecoder(response.headers.get("Content-Encoding"), deadline=deadline)
    async for raw in response.aiter_raw():
        decoder.feed(raw)
    return decoder.finish()


def token_flight(
    provider: TokenProvider, http_client: httpx.AsyncClient | None, timeouts: Timeouts
) -> AsyncTokenFlight:
    """The token flight of an async transport: through `http_client` when the user gave one."""
    if http_client is None:
        return AsyncTokenFlight(provider)
    return AsyncTokenFlight(provider, lambda loop: grant_poster(http_client, timeouts, loop))


def grant_poster(
    client: httpx.AsyncClient, timeouts: Timeouts, loop: asyncio.AbstractEventLoop
) -> GrantPost:
    """A `GrantPost` that runs on `loop` (where `client` lives) from the fetching thread: the
    POST under `asyncio.timeout` (the fetch's deadline), the body read under the cap, no
    redirect followed."""

    def post(
        url: str, body: bytes, headers: dict[str, str], deadline: Deadline
    ) -> tuple[int, Any, bytes]:
        async def fetch() -> tuple[int, Any, bytes]:
            request = client.build_request(
                "POST", url, content=body, headers=headers, timeout=httpx_timeout(timeouts)
            )
            try:
                async with asyncio.timeout(max(deadline.at - time.monotonic(), 0.0)):
                    response = await client.send(
                        request, stream=True, follow_redirects=False, auth=None
                    )
                    try:
                        refuse_redirect(response.status_code, response.headers.get("Location"))
                        content = await read_capped_async(response, deadline)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise deadline.error() from None
            return response.status_code, response.headers, content

        return asyncio.run_coroutine_threadsafe(fetch(), loop).result()

    return post
