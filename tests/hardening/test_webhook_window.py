"""The webhook receiver's window (issue 11, item 10): the tolerance is exact, and a replay is
refused for as long as its signature would pass, however many deliveries came in between."""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from smsmobile._serving import ExposedServer
from smsmobile.webhooks import EventIdCache, WebhookEvent, WebhookReceiver, signed_headers

SECRET = "whsec_hardening_0123456789abcdef"
SIGNED_AT = 1_760_000_000


def delivery(event_id: str | None = None) -> bytes:
    document = {
        "id": event_id or str(uuid.uuid4()),
        "type": "whatsapp.received",
        "api_version": "2",
        "created_at": "2025-10-09T08:53:20Z",
        "occurred_at": "2025-10-09T08:53:19Z",
        "data": {"guid": "g-1", "from": "32470123456", "message": "hi"},
    }
    return json.dumps(document).encode("utf-8")


@pytest.fixture
def served() -> Iterator[Callable[[WebhookReceiver], str]]:
    servers: list[ExposedServer] = []

    def start(app: WebhookReceiver) -> str:
        server = ExposedServer(app, ident="smsmobile-webhooks")
        server.start()
        servers.append(server)
        return server.url + "/"

    yield start
    for server in servers:
        server.close()


def post(url: str, body: bytes, timestamp: int = SIGNED_AT) -> httpx.Response:
    headers = signed_headers(body, SECRET, timestamp=timestamp)
    return httpx.post(
        url, content=body, headers={"Content-Type": "application/json", **headers}, timeout=30
    )


def call_in_process(app: WebhookReceiver, body: bytes, timestamp: int = SIGNED_AT) -> int:
    """One delivery through the WSGI app itself (for the thousands that fill the cache)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
    }
    for name, value in signed_headers(body, SECRET, timestamp=timestamp).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    statuses: list[str] = []
    app(environ, lambda status, headers, *rest: statuses.append(status))  # type: ignore[arg-type,return-value]
    return int(statuses[0].split()[0])


@pytest.mark.parametrize(
    ("offset", "status"),
    [(299, 202), (300, 202), (301, 401), (-299, 202), (-300, 202), (-301, 401)],
)
def test_the_tolerance_is_exact(
    served: Callable[[WebhookReceiver], str], offset: int, status: int
) -> None:
    handled: list[WebhookEvent] = []
    url = served(WebhookReceiver(SECRET, handled.append, clock=lambda: SIGNED_AT + offset))
    reply = post(url, delivery())
    assert reply.status_code == status, reply.text
    assert len(handled) == (1 if status == 202 else 0)


def test_a_replay_after_ten_thousand_others_is_still_a_duplicate(
    served: Callable[[WebhookReceiver], str],
) -> None:
    handled: list[WebhookEvent] = []
    app = WebhookReceiver(SECRET, handled.append)
    url = served(app)
    captured, signed_at = delivery(), int(time.time())
    assert post(url, captured, signed_at).status_code == 202
    others = [call_in_process(app, delivery(), signed_at) for _ in range(10_000)]
    replay = post(url, captured, signed_at)
    assert set(others) == {202}
    assert (replay.status_code, replay.json()["status"]) == (200, "duplicate")
    assert len(handled) == 10_001


def test_a_full_cache_refuses_rather_than_forgets(
    served: Callable[[WebhookReceiver], str],
) -> None:
    monotonic = [1000.0]
    seen = EventIdCache(3, ttl=601, clock=lambda: monotonic[0])
    handled: list[WebhookEvent] = []
    url = served(WebhookReceiver(SECRET, handled.append, seen=seen))
    now = int(time.time())
    first = delivery()
    accepted = [post(url, body, now).status_code for body in (first, delivery(), delivery())]
    refused = post(url, delivery(), now)
    replay = post(url, first, now)
    monotonic[0] += 602  # every id has outlived the window
    later = post(url, delivery(), now)
    assert accepted == [202] * 3
    assert refused.status_code == 503 and refused.json()["status"] == "busy"
    assert 1 <= int(refused.headers["Retry-After"]) <= 602
    assert replay.status_code == 200  # still remembered: nothing was forgotten to make room
    assert later.status_code == 202
    assert len(handled) == 4
