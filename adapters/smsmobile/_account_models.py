"""What the account's operations beyond WhatsApp return, as frozen, slotted dataclasses.

The fields follow the reply schemas of spec/openapi.yaml. Where the service does not publish a
reply's shape (an ASSUMPTION in the spec) every field is optional and the record's own mapping
is kept as `raw`: a field the service adds, or spells otherwise, is still there. `raw` is left
out of `==`, of the repr and of the CLI's JSON (`_json.to_json`), so the same record read over
REST and over SOAP (whose records carry only the WSDL's fields) compares equal. No model keeps
a credential: the API key a notification's reply echoes is dropped before it is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CallRecord",
    "Device",
    "EmailMessage",
    "MailboxPage",
    "Notification",
    "ReceivedSms",
    "SentEmail",
    "SentNotification",
    "SentSms",
]


def _raw() -> Any:
    """The record as the service sent it: not compared, not shown, not in the CLI's JSON."""
    return field(default_factory=dict, repr=False, compare=False, metadata={"json": False})


@dataclass(frozen=True, slots=True)
class ReceivedSms:
    """An SMS a phone of the account received (`sms.received()`)."""

    id: int
    number: str
    message: str
    received_at: dt.datetime | None = None
    device_sid: str | None = None
    guid: str | None = None
    alias: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class SentSms:
    """One entry of the sent SMS log (`sms.sent()`); the log's shape is not published."""

    guid: str | None = None
    number: str | None = None
    message: str | None = None
    device_sid: str | None = None
    sent_at: dt.datetime | None = None
    status: str | None = None
    api_error: bool | None = None
    phone_error: bool | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class Device:
    """A phone connected to the account; its `sid` is what `device_sid` takes."""

    sid: str
    name: str | None = None
    status: str | None = None
    last_seen: dt.datetime | None = None
    sim_slots: int | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A call of a phone's call log (`calls.missed()`, `calls.incoming()`, `calls.outgoing()`).

    `local_time` is the call's time as the phone wrote it (its own zone); `called_at` is UTC.
    """

    number: str | None = None
    name: str | None = None
    called_at: dt.datetime | None = None
    local_time: str | None = None
    duration_seconds: int | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class SentNotification:
    """A notification stored for a phone (`notifications.send()`); the API key the service
    echoes in this reply is not kept."""

    id: int | None = None
    device_sid: str | None = None
    note: str = ""
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class Notification:
    """One notification of the history (`notifications.list()`); shape not published."""

    id: int | None = None
    device_sid: str | None = None
    title: str | None = None
    message: str | None = None
    type: str | None = None
    shown: bool | None = None
    created_at: dt.datetime | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class SentEmail:
    """An e-mail the mailbox accepted (`email.send()`); shape not published."""

    id: str | None = None
    note: str = ""
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class EmailMessage:
    """One message of a mailbox folder; shape not published."""

    uid: int | None = None
    sender: str | None = None
    recipient: str | None = None
    subject: str | None = None
    date: dt.datetime | None = None
    body: str | None = None
    seen: bool | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True, slots=True)
class MailboxPage:
    """One page of a mailbox folder (`email.list()`): its messages from `start`, newest first,
    and how many the folder holds (`total`), to page on with `start`."""

    messages: tuple[EmailMessage, ...] = ()
    mbox: str | None = None
    start: int | None = None
    total: int | None = None
    raw: Mapping[str, Any] = _raw()
