"""Tolerant reading of the service's replies: the error check, the conversions, and pages of
inbound messages.

Shared by the REST and SOAP transports: both hand in plain Python data (dicts, lists, strings,
numbers) decoded from JSON or XML. The service writes numbers and flags as strings, writes
`error` as 0, "0", an int or a string, spaces keys (`"expire_at "` in its own documentation),
and does not say how it wraps several inbound messages. Everything it might send is accepted
here; anything that cannot be understood is `MalformedReply`. Times are UTC aware. The other
WhatsApp replies (send, resend, check number, retrieval, synchronisation) are derived from the
spec and read by `_account_parse.read_typed`, with these conversions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

from ._errors import MalformedReply, SmsMobileError, service_error
from ._lazy import LazyModule
from ._models import (
    AutoReplyFlags,
    ChatGptReply,
    InboundMessage,
)
from ._redact import redact

if TYPE_CHECKING:
    import msgspec

    from ._derived.replies import InboundMessageFields
else:  # msgspec and the spec's exact shapes are imported by the first page read
    msgspec = LazyModule("msgspec", globals(), "msgspec")

__all__ = [
    "KNOWN_CODES",
    "as_bool",
    "as_datetime",
    "as_decimal",
    "as_int",
    "auto_reply_flags",
    "chatgpt_reply",
    "error_code",
    "inbound_message",
    "inbound_messages",
    "optional_str",
    "plain_reply",
    "raise_for_error",
    "typed_page",
]

# Application codes (the sandbox's; the real service publishes none).
KNOWN_CODES = {
    "10": "unknown guid",
    "11": "only a message in error status can be resent",
    "20": "inbound retrieval is disabled (set_retrieval(True) first)",
    "21": "synchronisation required (call synchronize() first)",
}
_TRUE = {"1", "yes", "true", "on", "y"}
_FALSE = {"0", "no", "false", "off", "n", ""}


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if isinstance(value, dict):  # what JSON and zeep give: the ABC check is much slower
        return value
    if not isinstance(value, Mapping):
        raise MalformedReply(f"{what}: expected an object, got {type(value).__name__}")
    return value


class _Fields:
    """One reply object's values by key, keys also matched ignoring surrounding spaces.

    Exact keys are tried first. The keys written with spaces around them (`"expire_at "`,
    usually none) are found in one pass over the object, the first time a key is absent, and
    kept: reading a message costs one pass, not a copy of the object per absent key.
    """

    __slots__ = ("data", "padded")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.padded: dict[str, Any] | None = None

    def get(self, *keys: str) -> Any:
        """The value of the first present key, or None."""
        data = self.data
        for key in keys:
            if key in data:
                return data[key]
        padded = self.padded
        if padded is None:
            padded = self.padded = {
                text: value for key, value in data.items() if (text := str(key).strip()) != key
            }
        for key in keys:
            if key in padded:
                return padded[key]
        return None


def _get(data: Mapping[str, Any], *keys: str) -> Any:
    """The first present key of a reply object read once (see `_Fields`)."""
    return _Fields(data).get(*keys)


def error_code(value: object) -> str | None:
    """None when `value` means success (absent, 0, "0", ""), else the code as a string."""
    if value is None or value is False:
        return None
    text = str(value).strip()
    if text in ("", "0", "0.0"):
        return None
    return text


def raise_for_error(data: Mapping[str, Any], *, http_status: int | None = None) -> None:
    """Raise ServiceError when the reply carries a non-zero `error`."""
    code = error_code(_get(data, "error"))
    if code is None:
        return
    detail = _get(data, "message", "note", "error_description")
    text = str(detail).strip() if isinstance(detail, str | int) and str(detail).strip() else ""
    text = text or KNOWN_CODES.get(code, "the service refused the request")
    raise service_error(
        redact(f"service error {code}: {text}"), code=redact(code), http_status=http_status
    )


def as_int(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise MalformedReply(f"{field}: expected a number, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                pass
            else:
                if number == number.to_integral_value():
                    return int(number)
    raise MalformedReply(f"{field}: expected an integer, got {type(value).__name__}")


def as_bool(value: object, field: str) -> bool:
    if isinstance(value, str):  # first: the service writes its flags as "0" and "1"
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    elif isinstance(value, bool):
        return value
    elif isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if value is None:
        return False
    raise MalformedReply(f"{field}: expected a flag, got {type(value).__name__}")


def as_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool):
        raise MalformedReply(f"{field}: expected a number, got a boolean")
    if isinstance(value, int | str | Decimal):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            pass
    elif isinstance(value, float):
        return Decimal(repr(value))
    raise MalformedReply(f"{field}: expected a decimal number")


def as_datetime(value: object, field: str) -> dt.datetime:
    """A unix timestamp (number or digits) or an ISO 8601 / `yyyy-mm-dd HH:MM:SS` string (UTC)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return dt.datetime.fromtimestamp(int(text), dt.UTC)
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    raise MalformedReply(f"{field}: expected a date and time")


def optional_str(value: object) -> str:
    if isinstance(value, str):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    raise MalformedReply(f"expected text, got {type(value).__name__}")


