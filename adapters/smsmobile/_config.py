"""The one resolver of client configuration: explicit arguments, then SMSMOBILEAPI_* variables,
then defaults, setting by setting.

`WhatsApp()`, `WhatsApp.from_env()`, the command line and the gateway's `app_from_env` all ask
it, so a variable the README names is honoured everywhere or nowhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ._auth import ApiKey, OAuth2ClientCredentials
from ._errors import InvalidRequest
from ._models import Timeouts

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_API_KEY",
    "ENV_BASE_URL",
    "ENV_CLIENT_ID",
    "ENV_CLIENT_SECRET",
    "ENV_TRANSPORT",
    "Configuration",
    "check_base_url",
    "resolve",
    "timeouts_of",
]

DEFAULT_BASE_URL = "https://api.smsmobileapi.com"
ENV_API_KEY = "SMSMOBILEAPI_API_KEY"
ENV_CLIENT_ID = "SMSMOBILEAPI_CLIENT_ID"
ENV_CLIENT_SECRET = "SMSMOBILEAPI_CLIENT_SECRET"  # noqa: S105 (a variable name)
ENV_BASE_URL = "SMSMOBILEAPI_BASE_URL"
ENV_TRANSPORT = "SMSMOBILEAPI_TRANSPORT"

TransportName = Literal["rest", "soap"]


@dataclass(frozen=True, slots=True)
class Configuration:
    """Every setting, resolved; credentials are kept apart until `auth()` combines them."""

    api_key: str | None
    client_id: str | None
    client_secret: str | None
    base_url: str
    transport: TransportName
    timeouts: Timeouts
    explicit_api_key: bool  # given as an argument (it then wins over OAuth2 from the env)
    explicit_client: bool  # a client id or secret given as an argument

    def auth(self) -> ApiKey | OAuth2ClientCredentials | None:
        """The credentials to use, None when there are none.

        An explicit API key wins over client credentials from the environment; otherwise
        client credentials win over a key, as both the README and the CLI say.
        """
        if self.explicit_api_key and not self.explicit_client:
            assert self.api_key is not None
            return ApiKey(self.api_key)
        oauth2 = self.client_credentials(required=self.explicit_client or not self.api_key)
        if oauth2 is not None:
            return oauth2
        return ApiKey(self.api_key) if self.api_key else None

    def require_auth(self) -> ApiKey | OAuth2ClientCredentials:
        """`auth()`, or `InvalidRequest("auth", ...)` saying what to set."""
        auth = self.auth()
        if auth is None:
            raise InvalidRequest(
                "auth",
                f"no credentials: pass auth=ApiKey(...) or OAuth2ClientCredentials(...), or set "
                f"{ENV_API_KEY}, or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}",
            )
        return auth

    def client_credentials(self, *, required: bool = True) -> OAuth2ClientCredentials | None:
        """OAuth2 credentials when both halves are set; half of them is an error if `required`."""
        if self.client_id and self.client_secret:
            return OAuth2ClientCredentials(self.client_id, self.client_secret)
        if (self.client_id or self.client_secret) and required:
            missing = ENV_CLIENT_SECRET if self.client_id else ENV_CLIENT_ID
            raise InvalidRequest("auth", f"{missing} is not set (OAuth2 needs both)")
        return None


def resolve(
    *,
    api_key: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    base_url: str | None = None,
    transport: str | None = None,
    timeout: Timeouts | float | None = None,
    environ: Mapping[str, str] | None = None,
) -> Configuration:
    """Each setting from its argument, else its variable, else its default; checked here."""
    env = os.environ if environ is None else environ

    def pick(value: str | None, variable: str) -> str | None:
        if value is not None:
            return value
        return env.get(variable, "").strip() or None

    chosen_transport = (pick(transport, ENV_TRANSPORT) or "rest").lower()
    if chosen_transport not in ("rest", "soap"):
        where = "transport" if transport is not None else ENV_TRANSPORT
        raise InvalidRequest("transport", f"{where} must be 'rest' or 'soap'")
    return Configuration(
        api_key=pick(api_key, ENV_API_KEY),
        client_id=pick(client_id, ENV_CLIENT_ID),
        client_secret=pick(client_secret, ENV_CLIENT_SECRET),
        base_url=check_base_url(pick(base_url, ENV_BASE_URL) or DEFAULT_BASE_URL),
        transport="soap" if chosen_transport == "soap" else "rest",
        timeouts=Timeouts() if timeout is None else timeouts_of(timeout),
        explicit_api_key=api_key is not None,
        explicit_client=client_id is not None or client_secret is not None,
    )


def timeouts_of(timeout: Timeouts | float) -> Timeouts:
    """`Timeouts`, or one number of seconds for both; positive."""
    if isinstance(timeout, Timeouts):
        result = timeout
    elif isinstance(timeout, int | float) and not isinstance(timeout, bool):
        result = Timeouts(connect=float(timeout), read=float(timeout))
    else:
        raise InvalidRequest("timeout", "must be Timeouts(...) or a number of seconds")
    if not (result.connect > 0 and result.read > 0):
        raise InvalidRequest("timeout", "connect and read timeouts must be positive")
    if result.total is not None and not (
        isinstance(result.total, int | float) and not isinstance(result.total, bool)
    ):
        raise InvalidRequest("timeout", "total must be a number of seconds or None")
    if result.total is not None and not result.total > 0:
        raise InvalidRequest("timeout", "the total deadline must be positive")
    return result


def check_base_url(base_url: object) -> str:
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise InvalidRequest("base_url", "must be an http:// or https:// URL")
    return base_url.rstrip("/")
