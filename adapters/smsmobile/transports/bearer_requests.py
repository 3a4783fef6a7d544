"""The token provider as a `requests` auth, for zeep's session (not an https-only OAuth2Session)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

import requests

from .._auth import TokenProvider
from .._errors import SmsMobileError
from .._reply_body import read_requests_body

__all__ = ["BearerRequestsAuth"]

logger = logging.getLogger("smsmobile")


class BearerRequestsAuth(requests.auth.AuthBase):
    """`Authorization: Bearer` for a requests session (zeep); on a 401, one refetch and resend."""

    def __init__(self, provider: TokenProvider) -> None:
        self.provider = provider

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.provider.token()}"
        request.hooks.setdefault("response", []).append(self._on_response)
        return request

    def _on_response(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        sent = response.request
        used = str(sent.headers.get("Authorization", "")).removeprefix("Bearer ")
        logger.debug(
            "%s %s -> 401: token refused, fetching a new one",
            sent.method,
            urlsplit(sent.url or "").path,
        )
        self.provider.invalidate(used)
        # Drained under the reply cap, so the connection can be reused; a reply past it is
        # closed instead, and the repeat takes a new connection.
        with contextlib.suppress(SmsMobileError):
            read_requests_body(response)
        response.close()
        retry = sent.copy()
        retry.headers["Authorization"] = f"Bearer {self.provider.token()}"
        # the repeat must not trigger a second refetch
        retry.hooks["response"] = [h for h in retry.hooks["response"] if h != self._on_response]
        connection = response.connection
        repeated: requests.Response = connection.send(retry, **kwargs)
        repeated.history.append(response)
        repeated.request = retry
        return repeated
