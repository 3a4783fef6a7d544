"""SOAP replies read straight from zeep's reply objects into the typed results.

zeep has already read the reply by the WSDL's types (an `xs:long` is an int, text a str, an
absent element None). Turning its objects into plain data first and reading that again cost two
passes over every element, each through zeep's Python-level item access; reading the elements
the result needs, once, by name (zeep's public item access, `value["guid"]`), costs one.

Only the shape the service sends is read here: anything else (an `error`, a message without a
guid or a timestamp, a value of another type or one the tolerant reader refuses) gives None, and
the transport hands the reply on as plain data to the tolerant reader (`_parse.inbound_messages`),
which gives the same messages for the shapes read here (tests/soap/test_reply_objects.py) and
says what is wrong with any other. Nothing here imports zeep.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import msgspec

from ._errors import SmsMobileError
from ._models import AutoReplyFlags, ChatGptReply, InboundMessage
from ._parse import auto_reply_flags, chatgpt_reply, error_code, optional_str

__all__ = ["inbound_page"]

#: A flag of `more` as the WSDL's `ZeroOne` writes it, or absent (False, as `as_bool` reads it).
_ZERO_ONE: Final = {"0": False, "1": True, None: False}
_NO_FLAGS: Final = (None, None, None)
_CHATGPT: Final = (
    "prompt_tokens", "completion_tokens", "total_tokens", "total_tokens_cost", "response"
)  # fmt: skip
#: What reading an object that is not in the WSDL's shape raises: then the tolerant reader reads.
_NOT_THE_SHAPE: Final = (
    SmsMobileError, KeyError, TypeError, ValueError, OverflowError, OSError, RecursionError
)  # fmt: skip
_UTC: Final = dt.UTC
_from_timestamp: Final = dt.datetime.fromtimestamp
_PAGE: Final = list[InboundMessage]


def inbound_page(reply: Any) -> list[InboundMessage] | None:
    """A `GetMessagesResponse` without an `error`, as the messages it holds; None for any
    other reply (see the module docstring)."""
    try:
        error, items = reply["error"], reply["message"]
        if error is None or error_code(error) is not None or type(items) is not list:
            return None
        page = []
        for item in items:
            message = _message(item)
            if message is None:
                return None
            page.append(message)
        # msgspec builds the frozen dataclasses from their fields in C, cheaper than their
        # `__init__` (a frozen dataclass sets each field through `object.__setattr__`)
        return msgspec.convert(page, _PAGE)
    except (*_NOT_THE_SHAPE, msgspec.ValidationError):
        return None


def _message(item: Any) -> dict[str, Any] | None:
    """One `InboundMessage` element's fields, read as `_parse.inbound_message` reads its plain
    data; None when it has no guid or no timestamp (the tolerant reader says which)."""
    guid, timestamp = item["guid"], item["timestamp"]
    if type(guid) is not str or type(timestamp) is not int:
        return None
    guid = guid.strip()
    if not guid:
        return None
    number, contact, text = item["number"], item["contact"], item["message"]
    more, chat = item["more"], item["chatgpt"]
    return {
        "guid": guid,
        "number": number if type(number) is str else optional_str(number),
        "contact": contact if type(contact) is str else optional_str(contact),
        "text": text if type(text) is str else optional_str(text),
        "received_at": _from_timestamp(timestamp, _UTC),
        "auto_reply": None if more is None else _flags(more),
        "chatgpt": None if chat is None else _chatgpt(chat),
    }


def _flags(more: Any) -> dict[str, bool] | AutoReplyFlags | None:
    """The `more` element (None when none of its flags is there, as for an empty object)."""
    flags = more["auto_reply"], more["transfert_to_email"], more["chatgpt_reply"]
    if flags == _NO_FLAGS:
        return None
    auto_reply, forwarded, chatgpt = flags
    if auto_reply in _ZERO_ONE and forwarded in _ZERO_ONE and chatgpt in _ZERO_ONE:
        return {
            "auto_reply": _ZERO_ONE[auto_reply],
            "forwarded_to_email": _ZERO_ONE[forwarded],
            "chatgpt_reply": _ZERO_ONE[chatgpt],
        }
    present = zip(("auto_reply", "transfert_to_email", "chatgpt_reply"), flags, strict=True)
    return auto_reply_flags({name: value for name, value in present if value is not None})


def _chatgpt(chat: Any) -> ChatGptReply | None:
    """The `chatgpt` element, read by the tolerant reader from its present elements."""
    return chatgpt_reply({name: value for name in _CHATGPT if (value := chat[name]) is not None})
