"""Tiny local HTTP servers for replies the sandbox never sends: one canned body (huge, deeply
nested, hostile), and `hostile_server`, which records every request and answers as a test says
(redirect elsewhere, drip, fall silent, inflate)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def canned_server(body: bytes, content_type: str = "application/json") -> Iterator[str]:
    """The base URL of a server on 127.0.0.1 that answers 200 with `body` to GET and POST."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _reply

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class Recorded:
    """One request a `hostile_server` received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HostileServer:
    """A running `hostile_server`: its base URL and every request it received."""

    url: str
    port: int
    requests: list[Recorded] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


Respond = Callable[[BaseHTTPRequestHandler, HostileServer], None]


class _QuietServer(ThreadingHTTPServer):
    """No traceback when a client resets the connection: these servers expect it."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def hostile_server(respond: Respond) -> Iterator[HostileServer]:
    """A server on 127.0.0.1 that records each request, then lets `respond` write the reply
    byte by byte as it likes (redirect, drip, fall silent, inflate). `stop` is set on exit, so
    a reply that waits on it ends with the test."""
    running: HostileServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            running.requests.append(
                Recorded(self.command, self.path, dict(self.headers.items()), body)
            )
            try:
                respond(self, running)
            except OSError:  # the client gave up: that is what these servers are for
                self.close_connection = True

        do_GET = do_POST = _reply

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    running = HostileServer(f"http://127.0.0.1:{server.server_port}", server.server_port)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def redirect_to(location: str, status: int = 307) -> Respond:
    """A reply of `status` pointing every request at `location`."""

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def answer(
    body: bytes, *, content_type: str = "application/json", headers: dict[str, str] | None = None
) -> Respond:
    """A 200 with `body` as given (already encoded, if `headers` say it is)."""

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def drip(body: bytes, every: float, *, content_type: str = "application/json") -> Respond:
    """A 200 whose `body` comes one byte each `every` seconds (a server as slow as it likes)."""

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        for byte in body:
            if server.stop.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return respond


def silent_after_headers(*, content_type: str = "application/json") -> Respond:
    """Headers announcing a body, then nothing until the test ends."""

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        handler.wfile.flush()
        server.stop.wait(120)
        handler.close_connection = True

    return respond


def drip_head(body: bytes = b"{}", every: float = 1.0) -> Respond:
    """A 200 whose status line and headers come one byte each `every` seconds (nothing in the
    head is complete until the peer says so), then `body` at once."""
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: "
        + b"p" * 60
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        for byte in head:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            if server.stop.wait(every):
                return
        handler.wfile.write(body)
        handler.wfile.flush()

    return respond
