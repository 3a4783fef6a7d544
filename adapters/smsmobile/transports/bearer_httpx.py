"""The token provider as an `httpx.Auth`, for the generated REST client."""

from __future__ import annotations

import logging
from collections.abc import Generator

import httpx

from .._auth import TokenProvider

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

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.provider.token(self.http)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            logger.debug(
                "%s %s -> 401: token refused, fetching a new one", request.method, request.url.path
            )
            self.provider.invalidate(token)
            request.headers["Authorization"] = f"Bearer {self.provider.token(self.http)}"
            yield request
