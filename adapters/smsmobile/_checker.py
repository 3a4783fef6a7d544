"""The one request checker: a call's wire fields against what spec/openapi.yaml says of them.

The rules are the derived table's (`_derived/table.py`): required, type, enum, pattern, length,
bounds, date format and a link's file types (`x-file-extensions`). The client runs it on every
call before any I/O (after its own friendlier conversions), the gateway on every forwarded call,
and the sandbox on every request it serves, so the three can never disagree on a rule. A problem
is `(wire field, rule)`; the client names the Python keyword instead (`InvalidRequest`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from ._table import FieldRule, OperationSpec

__all__ = ["file_extension", "problem", "request_problem", "soap_fields"]

_INTEGER = re.compile(r"-?[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern for `re.search`: its `$` ends the text, where Python's
    would also match before a final newline."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@cache
def _enum_texts(values: tuple[str | int, ...]) -> frozenset[str]:
    """An enum's values as the texts a request carries (built once per enum, not per check)."""
    return frozenset(str(v) for v in values)


def file_extension(url: str) -> str:
    """The lower-cased extension of a link's last path segment ("" when it has none)."""
    try:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    except ValueError:
        return ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _choices(values: tuple[str | int, ...]) -> str:
    shown = [repr(v) if v == "" else str(v) for v in values]
    return ", ".join(shown)


def problem(rule: FieldRule, value: str | int) -> str | None:
    """What is wrong with one value of a field (None when the spec takes it)."""
    text = str(value)
    if rule.type == "integer":
        if isinstance(value, bool) or not _INTEGER.fullmatch(text):
            return "must be an integer"
        number = int(text)
        if rule.minimum is not None and number < rule.minimum:
            return f"must be at least {rule.minimum}"
        if rule.maximum is not None and number > rule.maximum:
            return f"must be at most {rule.maximum}"
        if rule.exclusive_minimum is not None and number <= rule.exclusive_minimum:
            return f"must be more than {rule.exclusive_minimum}"
        if rule.exclusive_maximum is not None and number >= rule.exclusive_maximum:
            return f"must be less than {rule.exclusive_maximum}"
    if rule.enum is not None and text not in _enum_texts(rule.enum):
        return f"must be one of: {_choices(rule.enum)}"
    if rule.type != "string":
        return None
    if rule.min_length is not None and len(text) < rule.min_length:
        return (
            "must not be empty"
            if rule.min_length == 1
            else f"at least {rule.min_length} characters"
        )
    if rule.max_length is not None and len(text) > rule.max_length:
        return f"at most {rule.max_length} characters"
    if rule.pattern is not None and not _compiled(rule.pattern).search(text):
        return f"must match {rule.pattern}"
    if rule.format == "date":
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            dt.date.fromisoformat(text)
        except ValueError:
            return "must be a date written yyyy-mm-dd"
    if rule.extensions is not None:
        try:
            well_formed = bool(urlsplit(text).hostname) and (urlsplit(text).port or 1) > 0
        except ValueError:  # an unclosed IPv6 bracket, a port past 65535
            well_formed = False
        if not well_formed:
            return "must be a well-formed URL"
        if file_extension(text) not in rule.extensions:
            return "must point to a file of a supported type: " + ", ".join(sorted(rule.extensions))
    return None


def request_problem(
    operation: OperationSpec, fields: Mapping[str, str | int]
) -> tuple[str, str] | None:
    """The first `(wire field, rule)` the request breaks, required fields first; fields the
    spec does not list are left to the caller (the sandbox ignores them, the client has none)."""
    for rule in operation.fields:
        value = fields.get(rule.wire)
        if value is None or (value == "" and rule.required):
            if rule.required:
                return rule.wire, "required"
            continue
        found = problem(rule, value)
        if found is not None:
            return rule.wire, found
    return None


#: Reply fields that repeat the caller's credential.
_ECHOED_CREDENTIALS = frozenset({"apikey"})


def soap_fields(reply: object) -> dict[str, Any]:
    """A REST reply as the WSDL's response fields, for an operation without a typed model: its
    `result` object unwrapped (the WSDL generator unwraps it too), `error` as text. The gateway
    and the sandbox's SOAP front answer the same REST value the same way. A credential the
    service echoes (`/notification/send` repeats the `apikey`) is never passed on: behind a
    gateway holding the account's credentials, the SOAP caller has only a gateway key."""
    body: Mapping[str, Any] = reply if isinstance(reply, Mapping) else {}
    body = {
        str(key).strip(): value
        for key, value in body.items()
        if str(key).strip() not in _ECHOED_CREDENTIALS
    }
    result = body.get("result")
    if isinstance(result, Mapping):
        body = {**{k: v for k, v in body.items() if k != "result"}, **result}
    return {**body, "error": str(body.get("error", "0"))}
