"""What the sandbox's webhook deliveries carry: the event types an account change produces and
their `data`, in the shape of the service's published samples.

The samples (whatsapp.received, whatsapp.voice.transcribed, sms.received, call.missed) show
JSON booleans, ISO 8601 UTC times, numbers with their leading `+` and free-text guids; calls
write `call_at` as "YYYY-MM-DD HH:MM:SS". The types without a published sample follow the same
conventions (ASSUMPTION). `api_version` is the date string the samples carry.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

API_VERSION = "2026-09-22"
EVENT_TYPES = (
    "sms.api.submitted",
    "sms.sent",
    "sms.failed",
    "sms.received",
    "sms.mobile.sent",
    "call.missed",
    "call.incoming",
    "call.outgoing",
    "whatsapp.submitted",
    "whatsapp.sent",
    "whatsapp.failed",
    "whatsapp.received",
    "whatsapp.voice.transcribed",
    "email.sent",
    "email.received",
)
FAILURE_REASON = "the phone could not deliver the message (error recipient)"

Events = list[tuple[str, dict[str, Any]]]


def utc_iso(moment: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))


def plus(number: object) -> str:
    """A number as the service's deliveries write it: with its leading `+`."""
    return "+" + str(number).strip().lstrip("+")


def events_for(kind: str, record: dict[str, Any]) -> Events:
    """The webhook events one account change produces (`SandboxStore.publish`'s kinds)."""
    builder = _BUILDERS.get(kind)
    if builder is not None:
        return builder(record)
    if kind in ("sent", "error", "scheduled", "resent"):
        return _send_events(kind, record)
    return []  # e.g. a notification: no event type of the service covers it


def _send_events(kind: str, record: Mapping[str, Any]) -> Events:
    """A /sendsms/ send: WhatsApp events for its WhatsApp part, SMS events for its SMS part."""
    events: Events = []
    channel = record.get("channel", "")
    now = utc_iso(time.time())
    recipient = plus(record["recipients"])
    if "whatsapp" in channel:
        base = {"guid": record["guid"], "recipient": recipient}
        submitted = {**base, "message": record["message"], "channel": channel}
        events.append(("whatsapp.submitted", submitted))
        if kind == "error":
            events.append(("whatsapp.failed", {**base, "reason": FAILURE_REASON}))
        elif kind in ("sent", "resent"):
            events.append(("whatsapp.sent", {**base, "sent_at": now}))
    if "sms" in channel and kind != "resent":  # /resendwa/ resends the WhatsApp part only
        device = record.get("device_sid")
        base = {"guid": record["guid"], "recipient": recipient, "device_id": device}
        submitted = {**base, "message": record["message"], "submitted_at": now}
        events.append(("sms.api.submitted", submitted))
        if kind == "error":
            events.append(("sms.failed", {**base, "reason": FAILURE_REASON}))
        elif kind == "sent":
            events.append(("sms.sent", {**base, "sent_at": now}))
    return events


def _whatsapp_received(record: Mapping[str, Any]) -> Events:
    voice = record.get("message_type") == "audio"
    number = plus(record["number"])
    received = {
        "guid": record["guid"],
        "data_id": record["guid"],
        "from": number,
        "contact_name": record.get("contact", ""),
        "message": record["message"],
        "is_voice_message": voice,
        "received_at": utc_iso(int(record["timestamp"])),
    }
    events: Events = [("whatsapp.received", received)]
    if voice:
        transcribed = {
            "guid": record["guid"],
            "data_id": record["guid"],
            "from": number,
            "contact_name": record.get("contact", ""),
            "transcript": record["message"],
            # the sandbox has no audio: about 2.5 words a second of speech
            "duration_seconds": round(max(1.0, len(record["message"].split()) / 2.5), 1),
        }
        events.append(("whatsapp.voice.transcribed", transcribed))
    return events


def _sms_received(record: Mapping[str, Any]) -> Events:
    data = {
        "guid": record["guid"],
        "from": plus(record["number"]),
        "message": record["message"],
        "received_at": utc_iso(record["timestamp_unix"]),
        "alias": record.get("alias"),
        "device_id": record["sIdentifiantPhone"],
    }
    return [("sms.received", data)]


def _sms_mobile_sent(record: Mapping[str, Any]) -> Events:
    data = {
        "guid": record["guid"],
        "recipient": plus(record["number"]),
        "message": record["message"],
        "device_id": record["sIdentifiant"],
        "sent_at": utc_iso(record["timestamp_unix"]),
    }
    return [("sms.mobile.sent", data)]


def _call(record: Mapping[str, Any]) -> Events:
    data = {
        "guid": record["guid"],
        "number": plus(record["number"]),
        "name": record.get("name"),
        "duration_seconds": record["duration_sec"],
        "device_id": record["device_id"],
        "call_at": datetime.fromtimestamp(record["timestamp"], UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    return [(f"call.{record['kind']}", data)]


def _email_sent(record: Mapping[str, Any]) -> Events:
    data = {
        "guid": record["guid"],
        "from": record["from"],
        "to": record["to"],
        "subject": record["subject"],
        "sent_at": record["date"],
    }
    return [("email.sent", data)]


def _email_received(record: Mapping[str, Any]) -> Events:
    data = {
        "guid": record["guid"],
        "from": record["from"],
        "to": record["to"],
        "subject": record["subject"],
        "mailbox": record["mbox"],
        "received_at": record["date"],
    }
    return [("email.received", data)]


_BUILDERS = {
    "received": _whatsapp_received,
    "sms_received": _sms_received,
    "sms_mobile_sent": _sms_mobile_sent,
    "call": _call,
    "email_sent": _email_sent,
    "email_received": _email_received,
}
