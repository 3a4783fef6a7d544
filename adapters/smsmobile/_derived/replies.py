# ruff: noqa: E501 (the spec's descriptions, verbatim)
"""The reply types read from the spec's reply schemas (`x-smsmobile-type`, `-fields`).

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

import msgspec

from .._reply_behaviour import SyncWindowBehaviour
from .._table import ReplyField

#: The public typed results: `smsmobile` exports each (a star import).
__all__: list[str] = [
    "CallRecord",
    "Device",
    "EmailMessage",
    "MailboxPage",
    "Notification",
    "NumberCheck",
    "ReceivedSms",
    "RetrievalState",
    "SentEmail",
    "SentMessage",
    "SentNotification",
    "SentSms",
    "SyncWindow",
]


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A send (or resend) the phone accepted. Acceptance is not delivery."""

    guid: str
    accepted: bool = True
    sent_at: dt.datetime | None = None
    via_whatsapp: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class RetrievalState:
    """ASSUMPTION: not published. `statut` is the state after the call ("1" on, "0" off); whether the service keeps inbound messages for retrieval (off by default)."""

    enabled: bool


@dataclass(frozen=True, slots=True)
class SyncWindow(SyncWindowBehaviour):
    """The time-limited window in which inbound messages can be retrieved. All values are strings. The documentation's example writes the key "expire_at " with a trailing space, the published OpenAPI description writes `expire_at`: accept both."""

    expires_at: dt.datetime


class AutoReplyFlagsFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"forwarded_to_email": "transfert_to_email"},
):
    """The spec's exact shape of this reply object. A reply object of the spec."""

    auto_reply: bool
    forwarded_to_email: bool
    chatgpt_reply: bool


class ChatGptUsageFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"cost": "total_tokens_cost"},
):
    """The spec's exact shape of this reply object. Token counts and cost as strings, and the reply ChatGPT gave."""

    response: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cost: Decimal = Decimal("0")


class InboundMessageFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"received_at": "timestamp", "text": "message", "auto_reply": "more"},
):
    """The spec's exact shape of this reply object. A reply object of the spec."""

    received_at: dt.datetime
    guid: str
    date: str | None = None
    hour: str | None = None
    number: str = ""
    contact: str = ""
    text: str = ""
    message_type: str | None = None
    auto_reply: AutoReplyFlagsFields | None = None
    chatgpt: ChatGptUsageFields | None = None


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """ASSUMPTION: not published. `whatsapp` is "1" when the number is on WhatsApp, "0" when not; `number` echoes the number checked (the client reads the number it asked about when the reply does not echo it)."""

    number: str
    on_whatsapp: bool


@dataclass(frozen=True, slots=True)
class ReceivedSms:
    """One SMS a phone of the account received (the published shape)."""

    id: int
    number: str
    message: str
    received_at: dt.datetime | None = None
    device_sid: str | None = None
    guid: str | None = None
    alias: str | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class SentSms:
    """ASSUMPTION: not published. One sent SMS as the log is assumed to list it; every field optional, unknown ones kept."""

    guid: str | None = None
    number: str | None = None
    message: str | None = None
    device_sid: str | None = None
    sent_at: dt.datetime | None = None
    status: str | None = None
    api_error: bool | None = None
    phone_error: bool | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class Device:
    """ASSUMPTION: not published beyond "devices and status metadata". `sid` is what `sIdentifiant` / `sid` take; the other fields are optional and unknown ones kept."""

    sid: str
    name: str | None = None
    status: str | None = None
    last_seen: dt.datetime | None = None
    sim_slots: int | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One call in a phone's call log (the published shape). `local_time` is the call's time as the phone wrote it (its own zone); `called_at` is UTC."""

    number: str | None = None
    name: str | None = None
    called_at: dt.datetime | None = None
    local_time: str | None = None
    duration_seconds: int | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class SentNotification:
    """The published shape. `apikey` echoes the caller's key (redact it: smsmobile's typed result drops it). ASSUMPTION: `success: false` is a refusal, `message` its text."""

    id: int | None = None
    device_sid: str | None = None
    note: str = ""
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class Notification:
    """ASSUMPTION: not published. One notification as the history is assumed to list it."""

    id: int | None = None
    device_sid: str | None = None
    title: str | None = None
    message: str | None = None
    type: str | None = None
    shown: bool | None = None
    created_at: dt.datetime | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class SentEmail:
    """ASSUMPTION: "an object" is all that is published. Assumed: `error` as elsewhere (0 when the mailbox accepted the message), `message` a note, `id` the sent message's id."""

    id: str | None = None
    note: str = ""
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class EmailMessage:
    """ASSUMPTION: not published. One message of a mailbox folder as assumed listed."""

    uid: int | None = None
    sender: str | None = None
    recipient: str | None = None
    subject: str | None = None
    date: dt.datetime | None = None
    body: str | None = None
    seen: bool | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


@dataclass(frozen=True, slots=True)
class MailboxPage:
    """ASSUMPTION: "an object" is all that is published. Assumed: `error`, the folder as `mbox`, `start`, `total` (messages in the folder) and one page in `emails`, newest first."""

    messages: tuple[EmailMessage, ...] = ()
    mbox: str | None = None
    start: int | None = None
    total: int | None = None
    raw: Mapping[str, Any] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )


