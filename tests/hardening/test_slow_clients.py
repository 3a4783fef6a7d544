"""Slow clients and big bodies (issue 11, item 7), against the gateway and `smsmobile webhook
serve` as they run: a flood of connections that dribble headers does not lock out a genuine
caller, and a body over the cap is refused from its Content-Length, before it is sent."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import httpx
import pytest

from smsmobile.gateway import make_gateway_app, serve
from smsmobile.webhooks import signed_headers
from smsmobile_sandbox.testing import RunningSandbox

SECRET = "whsec_slow_clients_0123456789"
FLOOD = 110  # more than waitress's default connection_limit (100)
GENUINE_BOUND = 30.0  # seconds: generous on a busy 2-core machine (the flood lasts 60)


@pytest.fixture
def gateway_url(sandbox: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(sandbox.url))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture
def webhook_url() -> Iterator[str]:
    """`smsmobile webhook serve` as a real process; its URL from its ready line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "webhook", "serve", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SMSMOBILEAPI_WEBHOOK_SECRET": SECRET},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"on (http://\S+?)/? ", line)
    assert found, line
    try:
        yield found.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


@contextmanager
def slow_flood(url: str, path: str) -> Iterator[list[socket.socket]]:
    """FLOOD connections that each send a request line, then one header line per round,
    never finishing; bounded: they stop when the block ends, or after 60 s at most."""
    address = _address(url)
    sockets = [socket.create_connection(address, timeout=10) for _ in range(FLOOD)]
    stop = threading.Event()

    def dribble() -> None:
        for sock in sockets:
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {address[0]}\r\n".encode())
        deadline = time.monotonic() + 60
        line = 0
        while not stop.is_set() and time.monotonic() < deadline:
            for sock in sockets:
                with contextlib.suppress(OSError):  # the server may close it: allowed
                    sock.sendall(f"X-Slow-{line}: a\r\n".encode())
            line += 1
            stop.wait(0.5)  # pacing of the flood itself, not a wait for the server

    sender = threading.Thread(target=dribble, daemon=True)
    sender.start()
    try:
        yield sockets
    finally:
        stop.set()
        sender.join(timeout=30)
        for sock in sockets:
            sock.close()


def declared_too_large(url: str, path: str, extra: str = "") -> tuple[str, float]:
    """Headers announcing a 300 MiB body and no body at all: the reply's status line, and how
    long it took (the server must answer from Content-Length, not wait for the body)."""
    started = time.monotonic()
    with socket.create_connection(_address(url), timeout=GENUINE_BOUND) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n{extra}"
            f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode()
        )
        status = sock.makefile("rb").readline().decode()
    return status, time.monotonic() - started


def chunked_over_cap(url: str, path: str) -> str:
    """A chunked body that grows past 1 MiB: the status line of the reply, which must come
    while the body is still being sent."""
    with socket.create_connection(_address(url), timeout=GENUINE_BOUND) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
        try:
            for _ in range(64):  # 4 MiB at most
                sock.sendall(chunk)
        except OSError:
            pass  # refused and closed while sending: the reply is waiting
        return sock.makefile("rb").readline().decode()


def signed_delivery() -> tuple[bytes, dict[str, str]]:
    body = (
        b'{"id": "evt-genuine", "type": "whatsapp.received", "api_version": "2", '
        b'"created_at": "2025-10-09T08:53:20Z", "occurred_at": "2025-10-09T08:53:19Z", '
        b'"data": {"guid": "g", "from": "32470123456", "message": "hi"}}'
    )
    headers = {"Content-Type": "application/json", **signed_headers(body, SECRET)}
    return body, headers


def test_gateway_serves_a_genuine_caller_through_a_slow_flood(
    gateway_url: str, sandbox: RunningSandbox
) -> None:
    with slow_flood(gateway_url, "/soap"):
        started = time.monotonic()
        health = httpx.get(f"{gateway_url}/healthz", timeout=GENUINE_BOUND)
        wsdl = httpx.get(f"{gateway_url}/soap?wsdl", timeout=GENUINE_BOUND)
        elapsed = time.monotonic() - started
    assert (health.status_code, wsdl.status_code) == (200, 200)
    assert health.headers["server"] == "smsmobile-gateway"
    assert elapsed < GENUINE_BOUND


def test_webhook_serve_takes_a_genuine_delivery_through_a_slow_flood(webhook_url: str) -> None:
    body, headers = signed_delivery()
    with slow_flood(webhook_url, "/"):
        started = time.monotonic()
        reply = httpx.post(f"{webhook_url}/", content=body, headers=headers, timeout=GENUINE_BOUND)
        elapsed = time.monotonic() - started
    assert reply.status_code == 202, reply.text
    assert reply.headers["server"] == "smsmobile-webhooks"
    assert elapsed < GENUINE_BOUND


@pytest.mark.parametrize("target", ["gateway", "webhook"])
def test_a_declared_huge_body_is_refused_at_once(
    target: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{target}_url")
    path = "/soap" if target == "gateway" else "/"
    status, elapsed = declared_too_large(url, path)
    assert status.startswith("HTTP/1.1 413"), status
    assert elapsed < GENUINE_BOUND


@pytest.mark.parametrize("target", ["gateway", "webhook"])
def test_a_chunked_body_over_the_cap_is_refused_while_read(
    target: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{target}_url")
    status = chunked_over_cap(url, "/soap" if target == "gateway" else "/")
    assert status.startswith("HTTP/1.1 413"), status


def test_a_body_at_the_cap_is_still_read_by_the_gateway(gateway_url: str) -> None:
    body = b"<x>" + b"a" * (1024 * 1024 - 7) + b"</x>"
    assert len(body) == 1024 * 1024
    reply = httpx.post(
        f"{gateway_url}/soap", content=body, headers={"Content-Type": "text/xml"}, timeout=30
    )
    assert reply.status_code != 413  # taken, then refused as not a SOAP envelope
    assert "ServiceFault" in reply.text
