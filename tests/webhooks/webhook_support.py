"""Helpers for the webhook tests: a documented envelope, and posting a signed delivery."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from smsmobile.webhooks import signed_headers

SECRET = "whsec_test_7f3c9a1e5b2d4c6a8e0f1a2b3c4d5e6f"
NOW = 1_760_000_000


def envelope(event_type: str = "whatsapp.received", **overrides: Any) -> dict[str, Any]:
    """A Webhook V2 envelope as the service documents it; `overrides` replace top-level fields."""
    document: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "api_version": "2",
        "created_at": "2025-10-09T08:53:20Z",
        "occurred_at": "2025-10-09T08:53:19Z",
        "data": {
            "guid": "0b6e3f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
            "data_id": "48213",
            "from": "32470123456",
            "contact_name": "Ada",
            "message": "Hello from the phone",
            "is_voice_message": "0",
            "received_at": "2025-10-09 08:53:18",
        },
    }
    document.update(overrides)
    return document


def encode(document: object) -> bytes:
    return json.dumps(document).encode("utf-8")


def post_signed(
    http: httpx.Client,
    url: str,
    body: bytes,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    replace: dict[str, str] | None = None,
) -> httpx.Response:
    """POST `body` as the service would: JSON, with the five signed delivery headers."""
    headers = signed_headers(body, secret, timestamp=timestamp) | (replace or {})
    return http.post(url, content=body, headers={"Content-Type": "application/json", **headers})
