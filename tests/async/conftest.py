"""Async fixtures: an ASGI app served by uvicorn on 127.0.0.1 (ephemeral port), and the WSGI
receiver under waitress, so a test can post the same deliveries to both over real HTTP."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from smsmobile._waitress import WaitressServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "webhooks"))  # webhook_support


@pytest.fixture
def serve_asgi() -> Iterator[Callable[[Any], str]]:
    """Serve an ASGI app with uvicorn in a thread; returns its base URL.

    The socket is bound and listening before the server starts, so a request made at once
    waits in the backlog instead of racing the start-up: no waiting for a port.
    """
    running: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []

    def start(app: Any) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="asgi-receiver", daemon=True
        )
        thread.start()
        running.append((server, thread, sock))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks/smsmobile"

    yield start
    for server, thread, sock in running:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        assert not thread.is_alive()


@pytest.fixture
def serve_wsgi() -> Iterator[Callable[[Any], str]]:
    """Serve a WSGI app with waitress in a thread (our one waitress helper); returns its URL."""
    started: list[WaitressServer] = []

    def start(app: Any) -> str:
        server = WaitressServer(app, threads=4, name="wsgi-receiver")
        server.start()
        started.append(server)
        return f"{server.url}/webhooks/smsmobile"

    yield start
    for server in started:
        server.close()
        assert not server.is_serving()
