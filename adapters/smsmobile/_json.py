"""The one JSON encoder for our dataclasses: the CLI's --json output, the watch's lines and the
webhook commands all write results through `to_json`, so a field added to a dataclass shows up
in every JSON output at once, written the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

__all__ = ["message_document", "to_json", "utc_text"]


def utc_text(moment: dt.datetime) -> str:
    """The one way a time is written in our output: ISO 8601, UTC, seconds, `Z`
    (2026-12-07T10:00:00Z). A naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def to_json(value: Any) -> Any:
    """Dataclasses (field by field), datetimes (`utc_text`) and dates (ISO 8601), decimals (as
    text, exact) as JSON values; mappings and sequences item by item."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_json(getattr(value, field.name))
            for field in fields(value)
            if field.metadata.get("json", True)  # a model's `raw` mapping is not repeated
        }
    if isinstance(value, dt.datetime):
        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def message_document(message: Any) -> dict[str, Any]:
    """An `InboundMessage` as a JSON object: its fields, absent ones left out, and its unix
    `timestamp` (a property, so not a field) for scripts that compare times."""
    document = {key: item for key, item in to_json(message).items() if item is not None}
    document["timestamp"] = message.timestamp
    return document
