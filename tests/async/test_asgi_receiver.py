"""AsyncWebhookReceiver answers exactly as WebhookReceiver does: the same deliveries, posted over
real HTTP to both (uvicorn and waitress on 127.0.0.1), get the same status, body and handling."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from webhook_support import SECRET, encode, envelope, post_signed

from smsmobile.webhooks import (
    AsyncWebhookReceiver,
    EventIdCache,
    WebhookEvent,
    WebhookReceiver,
    sign,
)


class Events:
    """What a handler saw; fails the next `fail_next` calls."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.fail_next = 0

    def handle(self, event: WebhookEvent) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("database is down")
        self.ids.append(event.id)

    async def handle_async(self, event: WebhookEvent) -> None:
        await asyncio.sleep(0)  # a real await point inside the handler
        self.handle(event)


Server = Callable[..., tuple[str, Events]]


@pytest.fixture(params=["wsgi", "asgi", "asgi-sync-handler"])
def receiver(
    request: pytest.FixtureRequest,
    serve_wsgi: Callable[[Any], str],
    serve_asgi: Callable[[Any], str],
) -> Server:
    """Start one receiver (of the parametrised kind) with the given options."""

    def start(**options: Any) -> tuple[str, Events]:
        events = Events()
        if request.param == "wsgi":
            app: Any = WebhookReceiver(SECRET, events.handle, **options)
            return serve_wsgi(app), events
        handler = events.handle_async if request.param == "asgi" else events.handle
        app = AsyncWebhookReceiver(SECRET, handler, **options)
        return serve_asgi(app), events

    return start


@pytest.fixture
def http() -> Any:
    with httpx.Client(timeout=30) as client:
        yield client


def _now_headers(body: bytes) -> dict[str, str]:
    now = int(time.time())
    return {
        "X-SMSMobileAPI-Timestamp": str(now),
        "X-SMSMobileAPI-Signature": sign(body, SECRET, now),
    }


def test_accepted_then_duplicate(receiver: Server, http: httpx.Client) -> None:
    url, events = receiver()
    document = envelope()
    first = post_signed(http, url, encode(document))
    assert (first.status_code, first.json()) == (202, {"status": "accepted", "id": document["id"]})
    assert first.headers["content-type"] == "application/json"
    again = post_signed(http, url, encode(document), timestamp=int(time.time()) + 1)
    assert (again.status_code, again.json()) == (200, {"status": "duplicate", "id": document["id"]})
    assert events.ids == [document["id"]]


@pytest.mark.parametrize("spoil", ["wrong secret", "stale", "no signature"])
def test_unauthentic_or_stale_is_401(receiver: Server, http: httpx.Client, spoil: str) -> None:
    url, events = receiver()
    body = encode(envelope())
    if spoil == "wrong secret":
        reply = post_signed(http, url, body, secret="whsec_attacker")
        expected = "invalid_signature"
    elif spoil == "stale":
        reply = post_signed(http, url, body, timestamp=int(time.time()) - 301)
        expected = "stale"
    else:
        reply = http.post(url, content=body, headers={"Content-Type": "application/json"})
        expected = "invalid_signature"
    assert (reply.status_code, reply.json()) == (401, {"status": expected})
    assert SECRET not in reply.text
    assert events.ids == []


def test_malformed_envelope_is_400(receiver: Server, http: httpx.Client) -> None:
    url, events = receiver()
    reply = post_signed(http, url, b"[]")
    assert reply.status_code == 400
    assert reply.json()["status"] == "malformed"
    assert events.ids == []


def test_bad_content_length_is_400(receiver: Server) -> None:
    url, events = receiver()
    host, port = url.split("/")[2].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /webhooks/smsmobile HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n"
            b"Connection: close\r\n\r\n{}"
        )
        status_line = conn.makefile("rb").readline()
    assert status_line.split()[1] == b"400"
    assert events.ids == []


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_body_over_the_cap_is_413(receiver: Server, http: httpx.Client, chunked: bool) -> None:
    url, events = receiver(max_body=4096)
    body = encode(envelope(data={"message": "x" * 8192}))
    content: Any = (body[i : i + 1024] for i in range(0, len(body), 1024)) if chunked else body
    reply = http.post(url, content=content, headers=_now_headers(body))
    assert (reply.status_code, reply.json()) == (413, {"status": "too_large"})
    assert events.ids == []


def test_body_of_exactly_max_body_is_read(receiver: Server, http: httpx.Client) -> None:
    body = encode(envelope())
    url, events = receiver(max_body=len(body))
    assert post_signed(http, url, body).status_code == 202
    assert post_signed(http, url, body + b" ").status_code == 413
    assert len(events.ids) == 1


def test_anything_but_post_is_405(receiver: Server, http: httpx.Client) -> None:
    url, _ = receiver()
    reply = http.get(url)
    assert reply.status_code == 405
    assert reply.headers["allow"] == "POST"


def test_handler_failure_is_500_and_the_retry_is_handled(
    receiver: Server, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="smsmobile.webhooks")
    url, events = receiver()
    events.fail_next = 1
    body = encode(envelope())
    failed = post_signed(http, url, body)
    assert (failed.status_code, failed.json()["status"]) == (500, "error")
    assert "database is down" not in failed.text
    assert "database is down" in caplog.text
    assert post_signed(http, url, body).status_code == 202
    assert post_signed(http, url, body).status_code == 200
    assert len(events.ids) == 1


def test_full_replay_cache_is_503_with_retry_after(receiver: Server, http: httpx.Client) -> None:
    url, events = receiver(seen=EventIdCache(1, ttl=60))
    assert post_signed(http, url, encode(envelope())).status_code == 202
    busy = post_signed(http, url, encode(envelope()))
    assert (busy.status_code, busy.json()) == (503, {"status": "busy"})
    assert 1 <= int(busy.headers["retry-after"]) <= 61
    assert len(events.ids) == 1


def test_asgi_cap_stops_reading_an_endless_body() -> None:
    """The cap holds while reading: an endless body is read only to just past max_body."""
    app = AsyncWebhookReceiver(SECRET, lambda event: None, max_body=10_000)
    handed_over = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal handed_over
        handed_over += 1024
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": []}
    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=30))
    assert sent[0]["status"] == 413
    assert 10_000 < handed_over <= 10_000 + 1024
