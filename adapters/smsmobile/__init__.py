"""smsmobile: typed client for SMSMobileAPI (WhatsApp and SMS through your own phone).

`__all__` is the public API (pinned by tests/spec/test_public_api.py); everything else,
underscore modules included, may change in any release. Webhooks are `smsmobile.webhooks`.

Typical use::

    from smsmobile import WhatsApp, ApiKey

    with WhatsApp(auth=ApiKey("...")) as wa:
        wa.send("+1 917 286 60", "Hello *world*")

`AsyncWhatsApp` is the same client for asyncio (`async with`, `await wa.send(...)`).
"""

from ._account import AsyncSmsMobile, SmsMobile
from ._auth import ApiKey, OAuth2ClientCredentials
from ._client import WhatsApp
from ._client_async import AsyncWhatsApp
from ._derived import replies as _replies
from ._derived.replies import *  # noqa: F403 (the spec's typed results: `x-smsmobile-type`)
from ._errors import (
    AuthenticationError,
    ClientClosed,
    ConnectError,
    InvalidRequest,
    MalformedReply,
    OutcomeUnknown,
    RateLimited,
    RedirectRefused,
    RequestTimeout,
    RetrievalDisabled,
    ServiceError,
    SmsMobileError,
    SyncWindowClosed,
    TransportError,
)
from ._extras import MissingExtra
from ._logswitch import switch_logging_on as _switch_logging_on
from ._models import (
    AutoReplyFlags,
    ChatGptReply,
    InboundMessage,
    MessageType,
    Timeouts,
)
from ._raw import RawReply
from ._retry import RetryPolicy

__all__ = [
    "ApiKey",
    "AsyncSmsMobile",
    "AsyncWhatsApp",
    "AuthenticationError",
    "AutoReplyFlags",
    "ChatGptReply",
    "ClientClosed",
    "ConnectError",
    "InboundMessage",
    "InvalidRequest",
    "MalformedReply",
    "MessageType",
    "MissingExtra",
    "OAuth2ClientCredentials",
    "OutcomeUnknown",
    "RateLimited",
    "RawReply",
    "RedirectRefused",
    "RequestTimeout",
    "RetrievalDisabled",
    "RetryPolicy",
    "ServiceError",
    "SmsMobile",
    "SmsMobileError",
    "SyncWindowClosed",
    "Timeouts",
    "TransportError",
    "WhatsApp",
]
__all__ += _replies.__all__  # a typed endpoint added to the spec needs no edit here

_switch_logging_on()  # SMSMOBILE_LOG=info|debug: logging to stderr, secrets masked


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata (pyproject is the one source)
    when first asked for: importlib.metadata costs more than the rest of `import smsmobile`."""
    if name != "__version__":
        raise AttributeError(f"module 'smsmobile' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("smsmobile")
    except PackageNotFoundError:  # run from a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