#: How `_account_parse.read_typed` reads each public type: its fields in order.
FIELDS: Final[dict[type[Any], tuple[ReplyField, ...]]] = {
    CallRecord: (
        ReplyField("number", ("number", "phone_number"), "str", False, None),
        ReplyField("name", ("name", "cached_name"), "str", False, None),
        ReplyField("called_at", ("call_datetime_utc",), "dt.datetime", False, None),
        ReplyField("local_time", ("date",), "str", False, None),
        ReplyField("duration_seconds", ("duration_sec",), "int", False, None),
    ),
    Device: (
        ReplyField("sid", ("sid",), "str", True, None),
        ReplyField("name", ("name",), "str", False, None),
        ReplyField("status", ("status",), "str", False, None),
        ReplyField("last_seen", ("last_seen",), "dt.datetime", False, None),
        ReplyField("sim_slots", ("sim_slots",), "int", False, None),
    ),
    EmailMessage: (
        ReplyField("uid", ("uid",), "int", False, None),
        ReplyField("sender", ("from",), "str", False, None),
        ReplyField("recipient", ("to",), "str", False, None),
        ReplyField("subject", ("subject",), "str", False, None),
        ReplyField("date", ("date",), "dt.datetime", False, None),
        ReplyField("body", ("body",), "str", False, None),
        ReplyField("seen", ("seen",), "bool", False, None),
    ),
    MailboxPage: (
        ReplyField("messages", ("emails",), "tuple[EmailMessage, ...]", False, None),
        ReplyField("mbox", ("mbox",), "str", False, None),
        ReplyField("start", ("start",), "int", False, None),
        ReplyField("total", ("total",), "int", False, None),
    ),
    Notification: (
        ReplyField("id", ("id",), "int", False, None),
        ReplyField("device_sid", ("sid",), "str", False, None),
        ReplyField("title", ("title",), "str", False, None),
        ReplyField("message", ("message",), "str", False, None),
        ReplyField("type", ("type",), "str", False, None),
        ReplyField("shown", ("distribued",), "bool", False, None),
        ReplyField("created_at", ("created_at",), "dt.datetime", False, None),
    ),
    NumberCheck: (
        ReplyField("number", ("number", "recipients"), "str", True, None),
        ReplyField(
            "on_whatsapp",
            ("whatsapp", "on_whatsapp", "is_whatsapp", "exists", "valid"),
            "bool",
            True,
            None,
        ),
    ),
    ReceivedSms: (
        ReplyField("id", ("id",), "int", True, None),
        ReplyField("number", ("number",), "str", True, None),
        ReplyField("message", ("message",), "str", True, ""),
        ReplyField("received_at", ("timestamp_unix",), "dt.datetime", False, None),
        ReplyField("device_sid", ("sIdentifiantPhone",), "str", False, None),
        ReplyField("guid", ("guid",), "str", False, None),
        ReplyField("alias", ("alias",), "str", False, None),
    ),
    RetrievalState: (
        ReplyField("enabled", ("statut", "status", "active", "enabled"), "bool", True, None),
    ),
    SentEmail: (
        ReplyField("id", ("id",), "str", False, None),
        ReplyField("note", ("message",), "str", False, ""),
    ),
    SentMessage: (
        ReplyField("guid", ("id", "guid"), "str", True, None),
        ReplyField("accepted", ("sent",), "bool", False, True),
        ReplyField("sent_at", ("datetime", "date"), "dt.datetime", False, None),
        ReplyField("via_whatsapp", ("send_with_whatsapp",), "bool", False, True),
        ReplyField("note", ("note",), "str", False, ""),
    ),
    SentNotification: (
        ReplyField("id", ("id",), "int", False, None),
        ReplyField("device_sid", ("sid",), "str", False, None),
        ReplyField("note", ("message",), "str", False, ""),
    ),
    SentSms: (
        ReplyField("guid", ("guid",), "str", False, None),
        ReplyField("number", ("number",), "str", False, None),
        ReplyField("message", ("message",), "str", False, None),
        ReplyField("device_sid", ("sIdentifiant",), "str", False, None),
        ReplyField("sent_at", ("timestamp_unix",), "dt.datetime", False, None),
        ReplyField("status", ("status",), "str", False, None),
        ReplyField("api_error", ("error_api",), "bool", False, None),
        ReplyField("phone_error", ("error_mobile",), "bool", False, None),
    ),
    SyncWindow: (
        ReplyField(
            "expires_at", ("expire_at_unix", "expire_at", "expires_at"), "dt.datetime", True, None
        ),
    ),
}
#: The public types that keep their record as `raw`.
KEEPS_RAW: Final[frozenset[type[Any]]] = frozenset(
    (
        CallRecord,
        Device,
        EmailMessage,
        MailboxPage,
        Notification,
        ReceivedSms,
        SentEmail,
        SentNotification,
        SentSms,
    )
)
#: The public types that refuse a value given but unreadable (`x-smsmobile-strict`).
STRICT: Final[frozenset[type[Any]]] = frozenset((SentMessage,))

#: Every reply type by name (an overlay `reply:` naming one decodes into it).
REPLY_TYPES: Final[dict[str, type[Any]]] = {
    "SentMessage": SentMessage,
    "RetrievalState": RetrievalState,
    "SyncWindow": SyncWindow,
    "AutoReplyFlagsFields": AutoReplyFlagsFields,
    "ChatGptUsageFields": ChatGptUsageFields,
    "InboundMessageFields": InboundMessageFields,
    "NumberCheck": NumberCheck,
    "ReceivedSms": ReceivedSms,
    "SentSms": SentSms,
    "Device": Device,
    "CallRecord": CallRecord,
    "SentNotification": SentNotification,
    "Notification": Notification,
    "SentEmail": SentEmail,
    "EmailMessage": EmailMessage,
    "MailboxPage": MailboxPage,
}
