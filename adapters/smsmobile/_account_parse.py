"""Tolerant reading of the account's replies beyond WhatsApp into `_account_models`.

Both transports hand in plain data: REST the service's JSON, SOAP the WSDL's response fields
(`error` as text, a `result` object unwrapped, only the fields the WSDL names). The reply is
brought to the SOAP form first (`contract.soap_fields`), so one parser reads both. Fields the
spec publishes as required are required (`MalformedReply` without them); in shapes the service
does not publish, a value that cannot be read is None and the record's mapping is kept as `raw`.
`success: false` (the calls' and the notifications' replies) is a `ServiceError` like a
non-zero `error` (an ASSUMPTION of the spec). The API key a notification's reply echoes is
dropped here, before anything keeps or shows the reply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._account_models import (
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
from ._checker import soap_fields
from ._errors import MalformedReply, SmsMobileError, service_error
from ._parse import _get, as_bool, as_datetime, as_int, plain_reply, raise_for_error
from ._redact import redact

__all__ = [
    "PARSERS",
    "call_records",
    "devices",
    "mailbox_page",
    "notifications",
    "received_sms",
    "sent_email",
    "sent_notification",
    "sent_sms",
]

#: Keys a reply may echo that are credentials: never kept on a model.
_CREDENTIALS = frozenset({"apikey", "apikeybox", "access_token", "client_secret"})
#: The code of a `ServiceError` for `success: false` (the service gives none).
UNSUCCESSFUL = "unsuccessful"


def _body(reply: object) -> dict[str, Any]:
    """The reply in the WSDL's form, `error` and `success` checked."""
    body = soap_fields(plain_reply(reply))
    raise_for_error(body)
    if body.get("success") is False or str(body.get("success")).strip().lower() == "false":
        note = body.get("message")
        text = note.strip() if isinstance(note, str) and note.strip() else "success: false"
        raise service_error(redact(f"the service refused the request: {text}"), code=UNSUCCESSFUL)
    return body


