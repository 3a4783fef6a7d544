"""smsmobile: typed client for SMSMobileAPI (WhatsApp and SMS through your own phone).

`__all__` is the public API (pinned by tests/spec/test_public_api.py); everything else,
underscore modules included, may change in any release. Webhooks are `smsmobile.webhooks`.

Typical use::

    from smsmobile import WhatsApp, ApiKey

    with WhatsApp(auth=ApiKey("...")) as wa:
        wa.send("+1 917 286 60", "Hello *world*")

`AsyncWhatsApp` is the same client for asyncio (`async with`, `await wa.send(...)`).
"""

import typing as _typing

from . import _derived
from ._auth import ApiKey, OAuth2ClientCredentials
from ._client import WhatsApp
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
from ._retry import RetryPolicy

# Imported on first use (`__getattr__`): the async client, the whole account's clients, raw
# replies and the spec's typed results (whose types are built, with msgspec, on a first
# reply). The type checker reads them here.
if _typing.TYPE_CHECKING:
    from ._account import AsyncSmsMobile, SmsMobile
    from ._client_async import AsyncWhatsApp
    from ._derived import replies as _replies
    from ._derived.replies import *  # noqa: F403 (the spec's typed results: `x-smsmobile-type`)
    from ._raw import RawReply

    __version__: str

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
if _typing.TYPE_CHECKING:
    __all__ += _replies.__all__
else:  # the same names, derived with them: a typed endpoint added to the spec needs no edit here
    __all__.extend(_derived.REPLIES)  # (griffe, for the docs, reads the line above)

#: What `__getattr__` imports on first use, and from where.
_ON_FIRST_USE = {
    "AsyncSmsMobile": "._account",
    "AsyncWhatsApp": "._client_async",
    "RawReply": "._raw",
    "SmsMobile": "._account",
    **dict.fromkeys(_derived.REPLIES, "._derived.replies"),
}

_switch_logging_on()  # SMSMOBILE_LOG=info|debug: logging to stderr, secrets masked


def _version() -> str:
    """The installed package's version (pyproject is the one source): importlib.metadata costs
    more than the rest of `import smsmobile`, so it is read when first asked for."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("smsmobile")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


if not _typing.TYPE_CHECKING:  # the type checker reads the names above, and a typo stays an error

    def __getattr__(name: str) -> object:
        """`__version__`, `SmsMobile`, `AsyncSmsMobile` and the typed results, imported when
        first asked for (`from smsmobile import SmsMobile` included), then kept here."""
        if name == "__version__":
            found: object = _version()
        elif name in _ON_FIRST_USE:
            from importlib import import_module

            found = getattr(import_module(_ON_FIRST_USE[name], __name__), name)
        else:
            raise AttributeError(f"module 'smsmobile' has no attribute {name!r}")
        globals()[name] = found
        return found


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