def inbound_message(data: object) -> InboundMessage:
    body = _Fields(_mapping(data, "inbound message"))
    guid = body.get("guid")
    if not isinstance(guid, str) or not guid.strip():
        raise MalformedReply("inbound message without guid")
    timestamp = body.get("timestamp")
    if timestamp not in (None, ""):
        received_at = as_datetime(as_int(timestamp, "timestamp"), "timestamp")
    else:
        date, hour = body.get("date"), body.get("hour")
        if not isinstance(date, str) or not date:
            raise MalformedReply("inbound message without timestamp or date")
        received_at = as_datetime(f"{date} {hour or '00:00:00'}", "date")
    more = body.get("more")
    chat = body.get("chatgpt")
    return InboundMessage(
        guid=guid.strip(),
        number=optional_str(body.get("number")),
        contact=optional_str(body.get("contact")),
        text=optional_str(body.get("message")),
        received_at=received_at,
        auto_reply=auto_reply_flags(more) if more and isinstance(more, Mapping) else None,
        chatgpt=None if chat is None else chatgpt_reply(chat),
    )


def auto_reply_flags(more: Mapping[str, Any]) -> AutoReplyFlags:
    """The `more` object: what the service did with the message on its own."""
    flags = _Fields(more)
    return AutoReplyFlags(
        auto_reply=as_bool(flags.get("auto_reply"), "more.auto_reply"),
        forwarded_to_email=as_bool(
            flags.get("transfert_to_email", "transfer_to_email"), "more.transfert_to_email"
        ),
        chatgpt_reply=as_bool(flags.get("chatgpt_reply"), "more.chatgpt_reply"),
    )


def chatgpt_reply(chat: object) -> ChatGptReply | None:
    """The `chatgpt` object of an inbound message; None when it is not a non-empty object."""
    if not isinstance(chat, Mapping) or not chat:
        return None
    reply = _Fields(chat)
    return ChatGptReply(
        response=optional_str(reply.get("response")),
        prompt_tokens=_int_or_zero(reply.get("prompt_tokens"), "chatgpt.prompt_tokens"),
        completion_tokens=_int_or_zero(reply.get("completion_tokens"), "chatgpt.completion_tokens"),
        total_tokens=_int_or_zero(reply.get("total_tokens"), "chatgpt.total_tokens"),
        cost=as_decimal(reply.get("total_tokens_cost") or "0", "chatgpt.total_tokens_cost"),
    )


def _int_or_zero(value: object, field: str) -> int:
    return 0 if value in (None, "") else as_int(value, field)


_PAGE: Final = list[InboundMessage]


@cache
def _page_shape() -> msgspec.json.Decoder[list[InboundMessageFields]]:
    """The decoder of a page in the spec's exact shape, made by the first page read."""
    from ._derived.replies import InboundMessageFields

    return msgspec.json.Decoder(list[InboundMessageFields], strict=False)


def typed_page(content: bytes) -> list[InboundMessage] | None:
    """A page of messages read straight from the reply's JSON bytes, when it is the spec's
    array in its exact shape (`_derived.replies.InboundMessageFields`: msgspec, `strict=False`
    for the service's strings for numbers, flags and times); None otherwise, and the reply is
    then decoded as plain data and read by `inbound_messages`, which tolerates every other
    shape the spec's ASSUMPTIONs list."""
    try:
        return _exact(_page_shape().decode(content))
    except msgspec.ValidationError:
        return None


def _exact(decoded: list[InboundMessageFields]) -> list[InboundMessage] | None:
    """The messages, unless one needs what only the tolerant reader does (it says so itself):
    a time given as ISO text or with a fraction, a guid empty or padded with spaces."""
    for fields in decoded:
        moment, guid = fields.received_at, fields.guid
        if moment.tzinfo is None or moment.microsecond or not guid or guid != guid.strip():
            return None
    return msgspec.convert(decoded, _PAGE, from_attributes=True)


def _message_list(items: list[Any]) -> list[InboundMessage]:
    """A list of message objects as plain data (SOAP's, or JSON's in a wrapper): converted by
    msgspec when in the spec's exact shape, else read one by one by `inbound_message`."""
    try:
        found = _exact(msgspec.convert(items, _page_shape().type, strict=False))
    except msgspec.ValidationError:
        found = None
    return [inbound_message(item) for item in items] if found is None else found


def inbound_messages(data: object) -> list[InboundMessage]:
    """A bare array, an object holding the array in `messages` (or `data`, or SOAP's
    `message`), a single message object, or an empty object/`null` for no messages."""
    if data is None:
        return []
    if isinstance(data, list):
        return _message_list(data)
    body = _mapping(data, "messages reply")
    raise_for_error(body)
    wrapped = _get(body, "messages", "data", "result")
    if isinstance(wrapped, list):
        return _message_list(wrapped)
    if isinstance(wrapped, Mapping):
        return inbound_messages(wrapped) if "guid" not in wrapped else [inbound_message(wrapped)]
    if "guid" in body:
        return [inbound_message(body)]
    listed = _get(body, "message")
    if isinstance(listed, list):  # SOAP's GetMessagesResponse: one `message` element each
        return _message_list(listed)
    if wrapped is None or wrapped == "" or wrapped == []:
        return []
    raise MalformedReply("messages reply: no message list in it")


def plain_reply(data: object) -> dict[str, Any]:
    """The reply of an operation without a typed model: its mapping, once `error` is checked."""
    body = _mapping(data, "reply")
    raise_for_error(body)
    return dict(body)


_In = TypeVar("_In")
_Out = TypeVar("_Out")


def guarded(parse: Callable[[_In], _Out], reply: _In) -> _Out:
    """`parse(reply)`, with Python's own errors on absurd values (a timestamp no datetime can
    hold, nesting too deep) reported as `MalformedReply`, the same way by both transports."""
    try:
        return parse(reply)
    except SmsMobileError:
        raise
    except (RecursionError, OverflowError, OSError, ValueError) as exc:
        raise MalformedReply(f"the reply could not be read ({type(exc).__name__})") from None
