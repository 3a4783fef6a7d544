"""Issue 26: a peer that drips its status line and headers one byte per second cannot hold a
synchronous call past its deadline: REST, SOAP, the token fetch on both, and the gateway's
upstream calls all end by `total` (plus at most one `read`), as the right error.

Before the bounded HTTP stack (`transports/bounded_http.py`) each of these lasted as long as
the head took to arrive (over a minute here), and REST's read was a bare `TransportError`."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RequestTimeout,
    RetryPolicy,
    Timeouts,
    WhatsApp,
)
from smsmobile.gateway import make_gateway_app, serve

from .support import HostileServer, drip_head, hostile_server

ONE_ATTEMPT = RetryPolicy(attempts=1)
SHORT = Timeouts(connect=2, read=2, total=3)
BOUND = SHORT.total_seconds + SHORT.read + 1  # what the issue allows: total + read + 1 s
KEY = "header-drip-test-key-0123456789"
TNS = "urn:smsmobile:whatsapp:v1"


@contextmanager
def dripping_head() -> Iterator[HostileServer]:
    with hostile_server(drip_head(b'{"error": 0}', 1.0)) as api:
        yield api


def call(wa: WhatsApp, kind: str) -> None:
    if kind == "send":
        wa.send("32470123456", "hello")
    else:
        wa.check_number("32470123456")


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("kind", ["read", "send"])
def test_a_dripped_head_ends_at_the_deadline(transport: str, kind: str) -> None:
    with (
        dripping_head() as api,
        WhatsApp(
            auth=ApiKey(KEY),
            base_url=api.url,
            transport=transport,
            timeout=SHORT,
            retry=ONE_ATTEMPT,
        ) as wa,
    ):
        started = time.monotonic()
        with pytest.raises(RequestTimeout if kind == "read" else OutcomeUnknown) as ended:
            call(wa, kind)
        elapsed = time.monotonic() - started

    error = ended.value.cause if isinstance(ended.value, OutcomeUnknown) else ended.value
    assert type(error) is RequestTimeout, repr(error)
    assert "3 s deadline" in str(error)
    assert elapsed < BOUND, elapsed
    assert len(api.requests) == 1


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_a_token_endpoint_dripping_its_head_ends_at_the_deadline(transport: str) -> None:
    with (
        dripping_head() as api,
        WhatsApp(
            auth=OAuth2ClientCredentials("drip-client", "drip-secret-0123456789"),
            base_url=api.url,
            transport=transport,
            timeout=SHORT,
            retry=ONE_ATTEMPT,
        ) as wa,
    ):
        started = time.monotonic()
        with pytest.raises(RequestTimeout) as ended:
            wa.send("32470123456", "hello")
        elapsed = time.monotonic() - started

    assert type(ended.value) is RequestTimeout
    assert ended.value.before_request  # the send never left: no unknown outcome
    assert [r.path for r in api.requests] == ["/oauth2/token"]
    assert elapsed < BOUND, elapsed


def test_the_gateway_answers_a_timeout_fault_when_its_upstream_drips_its_head() -> None:
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<soap:Body><CheckNumberRequest xmlns="{TNS}"><apikey>{KEY}</apikey>'
        "<recipients>32470123456</recipients></CheckNumberRequest></soap:Body></soap:Envelope>"
    )
    with dripping_head() as upstream:
        server = serve(make_gateway_app(upstream.url, timeout=SHORT, retry=ONE_ATTEMPT))
        server.start()
        try:
            started = time.monotonic()
            reply = httpx.post(
                f"{server.url}/soap",
                content=envelope,
                headers={"Content-Type": "text/xml"},
                timeout=60,
            )
            elapsed = time.monotonic() - started
        finally:
            server.close()

    found = re.search(r"<tns:code>([^<]*)</tns:code>", reply.text)
    assert found is not None and found.group(1) == "504", reply.text
    assert "timed out" in reply.text
    assert elapsed < BOUND, elapsed
    assert [r.path for r in upstream.requests] == ["/check-number"] or len(upstream.requests) == 1


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_the_async_client_stays_bounded(transport: str) -> None:
    async def run(url: str) -> float:
        async with AsyncWhatsApp(
            auth=ApiKey(KEY), base_url=url, transport=transport, timeout=SHORT, retry=ONE_ATTEMPT
        ) as wa:
            started = time.monotonic()
            with pytest.raises(RequestTimeout):
                await wa.check_number("32470123456")
            return time.monotonic() - started

    with dripping_head() as api:
        elapsed = asyncio.run(run(api.url))
    assert elapsed < BOUND, elapsed
