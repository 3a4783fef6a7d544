"""Webhook V2 payloads of the account's SMS, calls and e-mail (issue 22).

`sms.received` and `call.missed` have published samples: their fields are read strictly (a wrong
type is a `MalformedEvent`), in the published shape (ISO 8601 times, `+` numbers, free-text
guids) and in the older one ("0"/"1", unix seconds). The other types' `data` is not published:
their payloads keep the fields one can reasonably expect, all optional and read leniently (a
surprising value becomes None). `sender` is the wire's `from` (a Python keyword).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from ._event_fields import (
    loose,
    loose_int,
    loose_text,
    loose_time,
    strict_int,
    strict_text,
    strict_time,
)

__all__ = [
    "ACCOUNT_PAYLOAD_PARSERS",
    "AccountPayload",
    "CallIncoming",
    "CallMissed",
    "CallOutgoing",
    "EmailReceived",
    "EmailSent",
    "SmsApiSubmitted",
    "SmsFailed",
    "SmsMobileSent",
    "SmsReceived",
    "SmsSent",
]


@dataclass(frozen=True, slots=True)
class SmsApiSubmitted:
    """`sms.api.submitted`: an SMS send through the API was handed to a phone. Not published."""

    guid: str | None = None
    recipient: str | None = None
    message: str | None = None
    device_id: str | None = None
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SmsSent:
    """`sms.sent`: the phone reports an SMS as sent. Shape not published."""

    guid: str | None = None
    recipient: str | None = None
    device_id: str | None = None
    sent_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SmsFailed:
    """`sms.failed`: the phone could not send an SMS; `reason` when the service says why."""

    guid: str | None = None
    recipient: str | None = None
    device_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SmsReceived:
    """`sms.received`: a phone of the account received an SMS (the published shape).

    `device_id` is the receiving phone's SID; `alias` the sender's name in its contacts.
    """

    guid: str | None = None
    sender: str | None = None
    message: str | None = None
    received_at: dt.datetime | None = None
    alias: str | None = None
    device_id: str | None = None


@dataclass(frozen=True, slots=True)
class SmsMobileSent:
    """`sms.mobile.sent`: an SMS was sent from the phone itself (not through the API)."""

    guid: str | None = None
    recipient: str | None = None
    message: str | None = None
    device_id: str | None = None
    sent_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CallMissed:
    """`call.missed`: a phone of the account missed a call (the published shape).

    `call_at` is the wire's "YYYY-MM-DD HH:MM:SS", taken as UTC.
    """

    guid: str | None = None
    number: str | None = None
    name: str | None = None
    duration_seconds: int | None = None
    device_id: str | None = None
    call_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CallIncoming:
    """`call.incoming`: a phone of the account took a call. Shape not published (assumed as
    `call.missed`'s)."""

    guid: str | None = None
    number: str | None = None
    name: str | None = None
    duration_seconds: int | None = None
    device_id: str | None = None
    call_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CallOutgoing:
    """`call.outgoing`: a phone of the account made a call. Shape not published (assumed as
    `call.missed`'s)."""

    guid: str | None = None
    number: str | None = None
    name: str | None = None
    duration_seconds: int | None = None
    device_id: str | None = None
    call_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class EmailSent:
    """`email.sent`: a mailbox of the account sent an e-mail. Shape not published."""

    guid: str | None = None
    sender: str | None = None
    recipient: str | None = None
    subject: str | None = None
    sent_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class EmailReceived:
    """`email.received`: a mailbox of the account received an e-mail. Shape not published."""

    guid: str | None = None
    sender: str | None = None
    recipient: str | None = None
    subject: str | None = None
    mailbox: str | None = None
    received_at: dt.datetime | None = None


AccountPayload: TypeAlias = (
    SmsApiSubmitted
    | SmsSent
    | SmsFailed
    | SmsReceived
    | SmsMobileSent
    | CallMissed
    | CallIncoming
    | CallOutgoing
    | EmailSent
    | EmailReceived
)


def _recipient(data: Mapping[str, object]) -> str | None:
    return loose_text(data, "recipient", "recipients", "to", "number")


def _device(data: Mapping[str, object]) -> str | None:
    return loose_text(data, "device_id", "sIdentifiant", "sid")


def _sms_submitted(data: Mapping[str, object]) -> SmsApiSubmitted:
    return SmsApiSubmitted(
        guid=loose_text(data, "guid"),
        recipient=_recipient(data),
        message=loose_text(data, "message"),
        device_id=_device(data),
        submitted_at=loose_time(data, "submitted_at", "created_at"),
    )


def _sms_sent(data: Mapping[str, object]) -> SmsSent:
    return SmsSent(
        guid=loose_text(data, "guid"),
        recipient=_recipient(data),
        device_id=_device(data),
        sent_at=loose_time(data, "sent_at"),
    )


def _sms_failed(data: Mapping[str, object]) -> SmsFailed:
    error = data.get("error")
    if isinstance(error, dict):  # tolerate {"error": {"code": ..., "message": ...}}
        error = error.get("message")
    return SmsFailed(
        guid=loose_text(data, "guid"),
        recipient=_recipient(data),
        device_id=_device(data),
        reason=loose(error) or loose_text(data, "reason", "error_message", "message"),
    )


def _sms_received(data: Mapping[str, object]) -> SmsReceived:
    return SmsReceived(
        guid=strict_text(data, "guid"),
        sender=strict_text(data, "from"),
        message=strict_text(data, "message"),
        received_at=strict_time(data, "received_at"),
        alias=strict_text(data, "alias"),
        device_id=strict_text(data, "device_id"),
    )


def _sms_mobile_sent(data: Mapping[str, object]) -> SmsMobileSent:
    return SmsMobileSent(
        guid=loose_text(data, "guid"),
        recipient=_recipient(data),
        message=loose_text(data, "message"),
        device_id=_device(data),
        sent_at=loose_time(data, "sent_at"),
    )


def _call_missed(data: Mapping[str, object]) -> CallMissed:
    return CallMissed(
        guid=strict_text(data, "guid"),
        number=strict_text(data, "number"),
        name=strict_text(data, "name"),
        duration_seconds=strict_int(data, "duration_seconds"),
        device_id=strict_text(data, "device_id"),
        call_at=strict_time(data, "call_at"),
    )


def _loose_call(
    kind: type[CallIncoming] | type[CallOutgoing],
) -> Callable[[Mapping[str, object]], CallIncoming | CallOutgoing]:
    def parse(data: Mapping[str, object]) -> CallIncoming | CallOutgoing:
        return kind(
            guid=loose_text(data, "guid"),
            number=loose_text(data, "number", "phone_number"),
            name=loose_text(data, "name", "cached_name"),
            duration_seconds=loose_int(data, "duration_seconds", "duration_sec"),
            device_id=_device(data),
            call_at=loose_time(data, "call_at", "call_datetime_utc"),
        )

    return parse


def _email_sent(data: Mapping[str, object]) -> EmailSent:
    return EmailSent(
        guid=loose_text(data, "guid"),
        sender=loose_text(data, "from", "sender_email"),
        recipient=loose_text(data, "to", "recipient_email"),
        subject=loose_text(data, "subject", "mail_subject"),
        sent_at=loose_time(data, "sent_at"),
    )


def _email_received(data: Mapping[str, object]) -> EmailReceived:
    return EmailReceived(
        guid=loose_text(data, "guid"),
        sender=loose_text(data, "from"),
        recipient=loose_text(data, "to"),
        subject=loose_text(data, "subject"),
        mailbox=loose_text(data, "mailbox", "mbox"),
        received_at=loose_time(data, "received_at"),
    )


ACCOUNT_PAYLOAD_PARSERS: dict[str, Callable[[Mapping[str, object]], AccountPayload]] = {
    "sms.api.submitted": _sms_submitted,
    "sms.sent": _sms_sent,
    "sms.failed": _sms_failed,
    "sms.received": _sms_received,
    "sms.mobile.sent": _sms_mobile_sent,
    "call.missed": _call_missed,
    "call.incoming": _loose_call(CallIncoming),
    "call.outgoing": _loose_call(CallOutgoing),
    "email.sent": _email_sent,
    "email.received": _email_received,
}
