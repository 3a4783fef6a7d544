"""Readers of webhook `data` fields, shared by every event type.

Strict readers (for the published shapes) raise `MalformedEvent` on a wrong type; loose readers
(for shapes the service does not publish) turn a surprising value into None. Both accept the
older spellings the service used: "0"/"1" for booleans, unix seconds for times, numbers for text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

from ._errors import MalformedEvent

_TRUE = frozenset({"1", "true", "yes"})
_FALSE = frozenset({"0", "false", "no", ""})
_UNIX = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,9})?", re.ASCII)
_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,9})?", re.ASCII)


def strict_text(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numbers (a phone number, an id) sent as JSON numbers
    if not isinstance(value, str):
        raise MalformedEvent(f"data field {name!r} is not a string")
    return value


def strict_flag(data: Mapping[str, object], name: str) -> bool:
    value = data.get(name)
    if value is None or value is False or value is True:
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise MalformedEvent(f"data field {name!r} is not a boolean, 0/1 or '0'/'1'")


def strict_time(data: Mapping[str, object], name: str) -> dt.datetime | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    return parse_time(value, f"data.{name}")


def strict_int(data: Mapping[str, object], name: str) -> int | None:
    """A whole number: a JSON integer, a whole float (12.0) or its text ("12")."""
    value = data.get(name)
    if value is None or value == "":
        return None
    number = _number(value)
    if number is None or not number.is_integer():
        raise MalformedEvent(f"data field {name!r} is not a whole number")
    return int(number)


def loose(value: object) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def loose_text(data: Mapping[str, object], *names: str) -> str | None:
    for name in names:
        value = loose(data.get(name))
        if value is not None:
            return value
    return None


def loose_time(data: Mapping[str, object], *names: str) -> dt.datetime | None:
    for name in names:
        value = data.get(name)
        if value is None or value == "":
            continue
        try:
            return parse_time(value, name)
        except MalformedEvent:
            continue
    return None


def loose_float(data: Mapping[str, object], *names: str) -> float | None:
    for name in names:
        number = _number(data.get(name))
        if number is not None:
            return number
    return None


def loose_int(data: Mapping[str, object], *names: str) -> int | None:
    number = loose_float(data, *names)
    return int(number) if number is not None and number.is_integer() else None


def loose_flag(data: Mapping[str, object], *names: str) -> bool | None:
    for name in names:
        try:
            if data.get(name) is not None:
                return strict_flag(data, name)
        except MalformedEvent:
            continue
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 2**53 else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        return float(value.strip())
    return None


def parse_time(value: object, name: str) -> dt.datetime:
    """An ISO 8601 string ("2026-09-22T10:00:00Z", "2026-09-22 10:00:00") or unix seconds
    (number or numeric string) as aware UTC.

    A time without an offset is taken as UTC, which is what the service writes elsewhere.
    """
    problem = MalformedEvent(f"field {name!r} is not an ISO 8601 time or unix seconds")
    try:
        if isinstance(value, bool):
            raise problem
        if isinstance(value, int | float):
            return dt.datetime.fromtimestamp(value, dt.UTC)
        if not isinstance(value, str):
            raise problem
        text = value.strip()
        if _UNIX.fullmatch(text):
            return dt.datetime.fromtimestamp(float(text), dt.UTC)
        parsed = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError) as exc:
        raise problem from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00+01:00
        raise problem from exc
