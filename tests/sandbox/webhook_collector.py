"""A test receiver of webhooks: records every delivery, answers from a script, can forward.

It is a plain http.server on 127.0.0.1 (ephemeral port). `answers` is a list of statuses used
one per delivery, then 202. With `forward_to`, each delivery is first passed on to that URL and
its answer is returned, unless the script says otherwise: that is a reply lost on the way back.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


@dataclass(frozen=True, slots=True)
class Received:
    body: bytes
    headers: dict[str, str]
    answered: int


@dataclass(slots=True)
class Collector:
    url: str
    deliveries: queue.Queue[Received] = field(default_factory=queue.Queue)
    answers: list[int] = field(default_factory=list)
    forward_to: str | None = None

    def next(self, timeout: float = 20.0) -> Received:
        """The next delivery, waiting for it up to `timeout` seconds."""
        return self.deliveries.get(timeout=timeout)


@contextmanager
def collector(
    answers: list[int] | None = None, forward_to: str | None = None
) -> Iterator[Collector]:
    lock = threading.Lock()
    state: Collector

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name: value for name, value in self.headers.items()}
            with lock:
                scripted = state.answers.pop(0) if state.answers else None
            status = scripted if scripted is not None else 202
            if state.forward_to is not None:
                forwarded = httpx.post(
                    state.forward_to,
                    content=body,
                    headers={k: v for k, v in headers.items() if k.lower() != "host"},
                    timeout=10,
                )
                status = scripted if scripted is not None else forwarded.status_code
            state.deliveries.put(Received(body, headers, status))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Collector(
        f"http://127.0.0.1:{server.server_address[1]}/hooks", answers=list(answers or [])
    )
    state.forward_to = forward_to
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
