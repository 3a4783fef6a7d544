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

from .._auth import ApiKey, OAuth2ClientCredentials
from .._errors import MalformedReply, RequestTimeout, SmsMobileError
from .._models import Timeouts
from .._operations import Operation, WireFields
from .._redact import install_log_filter
from .._reply_body import ACCEPT_ENCODING, BodyDecoder, Deadline, refuse_redirect
from .._rest_request import request_kwargs
from .._retry import current_attempt
from .._token_async import AsyncBearerAuth, AsyncTokenFlight, awaiting_token, request_starts
from .base import MAX_REPLY_BYTES
from .rest import _httpx_failure, _log_exchange, decode_reply

__all__ = ["AsyncRestTransport", "read_capped_async"]

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
    ) -> None:
        install_log_filter()
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self._apikey: str | None = None
        httpx_args: dict[str, Any] = {}
        if isinstance(auth, OAuth2ClientCredentials):
            flight = AsyncTokenFlight(auth.token_provider(self.base_url, timeouts))
            httpx_args["auth"] = AsyncBearerAuth(flight)
        else:
            self._apikey = auth.key
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
        started = time.monotonic()
        deadline = Deadline(self.timeouts.total_seconds)
        request_starts()
        try:
            async with asyncio.timeout(self.timeouts.total_seconds):
                request = self._http.build_request(**kwargs)
                response = await self._http.send(request, stream=True)
                try:
                    refuse_redirect(response.status_code, response.headers.get("Location"))
                    content = await read_capped_async(response, deadline)
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
