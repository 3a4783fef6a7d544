"""The token provider as an `httpx.Auth`, for the generated REST client."""

from __future__ import annotations

import logging
from collections.abc import Generator

import httpx

from .._auth import TokenProvider
from .._token_async import mark_awaiting_token

__all__ = ["BearerHttpxAuth"]

logger = logging.getLogger("smsmobile")


class BearerHttpxAuth(httpx.Auth):
    """`Authorization: Bearer` for httpx; on a 401, one refetch and one repeat of the request."""

    requires_request_body = True

    def __init__(self, provider: TokenProvider, http: httpx.Client | None = None) -> None:
        """`http`: the client a token is fetched with (a user's `http_client`); None: the
        provider's own bounded client."""
        self.provider = provider
        self.http = http

    def _token(self) -> str:
        """The provider's token; while it is fetched, the attempt is marked as not sent yet
        (`within_deadline` reads the mark if the deadline passes meanwhile)."""
        mark_awaiting_token(True)
        token = self.provider.token(self.http)
        mark_awaiting_token(False)
        return token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            logger.debug(
                "%s %s -> 401: token refused, fetching a new one", request.method, request.url.path
            )
            self.provider.invalidate(token)
            request.headers["Authorization"] = f"Bearer {self._token()}"
            yield request
