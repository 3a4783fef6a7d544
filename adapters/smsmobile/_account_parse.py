"""Reading a reply into a typed result derived from the spec (`_derived/replies.py`).

One reader for every `x-smsmobile-type` of spec/openapi.yaml, driven by the field table derived
with it (`FIELDS`): a field's wire names (the spec's, then its `x-tolerated` spellings), its
Python type and whether the spec requires it. Both transports hand in plain data: REST the
service's JSON, SOAP the WSDL's response fields (`error` as text, a `result` object unwrapped,
only the fields the WSDL names); the reply is brought to the SOAP form first (`soap_fields`), so
one reader reads both. A required field that is absent or unreadable is `MalformedReply`; any
other unreadable value is None (the shapes the service does not publish are ASSUMPTIONs of the
spec), and a type whose schema allows more fields keeps the record as `raw`, less any
credential. `success: false` (the calls' and the notifications' replies) is a `ServiceError`
like a non-zero `error` (an ASSUMPTION of the spec).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

from ._checker import soap_fields
from ._derived.replies import (
    FIELDS,
    KEEPS_RAW,
    REPLY_TYPES,
    STRICT,
    CallRecord,
    Device,
    MailboxPage,
    Notification,
    NumberCheck,
    ReceivedSms,
    RetrievalState,
    SentEmail,
    SentMessage,
    SentNotification,
    SentSms,
    SyncWindow,
)
from ._errors import MalformedReply, SmsMobileError, service_error
from ._parse import as_bool, as_datetime, as_int, plain_reply, raise_for_error
from ._redact import redact
from ._table import ReplyField

__all__ = [
    "call_records",
    "devices",
    "mailbox_page",
    "notifications",
    "number_check",
    "read_typed",
    "reader",
    "received_sms",
    "retrieval_state",
    "sent_email",
    "sent_message",
    "sent_notification",
    "sent_sms",
    "sync_window",
]

T = TypeVar("T")

#: Keys a reply may echo that are credentials: never kept on a model.
_CREDENTIALS = frozenset({"apikey", "apikeybox", "access_token", "client_secret"})
#: The code of a `ServiceError` for `success: false` (the service gives none).
UNSUCCESSFUL = "unsuccessful"


def _body(reply: object) -> dict[str, Any]:
    """The reply in the WSDL's form (keys stripped of spaces, a `result` object's too),
    `error` and `success` checked."""
    body = {str(key).strip(): value for key, value in soap_fields(plain_reply(reply)).items()}
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
    try:
        return as_int(value, "")
    except SmsMobileError:
        return None


def _flag(value: object) -> bool | None:
    try:
        return as_bool(value, "")
    except SmsMobileError:
        return None


def _time(value: object) -> dt.datetime | None:
    try:
        return as_datetime(value, "")
    except (SmsMobileError, ValueError, OverflowError, OSError):
        return None


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        return None


def _float(value: object) -> float | None:
    number = _decimal(value)
    return None if number is None else float(number)


#: The tolerant conversion of each Python type a derived field may have.
_CONVERT: Final[Mapping[str, Callable[[object], object]]] = {
    "str": _text,
    "int": _int,
    "bool": _flag,
    "dt.datetime": _time,
    "Decimal": _decimal,
    "float": _float,
}


def _value(field: ReplyField, record: Mapping[str, Any], what: str, strict: bool) -> object:
    value = None
    for wire in field.wires:  # the spec's name, then its tolerated spellings
        value = record.get(wire)
        if value is not None and value != "":
            break
    if field.annotation.startswith("tuple["):  # records of another derived type
        kind = REPLY_TYPES[field.annotation[6:].split(",")[0]]
        return tuple(read_typed(kind, r) for r in _records(record, field.wires[0]))
    if field.annotation in REPLY_TYPES:  # one object of another derived type
        nested = REPLY_TYPES[field.annotation]
        return read_typed(nested, value) if isinstance(value, Mapping) else None
    converted = None if value is None or value == "" else _CONVERT[field.annotation](value)
    if converted is None and strict and value is not None and value != "":
        raise MalformedReply(f"{what}: {field.wires[0]} unreadable ({type(value).__name__})")
    if converted is None and field.fallback is not None:
        return field.fallback
    if converted is None and field.required:
        raise MalformedReply(f"{what} without {field.wires[0]}")
    return converted


def read_typed(kind: type[T], record: Mapping[str, Any]) -> T:
    """One record (or reply body) as `kind`, by its derived field table."""
    what = kind.__name__
    strict = kind in STRICT
    values = {f.python: _value(f, record, what, strict) for f in FIELDS[kind]}
    if kind in KEEPS_RAW:
        values["raw"] = _kept(record)
    return kind(**values)


def reader(reply: str) -> Callable[[object, Mapping[str, str | int]], Any]:
    """The parser of an operation whose reply the table names `Type` (the body is one) or
    `Type in key` (the body lists them in `key`)."""
    name, _, key = reply.partition(" in ")
    kind = REPLY_TYPES[name]
    if key:
        return lambda body, fields: [read_typed(kind, r) for r in _records(_body(body), key)]
    return lambda body, fields: read_typed(kind, _body(body))


# The readers by name, for callers that read one reply shape (and the tests).


def received_sms(reply: object) -> list[ReceivedSms]:
    """`/getsms/`: `{"result": {"error": 0, "sms": [...]}}` (published)."""
    return [read_typed(ReceivedSms, r) for r in _records(_body(reply), "sms")]


def sent_sms(reply: object) -> list[SentSms]:
    """`/log/sent/sms/`: ASSUMPTION, the records in `sms`."""
    return [read_typed(SentSms, r) for r in _records(_body(reply), "sms")]


def devices(reply: object) -> list[Device]:
    """`/gateway/mobile/list/`: ASSUMPTION, the phones in `mobiles`."""
    return [read_typed(Device, r) for r in _records(_body(reply), "mobiles")]


def call_records(reply: object, key: str) -> list[CallRecord]:
    """A page of a call log (published): the records in `data` (missed) or `rows`."""
    return [read_typed(CallRecord, r) for r in _records(_body(reply), key)]


def sent_notification(reply: object) -> SentNotification:
    """`/notification/send` (published); its `apikey` echo is not kept."""
    return read_typed(SentNotification, _body(reply))


def notifications(reply: object) -> list[Notification]:
    """`/notification/list/`: ASSUMPTION, the records in `notifications`."""
    return [read_typed(Notification, r) for r in _records(_body(reply), "notifications")]


def sent_email(reply: object) -> SentEmail:
    """`/sendemail/`: ASSUMPTION, `error`, a `message` note and the `id`."""
    return read_typed(SentEmail, _body(reply))


def mailbox_page(reply: object) -> MailboxPage:
    """`/getemail/`: ASSUMPTION, `mbox`, `start`, `total` and the messages in `emails`."""
    return read_typed(MailboxPage, _body(reply))


def retrieval_state(reply: object) -> RetrievalState:
    """`/set_retrieval/` (ASSUMPTION): the state after the call in `statut`."""
    return read_typed(RetrievalState, _body(reply))


def number_check(reply: object, number: str) -> NumberCheck:
    """`/checknumber/` (ASSUMPTION). The one hand part: a reply that does not echo the number
    is about the number asked (`number`), which only the request knows, not the spec."""
    body = _body(reply)
    if all(body.get(wire) in (None, "") for wire in FIELDS[NumberCheck][0].wires):
        body["number"] = number
    return read_typed(NumberCheck, body)


def sent_message(reply: object, *, resent_guid: str | None = None) -> SentMessage:
    """A send or resend reply (`{"result": {...}}`, or the result itself). The one hand part:
    the resend reply's shape is not published, so a success that does not repeat the GUID is
    about `resent_guid`, the one the request sent (which only the request knows)."""
    body = _body(reply)
    if resent_guid is not None and all(
        body.get(wire) in (None, "") for wire in FIELDS[SentMessage][0].wires
    ):
        body["id"] = resent_guid
    return read_typed(SentMessage, body)


def sync_window(reply: object) -> SyncWindow:
    """`/getwa/?synchronize`: `expire_at_unix`, else `expire_at` (or `"expire_at "`)."""
    return read_typed(SyncWindow, _body(reply))
