"""Field rules of the account's operations (issue 22), as spec/openapi.yaml states them.

The same approach as `_service`: each rule raises a 400 `ServiceError` naming the field and the
rule. The wire speaks strings; the control endpoints speak JSON, checked by the `json_*` readers.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from ._service import bad

DIGITS = re.compile(r"[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: spec/openapi.yaml's MessageGuid.
GUID = re.compile(r"[!-~]{1,128}")
NUMBER = re.compile(r"\+?[0-9]{3,20}")


def integer(
    params: Mapping[str, str],
    name: str,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    default: int | None = None,
) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    rule = f"must be an integer >= {minimum}" + ("" if maximum is None else f" and <= {maximum}")
    if not DIGITS.fullmatch(value) or len(value) > 15:
        raise bad(name, rule)
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        raise bad(name, rule)
    return number


def day(params: Mapping[str, str], name: str) -> date | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise bad(name, "must be a date written yyyy-mm-dd") from None


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise bad(name, "must be " + " or ".join(f'"{v}"' for v in allowed))
    return value


def text(
    params: Mapping[str, str], name: str, *, max_length: int = 255, required: bool = False
) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad(name, "required")
        if value == "":
            raise bad(name, "must not be empty")
        return None
    if len(value) > max_length:
        raise bad(name, f"must be at most {max_length} characters")
    return value


def email(params: Mapping[str, str], name: str) -> str:
    value = text(params, name, max_length=254, required=True)
    assert value is not None
    if not EMAIL.fullmatch(value):
        raise bad(name, "must be an e-mail address (name@domain.tld)")
    return value


def base64_text(params: Mapping[str, str], name: str) -> bytes | None:
    value = params.get(name)
    if value is None:
        return None
    if value == "":
        raise bad(name, "must not be empty")
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise bad(name, "must be base64") from None


def guid(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not GUID.fullmatch(value):
        raise bad(name, "must be 1 to 128 visible ASCII characters")
    return value


# -- the JSON of the /_sandbox/ controls -------------------------------------------------------


def json_text(fields: Mapping[str, Any], name: str, default: str | None = None) -> str | None:
    value = fields.get(name, default)
    if value is not None and not isinstance(value, str):
        raise bad(name, "must be a string")
    return value


def json_required_text(fields: Mapping[str, Any], name: str) -> str:
    value = json_text(fields, name)
    if value is None or value.strip() == "":
        raise bad(name, "required, a non-empty string")
    return value


def json_number(fields: Mapping[str, Any], name: str = "number") -> str:
    """A phone number as the service's deliveries write it: with its leading `+`."""
    value = fields.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not NUMBER.fullmatch(value.strip()):
        raise bad(name, "required, a phone number (digits, a leading + allowed)")
    return "+" + value.strip().lstrip("+")


def json_count(fields: Mapping[str, Any], name: str, default: int) -> int:
    value = fields.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad(name, "must be an integer >= 0")
    return value


#: 9999-12-31T23:59:59Z: the last moment a date can be written for.
MAX_TIMESTAMP = 253_402_300_799


def json_timestamp(fields: Mapping[str, Any]) -> int:
    value = json_count(fields, "timestamp", int(time.time()))
    if value > MAX_TIMESTAMP:
        raise bad("timestamp", f"must be at most {MAX_TIMESTAMP} (unix seconds)")
    return value


def json_only(fields: Mapping[str, Any], known: set[str]) -> None:
    unknown = set(fields) - known
    if unknown:
        raise bad(sorted(unknown)[0], "unknown field")


def utc_text(moment: float) -> str:
    """The service's "YYYY-MM-DD HH:MM:SS" (UTC)."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M:%S")


def utc_iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_day(moment: float) -> date:
    return datetime.fromtimestamp(moment, UTC).date()
