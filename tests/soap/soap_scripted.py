"""A tiny scripted SOAP server on 127.0.0.1: the sandbox never sends a hostile reply, so the
SOAP-only tests serve their own canned bodies."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class CannedReply:
    """What the scripted server answers to every POST."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/xml"})


@dataclass
class ScriptedServer:
    url: str
    reply: CannedReply
    requests: list[bytes] = field(default_factory=list)


@contextmanager
def scripted_server() -> Iterator[ScriptedServer]:
    """A SOAP endpoint at `.url` that answers `.reply` and records request bodies."""
    reply = CannedReply()
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            received.append(self.rfile.read(length))
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield ScriptedServer(f"http://127.0.0.1:{server.server_port}/soap", reply, received)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
