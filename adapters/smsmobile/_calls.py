"""What each public method of `WhatsApp` and `AsyncWhatsApp` asks of the wire, written once.

Each function validates and normalises a method's arguments (`_validation`) and returns the
operation's row with its wire fields (`_wire`): a `Call`. The two facades only differ in how
they run it (`WhatsApp._call` blocks, `AsyncWhatsApp._call` is awaited), so sync and async can
never disagree on a rule, a default or a field. Everything here raises `InvalidRequest` before
any I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, NamedTuple, TypeVar

from . import _wire
from ._auth import ApiKey, OAuth2ClientCredentials
from ._config import Configuration, resolve
from ._errors import InvalidRequest
from ._models import (
    InboundMessage,
    MessageType,
    NumberCheck,
    RetrievalState,
    SentMessage,
    SyncWindow,
    Timeouts,
)
from ._operations import (
    CHECK_NUMBER,
    GET_MESSAGES,
    RESEND,
    SEND,
    SET_RETRIEVAL,
    SYNCHRONIZE,
    Operation,
    WireFields,
)
from ._retry import RetryPolicy
from ._validation import (
    normalise_number,
    validate_before,
    validate_date,
    validate_guid,
    validate_limit,
    validate_message_type,
    validate_send,
)

__all__ = [
    "Call",
    "PageQuery",
    "Settings",
    "check_http_client",
    "check_number",
    "fetch_page",
    "page",
    "page_query",
    "resend",
    "send",
    "set_retrieval",
    "settings",
    "synchronize",
]


R = TypeVar("R")


class Call(NamedTuple, Generic[R]):
    """One call of an operation: its row and its wire fields."""

    operation: Operation[R]
    fields: WireFields


class Settings(NamedTuple):
    """A client's resolved configuration (`_config.resolve`), its retry policy and auth."""

    config: Configuration
    retry: RetryPolicy
    auth: ApiKey | OAuth2ClientCredentials | None


def settings(
    *,
    auth: object,
    base_url: str | None,
    transport: str | None,
    own_transport: bool,
    timeout: Timeouts | float | None,
    retry: object,
    http_client: object = None,
    asynchronous: bool = False,
) -> Settings:
    """The checks every client's constructor makes, in the same order, with the same errors."""
    check_http_client(http_client, own_transport=own_transport, asynchronous=asynchronous)
    config = resolve(base_url=base_url, transport=transport, timeout=timeout)
    policy = retry if retry is not None else RetryPolicy()
    if not isinstance(policy, RetryPolicy):
        raise InvalidRequest("retry", "must be a RetryPolicy")
    if auth is None and own_transport:
        auth = config.require_auth()
    if auth is not None and not isinstance(auth, ApiKey | OAuth2ClientCredentials):
        raise InvalidRequest("auth", "must be ApiKey(...) or OAuth2ClientCredentials(...)")
    return Settings(config, policy, auth)


def check_http_client(http_client: object, *, own_transport: bool, asynchronous: bool) -> None:
    """`http_client=` is an `httpx.Client` (`httpx.AsyncClient` for the async clients), for
    our own REST or SOAP transport (a transport object brings its own HTTP)."""
    if http_client is None:
        return
    import httpx

    expected = httpx.AsyncClient if asynchronous else httpx.Client
    if not isinstance(http_client, expected):
        raise InvalidRequest("http_client", f"must be an httpx.{expected.__name__}")
    if not own_transport:
        raise InvalidRequest("http_client", "applies to transport='rest' or 'soap' only")


def send(
    *,
    to: str,
    message: str,
    media_url: str | None,
    pdf_preview: bool,
    short_url: bool,
    also_sms: bool,
    schedule_at: dt.datetime | int | None,
    device_sid: str | None,
    sim_port: Literal[1, 2] | None,
) -> Call[SentMessage]:
    request = validate_send(
        to=to,
        message=message,
        media_url=media_url,
        pdf_preview=pdf_preview,
        short_url=short_url,
        also_sms=also_sms,
        schedule_at=schedule_at,
        device_sid=device_sid,
        sim_port=sim_port,
    )
    return Call(SEND, _wire.send_fields(request))


def resend(guid: str) -> Call[SentMessage]:
    return Call(RESEND, _wire.resend_fields(validate_guid(guid)))


def set_retrieval(enabled: bool | Literal["toggle"]) -> Call[RetrievalState]:
    switch: Literal["on", "off", "toggle"]
    if enabled is True:
        switch = "on"
    elif enabled is False:
        switch = "off"
    elif enabled == "toggle":
        switch = "toggle"
    else:
        raise InvalidRequest("enabled", "must be True, False or 'toggle'")
    return Call(SET_RETRIEVAL, _wire.retrieval_fields(switch))


def synchronize() -> Call[SyncWindow]:
    return Call(SYNCHRONIZE, {})


class PageQuery(NamedTuple):
    """The checked arguments of `fetch_page` and `messages` (limit: `messages` only)."""

    date: dt.date | None
    message_type: MessageType | None
    before: int | None
    limit: int | None


def page_query(
    *,
    date: dt.date | str | None,
    message_type: MessageType | Literal["all", ""] | None,
    before: int | dt.datetime | None,
    limit: int | None = None,
) -> PageQuery:
    return PageQuery(
        validate_date(date),
        validate_message_type(message_type),
        validate_before(before),
        validate_limit(limit),
    )


def page(
    query: PageQuery, before: int | None, message_type: MessageType | None
) -> Call[list[InboundMessage]]:
    """One page of `query`, older than `before`, of `message_type` (as paging asks for it)."""
    return Call(GET_MESSAGES, _wire.messages_fields(before, query.date, message_type))


def fetch_page(query: PageQuery) -> Call[list[InboundMessage]]:
    """The page `fetch_page` asks for: the query's own `before` and type."""
    return page(query, query.before, query.message_type)


def check_number(number: str) -> Call[NumberCheck]:
    return Call(CHECK_NUMBER, _wire.check_number_fields(normalise_number(number, "number")))
