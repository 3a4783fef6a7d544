"""Webhook fixtures: a real waitress server on 127.0.0.1:0, and an httpx client."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from smsmobile._waitress import WaitressServer
from smsmobile.webhooks import WebhookReceiver


@pytest.fixture
def serve_app() -> Iterator[Callable[[WebhookReceiver], str]]:
    """Run a WSGI app under waitress in a background thread; returns its base URL."""
    started: list[WaitressServer] = []

    def start(app: WebhookReceiver) -> str:
        server = WaitressServer(app, threads=4, name="webhook-receiver")
        server.start()
        started.append(server)
        return f"{server.url}/webhooks/smsmobile"

    yield start
    for server in started:
        server.close()
        assert not server.is_serving()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client
