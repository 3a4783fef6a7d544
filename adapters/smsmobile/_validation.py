"""Input rules, checked before any I/O. Each failure is `InvalidRequest(field, rule)`.

Normalisation is idempotent: a value that passed comes out unchanged when normalised again.
The 4096-character message limit is ours (the service publishes none); it keeps an accidental
megabyte of text off the wire. The limits of `media_url`, `device_sid` and `guid` and the
media file types are read from spec/openapi.yaml (the derived table), not restated here; the
spec's rules are checked once more on the wire fields by `_checker`.
Every string field is also checked for characters no request can carry: lone surrogates (not
encodable as UTF-8), NUL and the other C0 controls (the message keeps tab, newline and carriage
return) and U+FFFE/U+FFFF, which XML 1.0 forbids; left in, httpx or zeep fail deep inside with a
raw `UnicodeEncodeError` or `ValueError`, or the service sees a different text.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Literal
from urllib.parse import urlsplit

from ._derived.table import OPERATION_SPECS
from ._errors import InvalidRequest
from ._models import MessageType, SendRequest
from ._table import FieldRule

__all__ = [
    "MAX_DEVICE_SID_LENGTH",
    "MAX_GUID_LENGTH",
    "MAX_MEDIA_URL_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "MAX_SCHEDULE_AT",
    "MEDIA_EXTENSIONS",
    "SendValues",
    "normalise_number",
    "send_values",
    "validate_before",
    "validate_date",
    "validate_guid",
    "validate_limit",
    "validate_media_url",
    "validate_message",
    "validate_message_type",
    "validate_send",
]

MAX_MESSAGE_LENGTH = 4096


def _rule(operation: str, wire: str) -> FieldRule:
    """What spec/openapi.yaml says of a request field (the derived table)."""
    spec = next(s for s in OPERATION_SPECS if s.name == operation)
    return next(rule for rule in spec.fields if rule.wire == wire)


def _bound(value: int | None) -> int:
    assert value is not None, "spec/openapi.yaml lost a bound the client relies on"
    return value


MAX_MEDIA_URL_LENGTH = _bound(_rule("send", "url_media").max_length)
MAX_DEVICE_SID_LENGTH = _bound(_rule("send", "sIdentifiant").max_length)
#: 9999-12-31T23:59:59Z: the last second a datetime (and the WSDL's xs:long) can hold.
MAX_SCHEDULE_AT = 253_402_300_799
#: The spec's `x-file-extensions` of MediaUrl.
MEDIA_EXTENSIONS = frozenset(_rule("send", "url_media").extensions or ())
_NUMBER_SEPARATORS = re.compile(r"[\s\-.()\[\]]+")
_DIGITS = re.compile(r"[0-9]{6,15}")
#: spec/openapi.yaml's MessageGuid: 1 to 128 visible ASCII characters (no space, no control).
MAX_GUID_LENGTH = _bound(_rule("resend", "guid").max_length)
_GUID = re.compile(rf"[!-~]{{1,{MAX_GUID_LENGTH}}}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Lone surrogates, C0 controls, U+FFFE and U+FFFF (DEL and C1 are left: XML 1.0 allows them).
_UNSENDABLE = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_UNSENDABLE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NUMBER_RULE = (
    "country code then number: 6 to 15 digits, not starting with 0, after removing spaces, "
    "dashes, dots, brackets and a leading + or 00"
)


def normalise_number(raw: object, field: str = "to") -> str:
    """`+1 (917) 286-60` -> `191728660`; raises InvalidRequest when the result is no number."""
    if not isinstance(raw, str):
        raise InvalidRequest(field, "must be a string")
    number = raw if raw.isdigit() else _NUMBER_SEPARATORS.sub("", raw)  # (nothing to remove)
    if number.startswith("+"):
        number = number[1:]
    elif number.startswith("00"):
        number = number[2:]
    if not _DIGITS.fullmatch(number) or number.startswith("0"):
        raise InvalidRequest(field, NUMBER_RULE)
    return number


def check_sendable(field: str, value: str, *, multiline: bool = False) -> str:
    """`value`, unless it holds a character no request can carry (see the module docstring)."""
    pattern = _UNSENDABLE_IN_TEXT if multiline else _UNSENDABLE
    if pattern.search(value):
        allowed = " (tab, newline and carriage return are allowed)" if multiline else ""
        raise InvalidRequest(
            field,
            "must not contain NUL or other control characters, lone surrogates, U+FFFE or U+FFFF"
            + allowed,
        )
    return value


def validate_message(message: object) -> str:
    if not isinstance(message, str):
        raise InvalidRequest("message", "must be a string")
    check_sendable("message", message, multiline=True)
    if not message.strip():
        raise InvalidRequest("message", "must not be empty or whitespace only")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise InvalidRequest("message", f"at most {MAX_MESSAGE_LENGTH} characters (our limit)")
    return message


def media_extension(url: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_media_url(url: object) -> str:
    if not isinstance(url, str):
        raise InvalidRequest("media_url", "must be a string")
    url = url.strip()
    if len(url) > MAX_MEDIA_URL_LENGTH:
        raise InvalidRequest("media_url", f"at most {MAX_MEDIA_URL_LENGTH} characters")
    check_sendable("media_url", url)
    if any(c.isspace() for c in url):
        raise InvalidRequest("media_url", "must not contain whitespace")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise InvalidRequest("media_url", "must be a valid URL") from None
    if parts.scheme.lower() != "https":
        raise InvalidRequest("media_url", "must start with https://")
    if not host:
        raise InvalidRequest("media_url", "must name a host")
    if media_extension(url) not in MEDIA_EXTENSIONS:
        raise InvalidRequest(
            "media_url",
            "the path must end with a documented extension: " + ", ".join(sorted(MEDIA_EXTENSIONS)),
        )
    return url


def validate_guid(guid: object) -> str:
    if not isinstance(guid, str):
        raise InvalidRequest("guid", "must be a string")
    guid = guid.strip()
    if not guid:
        raise InvalidRequest("guid", "must not be empty")
    if not _GUID.fullmatch(guid):
        raise InvalidRequest(
            "guid", f"at most {MAX_GUID_LENGTH} visible ASCII characters (no spaces or controls)"
        )
    return guid


def validate_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidRequest("date", "must be a date or a yyyy-mm-dd string")


def validate_message_type(value: object) -> MessageType | None:
    """'text' or 'audio'; None, 'all' or '' (the service's "leave empty to see all") mean
    every type, which goes on the wire as no `message_type` at all."""
    if value is None or value in ("all", ""):
        return None
    if value in ("text", "audio"):
        return value
    raise InvalidRequest(
        "message_type", "must be 'text' or 'audio' (or 'all', '' or None for every type)"
    )


def _unix_time(value: object, field: str) -> int:
    if isinstance(value, dt.datetime):
        try:
            return int(value.timestamp())  # a naive datetime is local time, as datetime says
        except (ValueError, OverflowError, OSError):
            raise InvalidRequest(field, "is a datetime out of the range of unix time") from None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidRequest(field, "must be a unix timestamp (int) or a datetime")


def validate_before(value: object) -> int | None:
    if value is None:
        return None
    before = _unix_time(value, "before")
    if before < 0:
        raise InvalidRequest("before", "must not be negative")
    return before


def validate_limit(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidRequest("limit", "must be a non-negative integer")
    return value


def validate_send(**fields: object) -> SendRequest:
    """Every rule of a send (`send_values`, whose keywords these are), as a `SendRequest`."""
    return SendRequest(*send_values(**fields))


#: `SendRequest`'s fields, in its order.
SendValues = tuple[
    str, str, str | None, bool, bool, bool, int | None, str | None, Literal[1, 2] | None
]


def send_values(
    *,
    to: object,
    message: object,
    media_url: object = None,
    pdf_preview: object = False,
    short_url: object = False,
    also_sms: object = False,
    schedule_at: object = None,
    device_sid: object = None,
    sim_port: object = None,
) -> SendValues:
    """`validate_send`'s checks, its `SendRequest`'s fields as a tuple (a frozen dataclass
    costs more to build than the checks: the facade's sends go straight to their wire fields)."""
    recipient = normalise_number(to, "to")
    text = validate_message(message)
    url = None if media_url is None else validate_media_url(media_url)
    for name, flag in (
        ("pdf_preview", pdf_preview),
        ("short_url", short_url),
        ("also_sms", also_sms),
    ):
        if not isinstance(flag, bool):
            raise InvalidRequest(name, "must be True or False")
    if pdf_preview and (url is None or media_extension(url) != "pdf"):
        raise InvalidRequest("pdf_preview", "needs a media_url that points to a .pdf file")
    if short_url and not pdf_preview:
        raise InvalidRequest("short_url", "only applies to a PDF preview (pdf_preview=True)")
    schedule: int | None = None
    if schedule_at is not None:
        schedule = _unix_time(schedule_at, "schedule_at")
        if schedule <= time.time():
            raise InvalidRequest("schedule_at", "must be in the future")
        if schedule > MAX_SCHEDULE_AT:
            raise InvalidRequest("schedule_at", "must be at most 9999-12-31T23:59:59Z")
    sid: str | None = None
    if device_sid is not None:
        if not isinstance(device_sid, str) or not device_sid.strip():
            raise InvalidRequest("device_sid", "must be a non-empty string")
        sid = check_sendable("device_sid", device_sid.strip())
        if len(sid) > MAX_DEVICE_SID_LENGTH:
            raise InvalidRequest("device_sid", f"at most {MAX_DEVICE_SID_LENGTH} characters")
    if sim_port is not None and (isinstance(sim_port, bool) or sim_port not in (1, 2)):
        raise InvalidRequest("sim_port", "must be 1 or 2")
    port: Literal[1, 2] | None = sim_port  # (1, 2 or None: checked above)
    return (
        recipient,
        text,
        url,
        bool(pdf_preview),
        bool(short_url),
        bool(also_sms),
        schedule,
        sid,
        port,
    )
