"""A gateway builds its upstream TLS context once, not once per upstream client.

A pass-through gateway makes a client for every API key it has not yet seen accepted (any
caller can send one); loading the CA bundle for each cost tens of ms of CPU per such request.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest

from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

TNS = "urn:smsmobile:whatsapp:v1"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"


def _send_envelope(api_key: str) -> bytes:
    fields = {"apikey": api_key, "recipients": "+32470000001", "message": "hi"}
    inner = "".join(f"<t:{name}>{escape(value)}</t:{name}>" for name, value in fields.items())
    return (
        f'<soap:Envelope xmlns:soap="{SOAP11}" xmlns:t="{TNS}"><soap:Body>'
        f"<t:SendWhatsAppRequest>{inner}</t:SendWhatsAppRequest></soap:Body></soap:Envelope>"
    ).encode()


@pytest.fixture
def caller() -> Iterator[httpx.Client]:
    """The SOAP caller's client, made before the counting starts (it has a context too)."""
    with httpx.Client(timeout=30) as client:
        yield client


@pytest.fixture
def ca_loads(caller: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per CA bundle load by any TLS context made from now on (the stdlib's)."""
    loads: list[int] = []
    lock = threading.Lock()
    original = ssl.SSLContext.load_verify_locations

    def counted(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        with lock:
            loads.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    return loads


def _gateway(upstream: str) -> Iterator[str]:
    server = serve(make_gateway_app(upstream, timeout=5))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture
def http_gateway(sandbox: RunningSandbox, ca_loads: list[int]) -> Iterator[str]:
    yield from _gateway(sandbox.url)


@pytest.fixture
def https_gateway(ca_loads: list[int]) -> Iterator[str]:
    yield from _gateway("https://127.0.0.1:9")  # discard port: nothing listens


def _post(caller: httpx.Client, url: str, api_key: str) -> httpx.Response:
    return caller.post(
        f"{url}/soap",
        content=_send_envelope(api_key),
        headers={"Content-Type": "text/xml; charset=utf-8"},
    )


def test_an_http_upstream_loads_no_ca_bundle_for_new_keys(
    http_gateway: str, caller: httpx.Client, ca_loads: list[int]
) -> None:
    replies = [_post(caller, http_gateway, f"unknown-key-{n}") for n in range(3)]
    assert [reply.status_code for reply in replies] == [500, 500, 500]  # refused upstream
    assert all(b"upstream refused the credentials" in reply.content for reply in replies)
    assert ca_loads == []


def test_an_https_upstream_loads_the_ca_bundle_once_for_all_clients(
    https_gateway: str, caller: httpx.Client, ca_loads: list[int]
) -> None:
    assert len(ca_loads) == 1  # the gateway's one context, built at start
    replies = [_post(caller, https_gateway, f"caller-key-{n}") for n in range(3)]
    assert all(b"upstream unreachable" in reply.content for reply in replies)
    assert len(ca_loads) == 1