def _kept(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record's own mapping for `raw`, credentials left out."""
    return {str(k).strip(): v for k, v in record.items() if str(k).strip() not in _CREDENTIALS}


def _records(body: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = body.get(key)
    if found is None or found == "":
        return []
    if isinstance(found, Mapping):  # one record, not wrapped in a list
        found = [found]
    if not isinstance(found, list) or not all(isinstance(r, Mapping) for r in found):
        raise MalformedReply(f"{key}: expected a list of objects")
    return found


def _text(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _int(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return as_int(value, "")
    except SmsMobileError:
        return None


def _flag(value: object) -> bool | None:
    if value is None:
        return None
    try:
        return as_bool(value, "")
    except SmsMobileError:
        return None


def _time(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        return as_datetime(value, "")
    except (SmsMobileError, ValueError, OverflowError, OSError):
        return None


def _required(record: Mapping[str, Any], key: str, what: str) -> object:
    value = record.get(key)
    if value is None or value == "":
        raise MalformedReply(f"{what} without {key}")
    return value


def received_sms(reply: object) -> list[ReceivedSms]:
    """`/getsms/`: `{"result": {"error": 0, "sms": [...]}}` (published)."""
    records = _records(_body(reply), "sms")
    return [
        ReceivedSms(
            id=as_int(_required(r, "id", "received SMS"), "sms.id"),
            number=str(_required(r, "number", "received SMS")),
            message=_text(r.get("message")) or "",
            received_at=_time(r.get("timestamp_unix")),
            device_sid=_text(r.get("sIdentifiantPhone")),
            guid=_text(r.get("guid")),
            alias=_text(r.get("alias")),
            raw=_kept(r),
        )
        for r in records
    ]


def sent_sms(reply: object) -> list[SentSms]:
    """`/log/sent/sms/`: ASSUMPTION, the records in `sms`."""
    return [
        SentSms(
            guid=_text(r.get("guid")),
            number=_text(r.get("number")),
            message=_text(r.get("message")),
            device_sid=_text(r.get("sIdentifiant")),
            sent_at=_time(r.get("timestamp_unix")),
            status=_text(r.get("status")),
            api_error=_flag(r.get("error_api")),
            phone_error=_flag(r.get("error_mobile")),
            raw=_kept(r),
        )
        for r in _records(_body(reply), "sms")
    ]


def devices(reply: object) -> list[Device]:
    """`/gateway/mobile/list/`: ASSUMPTION, the phones in `mobiles`, each with its `sid`."""
    return [
        Device(
            sid=str(_required(r, "sid", "device")),
            name=_text(r.get("name")),
            status=_text(r.get("status")),
            last_seen=_time(r.get("last_seen")),
            sim_slots=_int(r.get("sim_slots")),
            raw=_kept(r),
        )
        for r in _records(_body(reply), "mobiles")
    ]


def call_records(reply: object, key: str) -> list[CallRecord]:
    """A page of a call log (published): the records in `data` (missed) or `rows`."""
    return [
        CallRecord(
            number=_text(_get(r, "number", "phone_number")),
            name=_text(_get(r, "name", "cached_name")),
            called_at=_time(r.get("call_datetime_utc")),
            local_time=_text(r.get("date")),
            duration_seconds=_int(r.get("duration_sec")),
            raw=_kept(r),
        )
        for r in _records(_body(reply), key)
    ]


def sent_notification(reply: object) -> SentNotification:
    """`/notification/send` (published); its `apikey` echo is not kept."""
    body = _body(reply)
    return SentNotification(
        id=_int(body.get("id")),
        device_sid=_text(body.get("sid")),
        note=_text(body.get("message")) or "",
        raw=_kept(body),
    )


def notifications(reply: object) -> list[Notification]:
    """`/notification/list/`: ASSUMPTION, the records in `notifications`."""
    return [
        Notification(
            id=_int(r.get("id")),
            device_sid=_text(r.get("sid")),
            title=_text(r.get("title")),
            message=_text(r.get("message")),
            type=_text(r.get("type")),
            shown=_flag(r.get("distribued")),
            created_at=_time(r.get("created_at")),
            raw=_kept(r),
        )
        for r in _records(_body(reply), "notifications")
    ]


def sent_email(reply: object) -> SentEmail:
    """`/sendemail/`: ASSUMPTION, `error`, a `message` note and the `id`."""
    body = _body(reply)
    return SentEmail(
        id=_text(body.get("id")), note=_text(body.get("message")) or "", raw=_kept(body)
    )


def mailbox_page(reply: object) -> MailboxPage:
    """`/getemail/`: ASSUMPTION, `mbox`, `start`, `total` and the messages in `emails`."""
    body = _body(reply)
    messages = tuple(
        EmailMessage(
            uid=_int(r.get("uid")),
            sender=_text(r.get("from")),
            recipient=_text(r.get("to")),
            subject=_text(r.get("subject")),
            date=_time(r.get("date")),
            body=_text(r.get("body")),
            seen=_flag(r.get("seen")),
            raw=_kept(r),
        )
        for r in _records(body, "emails")
    )
    return MailboxPage(
        messages=messages,
        mbox=_text(body.get("mbox")),
        start=_int(body.get("start")),
        total=_int(body.get("total")),
        raw=_kept(body),
    )


#: The overlay's `reply:` names of these parsers (merged into `_operations`' table): a typed
#: reply of a new operation is its model, its parser and its line here.
PARSERS: Final[Mapping[str | None, Callable[[object, Mapping[str, str | int]], Any]]] = {
    "received_sms": lambda reply, fields: received_sms(reply),
    "sent_sms": lambda reply, fields: sent_sms(reply),
    "devices": lambda reply, fields: devices(reply),
    "missed_calls": lambda reply, fields: call_records(reply, "data"),
    "calls": lambda reply, fields: call_records(reply, "rows"),
    "sent_notification": lambda reply, fields: sent_notification(reply),
    "notifications": lambda reply, fields: notifications(reply),
    "sent_email": lambda reply, fields: sent_email(reply),
    "mailbox_page": lambda reply, fields: mailbox_page(reply),
}
