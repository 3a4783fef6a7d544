"""A SOAP reply larger than MAX_REPLY_BYTES is refused while it is read: with or without a
Content-Length, the client stops early, holds far less than the reply, and says why."""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smsmobile import ApiKey, MalformedReply, OutcomeUnknown, RetryPolicy, WhatsApp
from smsmobile.transports.base import MAX_REPLY_BYTES

NS = "urn:smsmobile:whatsapp:v1"
HEAD = (
    '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/">'
    f'<soap-env:Body xmlns:t="{NS}"><t:CheckNumberResponse><t:error>0</t:error><t:number>'
).encode()
TAIL = (
    b"</t:number><t:whatsapp>1</t:whatsapp></t:CheckNumberResponse>"
    b"</soap-env:Body></soap-env:Envelope>"
)
REPLY_SIZE = 12 * MAX_REPLY_BYTES  # 48 MiB, streamed from one reused 64 KiB block
BLOCK = b"9" * 65536


@dataclass
class HugeReply:
    url: str
    chunked: bool
    written: int = 0  # bytes of the body the server managed to hand to the socket


@contextmanager
def huge_reply_server(*, chunked: bool, size: int = REPLY_SIZE) -> Iterator[HugeReply]:
    """Answers every POST with a CheckNumber reply of `size` bytes, written block by block."""
    state = HugeReply("", chunked)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.connection.settimeout(10)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                self.write(HEAD)
                remaining = size - len(HEAD) - len(TAIL)
                while remaining > 0:
                    block = BLOCK if remaining >= len(BLOCK) else BLOCK[:remaining]
                    self.write(block)
                    remaining -= len(block)
                self.write(TAIL)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:  # a timeout too
                self.close_connection = True  # the client hung up, as it should

        def write(self, data: bytes) -> None:
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.wfile.write(data)
            state.written += len(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/soap"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def client(url: str) -> WhatsApp:
    return WhatsApp(
        auth=ApiKey("size-test-key-7d1e"),
        base_url="http://127.0.0.1:9",
        transport="soap",
        soap_endpoint=url,
        retry=RetryPolicy(attempts=1),
    )


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_reply_over_the_limit_is_refused_while_read(chunked: bool) -> None:
    with huge_reply_server(chunked=chunked) as server, client(server.url) as wa:
        tracemalloc.start()
        try:
            with pytest.raises(MalformedReply, match=f"reply larger than {MAX_REPLY_BYTES} bytes"):
                wa.check_number("32470123456")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 2 * MAX_REPLY_BYTES < REPLY_SIZE / 4
    assert server.written < REPLY_SIZE / 2  # the client stopped reading long before the end


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_send_whose_reply_is_over_the_limit_has_an_unknown_outcome(chunked: bool) -> None:
    with (
        huge_reply_server(chunked=chunked) as server,
        client(server.url) as wa,
        pytest.raises(OutcomeUnknown) as caught,
    ):
        wa.send("32470123456", "hello")
    assert isinstance(caught.value.cause, MalformedReply)
    assert f"reply larger than {MAX_REPLY_BYTES} bytes" in str(caught.value)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_reply_just_under_the_limit_is_read(chunked: bool) -> None:
    with (
        huge_reply_server(chunked=chunked, size=MAX_REPLY_BYTES) as server,
        client(server.url) as wa,
    ):
        check = wa.check_number("32470123456")
    assert check.on_whatsapp
    assert len(check.number) == MAX_REPLY_BYTES - len(HEAD) - len(TAIL)
