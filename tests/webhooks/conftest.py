"""Webhook fixtures: a real waitress server on 127.0.0.1:0, and an httpx client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import waitress

from smsmobile.webhooks import WebhookReceiver


@pytest.fixture
def serve_app() -> Iterator[Callable[[WebhookReceiver], str]]:
    """Run a WSGI app under waitress in a background thread; returns its base URL."""
    started: list[tuple[Any, threading.Thread]] = []

    def start(app: WebhookReceiver) -> str:
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=server.run, name="webhook-receiver", daemon=True)
        thread.start()
        started.append((server, thread))
        return f"http://127.0.0.1:{server.effective_port}/webhooks/smsmobile"

    yield start
    for server, thread in started:
        # Close on the server's own loop thread, so its poll wakes now rather than in 1 s.
        server.trigger.pull_trigger(server.close)
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        assert not thread.is_alive()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client
