"""Helpers of the contract suite (names, credentials, where fault rules must match)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from smsmobile import ApiKey, OAuth2ClientCredentials, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

TransportName = Literal["rest", "soap", "soap12"]
AuthKind = Literal["apikey", "oauth2"]
Factory = Callable[..., WhatsApp]

REST_PATHS = {
    "send": "/sendsms/",
    "resend": "/resendwa/",
    "set_retrieval": "/getwa/active/",
    "synchronize": "/getwa/synchronisation/",
    "messages": "/getwa/",
    "check_number": "/whatsapp/checknumber/",
}


def credentials(sandbox: RunningSandbox, kind: AuthKind) -> ApiKey | OAuth2ClientCredentials:
    if kind == "apikey":
        return ApiKey(sandbox.api_key)
    return OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)


def fault_path(transport: TransportName, operation: str) -> str:
    """Where a fault rule must match to hit `operation` over `transport`: REST requests go to
    the operation's own path, every SOAP request to /soap."""
    return REST_PATHS[operation] if transport == "rest" else "/soap"
