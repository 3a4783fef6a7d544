"""What each public method of `WhatsApp` and `AsyncWhatsApp` asks of the wire, written once.

Each function validates and normalises a method's arguments (`_validation`) and returns the
operation's row with its wire fields (`_wire`): a `Call`. The two facades only differ in how
they run it (`WhatsApp._call` blocks, `AsyncWhatsApp._call` is awaited), so sync and async can
never disagree on a rule, a default or a field. Everything here raises `InvalidRequest` before
any I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, Generic, Literal, NamedTuple, TypeVar

from . import _wire
from ._auth import ApiKey, OAuth2ClientCredentials
from ._checker import request_problem
from ._config import Configuration, resolve
from ._errors import InvalidRequest
from ._models import InboundMessage, MessageType, Timeouts
from ._operations import (
    CHECK_NUMBER,
    GET_MESSAGES,
    RESEND,
    SEND,
    SET_RETRIEVAL,
    SYNCHRONIZE,
    Operation,
    WireFields,
    WireValue,
)
from ._retry import RetryPolicy
from ._table import Argument, OperationSpec
from ._validation import (
    check_sendable,
    normalise_number,
    send_values,
    validate_before,
    validate_date,
    validate_guid,
    validate_limit,
    validate_message_type,
)

if TYPE_CHECKING:  # built on a first reply, not by `import smsmobile`
    from ._models import NumberCheck, RetrievalState, SentMessage, SyncWindow

__all__ = [
    "HAND_RULES",
    "Call",
    "PageQuery",
    "Settings",
    "check_http_client",
    "check_number",
    "fetch_page",
    "page",
    "page_query",
    "prepare",
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
    if http_client.params:
        raise InvalidRequest(
            "http_client",
            "must not carry default query params: httpx merges them into every request's query,"
            " over the fields we send there",
        )


def prepare(operation: Operation[R], arguments: Mapping[str, object]) -> Call[R]:
    """One call of `operation` from the facade's arguments (by Python name), checked.

    The operation's hand rule (`HAND_RULES`, if it has one) turns the arguments the overlay
    lists into wire fields (conversions, the channel rule); every other argument is a spec field
    sent as it is. Then the whole request meets the spec's rules (`_checker`). Everything
    raises `InvalidRequest` naming the Python keyword, before any I/O.
    """
    spec = operation.spec
    assert spec is not None
    hand = HAND_RULES.get(operation.name)
    by_hand, plain = _split_arguments(spec)
    declared = {name: arguments.get(name) for name in by_hand}
    fields: dict[str, WireValue] = dict(hand(**declared)) if hand is not None else {}
    for argument in plain:
        value = arguments.get(argument.python)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InvalidRequest(argument.python, "must be a string or an integer")
        if isinstance(value, str):
            check_sendable(argument.python, value)
        fields[argument.wire[0]] = value
    found = request_problem(spec, fields)
    if found is not None:
        wire, rule = found
        keyword = next((a.python for a in spec.arguments if wire in a.wire), wire)
        raise InvalidRequest(keyword, rule)
    return Call(operation, fields)


#: Each spec's arguments as (the hand rule's names, the plain ones), by `id` (the spec is kept
#: beside them, so the id is never reused): `prepare` runs on every call.
_ARGUMENTS: dict[int, tuple[OperationSpec, tuple[str, ...], tuple[Argument, ...]]] = {}


def _split_arguments(spec: OperationSpec) -> tuple[tuple[str, ...], tuple[Argument, ...]]:
    known = _ARGUMENTS.get(id(spec))
    if known is None:
        by_hand = tuple(a.python for a in spec.arguments if not a.plain)
        plain = tuple(a for a in spec.arguments if a.plain)
        known = _ARGUMENTS[id(spec)] = (spec, by_hand, plain)
    return known[1], known[2]


def _send_fields(
    *,
    to: object,
    message: object,
    media_url: object,
    pdf_preview: object,
    short_url: object,
    also_sms: object,
    schedule_at: object,
    device_sid: object,
    sim_port: object,
) -> WireFields:
    values = send_values(
        to=to,
        message=message,
        media_url=media_url,
        pdf_preview=pdf_preview if pdf_preview is not None else False,
        short_url=short_url if short_url is not None else False,
        also_sms=also_sms if also_sms is not None else False,
        schedule_at=schedule_at,
        device_sid=device_sid,
        sim_port=sim_port,
    )
    return _wire.send_fields(*values)


def _sms_send_fields(
    *, to: object, message: object, schedule_at: object, device_sid: object, sim_port: object
) -> WireFields:
    """An SMS: the send's rules, on the SMS channel alone (`sendsms=1`, no WhatsApp flag)."""
    fields = dict(
        _send_fields(
            to=to,
            message=message,
            media_url=None,
            pdf_preview=False,
            short_url=False,
            also_sms=False,
            schedule_at=schedule_at,
            device_sid=device_sid,
            sim_port=sim_port,
        )
    )
    for name in _wire.CHANNEL_FIELDS:
        fields.pop(name, None)
    fields["sendsms"] = "1"
    return fields


def _resend_fields(*, guid: object) -> WireFields:
    return _wire.resend_fields(validate_guid(guid))


def _retrieval_fields(*, enabled: object) -> WireFields:
    switch: Literal["on", "off", "toggle"]
    if enabled is True:
        switch = "on"
    elif enabled is False:
        switch = "off"
    elif enabled == "toggle":
        switch = "toggle"
    else:
        raise InvalidRequest("enabled", "must be True, False or 'toggle'")
    return _wire.retrieval_fields(switch)


def _page_fields(*, date: object, message_type: object, before: object) -> WireFields:
    query = page_query(date=date, message_type=message_type, before=before)  # type: ignore[arg-type]
    return _wire.messages_fields(query.before, query.date, query.message_type)


def _number_fields(*, number: object) -> WireFields:
    if not isinstance(number, str):
        raise InvalidRequest("number", "must be a string")
    return _wire.check_number_fields(normalise_number(number, "number"))


#: By row name: how the overlay's arguments of an operation become its wire fields.
HAND_RULES: Final[Mapping[str, Callable[..., WireFields]]] = {
    "send": _send_fields,
    "sms_send": _sms_send_fields,
    "resend": _resend_fields,
    "set_retrieval": _retrieval_fields,
    "fetch_messages": _page_fields,
    "check_number": _number_fields,
}


def send(**arguments: object) -> Call[SentMessage]:
    """`WhatsApp.send`'s call (the bulk runner and tests build one without a client)."""
    return prepare(SEND, arguments)


def resend(guid: str) -> Call[SentMessage]:
    return prepare(RESEND, {"guid": guid})


def set_retrieval(enabled: bool | Literal["toggle"]) -> Call[RetrievalState]:
    return prepare(SET_RETRIEVAL, {"enabled": enabled})


def synchronize() -> Call[SyncWindow]:
    return prepare(SYNCHRONIZE, {})


def check_number(number: str) -> Call[NumberCheck]:
    return prepare(CHECK_NUMBER, {"number": number})


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
    fields = _wire.messages_fields(before, query.date, message_type)
    found = request_problem(GET_MESSAGES.spec, fields) if GET_MESSAGES.spec else None
    if found is not None:
        raise InvalidRequest(found[0], found[1])
    return Call(GET_MESSAGES, fields)


def fetch_page(query: PageQuery) -> Call[list[InboundMessage]]:
    """The page `fetch_page` asks for: the query's own `before` and type."""
    return page(query, query.before, query.message_type)
