"""`smsmobile webhook trigger`: one signed sample event, to test a receiver without the service.

Like `stripe trigger`: the body is a Webhook V2 envelope with plausible sample data and the
headers are those `signed_headers` writes, so a receiver that accepts it accepts the service's.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import httpx

from .._errors import ConnectError, InvalidRequest, RequestTimeout
from ._signing import signed_headers

__all__ = ["fire_test_event", "sample_event"]


def _sample_data(event_type: str) -> dict[str, object]:
    """Sample `data` in the shape of the service's published samples: JSON booleans, ISO 8601
    UTC times, numbers with their `+`, free-text guids."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    call_at = now[:19].replace("T", " ")  # the published call.* samples: "YYYY-MM-DD HH:MM:SS"
    guid = uuid.uuid4().hex + uuid.uuid4().hex[:8]  # 40 hex, like a send's id
    inbound = str(uuid.uuid4())
    number = "+32470123456"
    device = "SID-SAMPLE-PHONE"
    sms = {"guid": guid, "recipient": number, "device_id": device}
    call = {"guid": inbound, "number": number, "name": "Test Customer", "device_id": device}
    mail = {"guid": inbound, "from": "customer@example.com", "to": "shop@example.com"}
    samples: dict[str, dict[str, object]] = {
        "whatsapp.submitted": {"guid": guid, "recipient": number, "message": "Hello"},
        "whatsapp.sent": {"guid": guid, "recipient": number, "sent_at": now},
        "whatsapp.failed": {"guid": guid, "recipient": number, "reason": "test failure"},
        "whatsapp.received": {
            "guid": inbound,
            "data_id": inbound,
            "from": number,
            "contact_name": "Test Customer",
            "message": "Hello from the phone",
            "is_voice_message": False,
            "received_at": now,
        },
        "whatsapp.voice.transcribed": {
            "guid": inbound,
            "data_id": inbound,
            "from": number,
            "contact_name": "Test Customer",
            "transcript": "Hello, this is a voice message",
            "duration_seconds": 4.2,
        },
        "sms.api.submitted": {**sms, "message": "Hello", "submitted_at": now},
        "sms.sent": {**sms, "sent_at": now},
        "sms.failed": {**sms, "reason": "test failure"},
        "sms.received": {
            "guid": inbound,
            "from": number,
            "message": "Hello from the phone",
            "received_at": now,
            "alias": "Test Customer",
            "device_id": device,
        },
        "sms.mobile.sent": {**sms, "message": "Sent from the phone", "sent_at": now},
        "call.missed": {**call, "duration_seconds": 0, "call_at": call_at},
        "call.incoming": {**call, "duration_seconds": 42, "call_at": call_at},
        "call.outgoing": {**call, "duration_seconds": 42, "call_at": call_at},
        "email.sent": {**mail, "subject": "Your order", "sent_at": now},
        "email.received": {
            **mail,
            "subject": "Re: Your order",
            "mailbox": "INBOX",
            "received_at": now,
        },
    }
    if event_type not in samples:
        raise InvalidRequest("event", "must be one of " + ", ".join(samples))
    return samples[event_type]


def sample_event(event_type: str, overrides: dict[str, str] | None = None) -> dict[str, object]:
    """A V2 envelope of `event_type` with sample data, `overrides` replacing data fields."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "api_version": "2026-09-22",  # the service's published samples carry a date
        "created_at": now,
        "occurred_at": now,
        "data": {**_sample_data(event_type), **(overrides or {})},
    }


def fire_test_event(
    event_type: str,
    url: str,
    secret: str,
    overrides: dict[str, str] | None = None,
    *,
    timeout: float = 10.0,
) -> tuple[int, str]:
    """POST one signed sample event to `url`; the receiver's HTTP status and the event id."""
    if not url.startswith(("http://", "https://")):
        raise InvalidRequest("to", "must be an http:// or https:// URL")
    event = sample_event(event_type, overrides)
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", **signed_headers(body, secret)}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as http:
            response = http.post(url, content=body, headers=headers)
    except httpx.TimeoutException as error:
        raise RequestTimeout(f"the receiver did not answer in {timeout:g} s") from error
    except httpx.HTTPError as error:
        raise ConnectError(f"cannot reach the receiver: {type(error).__name__}") from error
    return response.status_code, str(event["id"])
