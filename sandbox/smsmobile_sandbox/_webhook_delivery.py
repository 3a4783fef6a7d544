"""Webhook V2 deliveries the sandbox sends when things happen on the account.

Each event is signed as the service signs it (`v1=` + hex HMAC-SHA256 over "<timestamp>." + body)
and POSTed from one background thread, so a slow receiver never slows the REST reply. A non-2xx
answer or a network error is retried after each of `retry_delays`, with the same body, event id
and idempotency key and a fresh timestamp. The sandbox does not import the client: the signer is
the few lines below, and a test proves the client's `construct_event` accepts it.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._webhook_events import API_VERSION, EVENT_TYPES, events_for, utc_iso

__all__ = [
    "DEFAULT_RETRY_DELAYS",
    "EVENT_TYPES",
    "WebhookSender",
    "envelope",
    "events_for",
    "signature",
]

DEFAULT_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
#: Deliveries kept for the inspector and `GET /_sandbox/webhooks`.
KEPT_DELIVERIES = 500


def signature(body: bytes, secret: str, timestamp: int) -> str:
    """The `X-SMSMobileAPI-Signature` value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii"), hashlib.sha256)
    mac.update(body)
    return "v1=" + mac.hexdigest()


def envelope(event_type: str, data: dict[str, Any], occurred_at: float) -> dict[str, Any]:
    """A V2 event envelope, as in the service's published samples (`api_version` a date)."""
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "api_version": API_VERSION,
        "created_at": utc_iso(time.time()),
        "occurred_at": utc_iso(occurred_at),
        "data": data,
    }


@dataclass(slots=True)
class Delivery:
    """One event and every attempt to deliver it."""

    event: dict[str, Any]
    body: bytes
    idempotency_key: str
    attempts: list[dict[str, Any]] = field(default_factory=list)
    state: str = "pending"  # pending | delivered | failed

    def summary(self, url: str) -> dict[str, Any]:
        return {
            "id": self.event["id"],
            "type": self.event["type"],
            "url": url,
            "state": self.state,
            "idempotency_key": self.idempotency_key,
            "created_at": self.event["created_at"],
            "attempts": [dict(attempt) for attempt in self.attempts],
        }


class WebhookSender:
    """Queues events, signs and POSTs them from a daemon thread, retrying with backoff."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        timeout: float = 5.0,
    ) -> None:
        if not secret:
            raise ValueError("webhook secret: must not be empty")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("webhook url: must be an http:// or https:// URL")
        self.url = url
        self.shown_url = f"{parts.scheme}://{parts.netloc}{parts.path}"  # no query secrets
        self._secret = secret
        self._retry_delays = retry_delays
        self._timeout = timeout
        self._kept: deque[Delivery] = deque(maxlen=KEPT_DELIVERIES)
        self._due: list[tuple[float, int, Delivery]] = []
        self._sequence = 0
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"WebhookSender(url={self.shown_url!r})"

    def on_account_event(self, kind: str, record: dict[str, Any]) -> None:
        """A store listener: queue the webhook events of an account change."""
        for event_type, data in events_for(kind, record):
            self.fire(event_type, data)

    def fire(self, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
        """Queue one event for delivery now; its summary."""
        event = envelope(event_type, data, time.time())
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        delivery = Delivery(event, body, str(uuid.uuid4()))
        with self._wake:
            self._kept.append(delivery)
            self._schedule(delivery, time.monotonic())
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="smsmobile-sandbox-webhooks", daemon=True
                )
                self._thread.start()
        return delivery.summary(self.shown_url)

    def deliveries(self, limit: int) -> list[dict[str, Any]]:
        """The last `limit` deliveries, oldest first."""
        with self._wake:
            kept = list(self._kept)[-limit:] if limit > 0 else []
            return [delivery.summary(self.shown_url) for delivery in kept]

    def close(self) -> None:
        """Stop the thread; deliveries still waiting are dropped."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self._timeout + 5)

    def _schedule(self, delivery: Delivery, due: float) -> None:
        self._sequence += 1
        heapq.heappush(self._due, (due, self._sequence, delivery))
        self._wake.notify_all()

    def _next(self) -> Delivery | None:
        with self._wake:
            while not self._closed:
                now = time.monotonic()
                if self._due and self._due[0][0] <= now:
                    return heapq.heappop(self._due)[2]
                self._wake.wait(self._due[0][0] - now if self._due else None)
            return None

    def _run(self) -> None:
        with httpx.Client(timeout=self._timeout, follow_redirects=False) as http:
            while (delivery := self._next()) is not None:
                self._attempt(http, delivery)

    def _attempt(self, http: httpx.Client, delivery: Delivery) -> None:
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "smsmobile-sandbox-webhooks",
            "X-SMSMobileAPI-Event": delivery.event["type"],
            "X-SMSMobileAPI-Event-ID": delivery.event["id"],
            "X-SMSMobileAPI-Timestamp": str(timestamp),
            "X-SMSMobileAPI-Signature": signature(delivery.body, self._secret, timestamp),
            "Idempotency-Key": delivery.idempotency_key,
        }
        started = time.perf_counter()
        attempt: dict[str, Any] = {"at": utc_iso(time.time())}
        try:
            response = http.post(self.url, content=delivery.body, headers=headers)
            attempt["status"] = response.status_code
            ok = 200 <= response.status_code < 300
        except httpx.HTTPError as error:
            attempt["error"] = type(error).__name__
            ok = False
        attempt["ms"] = round((time.perf_counter() - started) * 1000, 1)
        with self._wake:
            delivery.attempts.append(attempt)
            if ok:
                delivery.state = "delivered"
            elif len(delivery.attempts) <= len(self._retry_delays):
                delay = self._retry_delays[len(delivery.attempts) - 1]
                self._schedule(delivery, time.monotonic() + delay)
            else:
                delivery.state = "failed"
