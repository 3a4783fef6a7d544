"""Decompression bombs: a small gzip or deflate reply that inflates past MAX_REPLY_BYTES, or a
stack of encodings, is `MalformedReply` while it is read, in bounded memory (REST, SOAP, the
token fetch and the gateway's upstream reads)."""

from __future__ import annotations

import functools
import gzip
import json
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from smsmobile import (
    ApiKey,
    MalformedReply,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RetryPolicy,
    WhatsApp,
)
from smsmobile._reply_body import read_body
from smsmobile.gateway import make_gateway_app
from smsmobile.transports.base import MAX_REPLY_BYTES
from smsmobile_sandbox import serve

from .support import HostileServer, answer, hostile_server

ONE_ATTEMPT = RetryPolicy(attempts=1)
INFLATED = 64 * 1024 * 1024  # what the bomb would become: 16 times the cap
PEAK_LIMIT = 3 * MAX_REPLY_BYTES  # the cap, its copy on join, and change


@functools.cache
def _zeros_gzip() -> bytes:
    return gzip.compress(b"\0" * INFLATED, compresslevel=9)


@functools.cache
def _zeros_deflate() -> bytes:
    return zlib.compress(b"\0" * INFLATED, 9)


def _bomb(encoding: str) -> tuple[bytes, str]:
    if encoding == "gzip":
        return _zeros_gzip(), "gzip"
    if encoding == "deflate":
        return _zeros_deflate(), "deflate"
    # two layers: a few KB that would be 64 MB after the second
    return gzip.compress(_zeros_gzip()), "gzip, gzip"


@contextmanager
def _peak_memory() -> Iterator[list[int]]:
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _call(wa: WhatsApp, call: str) -> Callable[[], object]:
    if call == "send":
        return lambda: wa.send("32470123456", "hello")
    return lambda: wa.check_number("32470123456")


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "stacked"])
@pytest.mark.parametrize("call", ["read", "send"])
def test_a_compressed_reply_is_capped_once_inflated(
    transport: str, encoding: str, call: str
) -> None:
    body, content_encoding = _bomb(encoding)
    content_type = "text/xml; charset=utf-8" if transport == "soap" else "application/json"
    respond = answer(
        body, content_type=content_type, headers={"Content-Encoding": content_encoding}
    )
    with (
        hostile_server(respond) as api,
        WhatsApp(
            auth=ApiKey("bomb-test-key-0123456789"),
            base_url=api.url,
            transport=transport,
            retry=ONE_ATTEMPT,
        ) as wa,
        _peak_memory() as peak,
        pytest.raises(MalformedReply if call == "read" else OutcomeUnknown) as refused,
    ):
        _call(wa, call)()

    error = refused.value.cause if isinstance(refused.value, OutcomeUnknown) else refused.value
    assert isinstance(error, MalformedReply)
    if encoding == "stacked":
        assert "stacked" in str(error)
    else:
        assert f"larger than {MAX_REPLY_BYTES} bytes" in str(error)
    assert peak[0] < PEAK_LIMIT, f"peak {peak[0] / 2**20:.0f} MiB"


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_a_small_compressed_reply_is_still_read(transport: str) -> None:
    if transport == "rest":
        plain, content_type = json.dumps({"error": 0, "exists": "yes"}).encode(), "application/json"
    else:
        plain = (
            b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            b'<t:CheckNumberResponse xmlns:t="urn:smsmobile:whatsapp:v1"><t:error>0</t:error>'
            b"<t:number>32470123456</t:number><t:whatsapp>1</t:whatsapp>"
            b"</t:CheckNumberResponse></soap:Body></soap:Envelope>"
        )
        content_type = "text/xml; charset=utf-8"
    respond = answer(
        gzip.compress(plain), content_type=content_type, headers={"Content-Encoding": "gzip"}
    )
    with (
        hostile_server(respond) as api,
        WhatsApp(
            auth=ApiKey("bomb-test-key-0123456789"), base_url=api.url, transport=transport
        ) as wa,
    ):
        check = wa.check_number("32470123456")

    assert check.on_whatsapp
    assert api.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("encoding", ["gzip", "stacked"])
def test_a_compressed_token_reply_is_capped_once_inflated(transport: str, encoding: str) -> None:
    body, content_encoding = _bomb(encoding)
    respond = answer(body, headers={"Content-Encoding": content_encoding})
    with (
        hostile_server(respond) as api,
        WhatsApp(
            auth=OAuth2ClientCredentials("bomb-client", "bomb-secret-0123456789"),
            base_url=api.url,
            transport=transport,
            retry=ONE_ATTEMPT,
        ) as wa,
        _peak_memory() as peak,
        pytest.raises(MalformedReply) as refused,
    ):
        wa.send("32470123456", "hello")

    assert refused.value.before_request  # the send never left: no unknown outcome
    assert [r.path for r in api.requests] == ["/oauth2/token"]
    assert peak[0] < PEAK_LIMIT, f"peak {peak[0] / 2**20:.0f} MiB"


def test_the_gateway_refuses_an_inflating_upstream_reply() -> None:
    body, content_encoding = _bomb("gzip")
    envelope = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:t="urn:smsmobile:whatsapp:v1"><soap:Body><t:CheckNumberRequest>'
        b"<t:apikey>bomb-test-key-0123456789</t:apikey><t:recipients>32470123456</t:recipients>"
        b"</t:CheckNumberRequest></soap:Body></soap:Envelope>"
    )
    with hostile_server(answer(body, headers={"Content-Encoding": content_encoding})) as api:
        gateway = serve(make_gateway_app(api.url, retry=ONE_ATTEMPT))
        gateway.start()
        try:
            with _peak_memory() as peak:
                reply = httpx.post(
                    gateway.url + "/soap",
                    content=envelope,
                    headers={
                        "Content-Type": "text/xml; charset=utf-8",
                        "SOAPAction": '"urn:smsmobile:whatsapp:v1#CheckNumber"',
                    },
                    timeout=30,
                )
        finally:
            gateway.close()

    assert reply.status_code in (500, 502), reply.text
    assert f"larger than {MAX_REPLY_BYTES} bytes" in reply.text
    assert len(api.requests) == 1
    assert peak[0] < PEAK_LIMIT, f"peak {peak[0] / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        (None, lambda data: data),
        ("identity", lambda data: data),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, no zlib header
    ],
)
def test_the_encodings_we_ask_for_are_inflated(
    encoding: str | None, encode: Callable[[bytes], bytes]
) -> None:
    plain = b'{"error": 0}' * 1000
    encoded = encode(plain)
    chunks = [encoded[i : i + 7] for i in range(0, len(encoded), 7)]

    assert read_body(chunks, encoding) == plain


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, deflate", "deflate, gzip"])
def test_other_and_stacked_encodings_are_refused(encoding: str) -> None:
    with pytest.raises(MalformedReply):
        read_body([b"anything"], encoding)


def test_exactly_the_cap_is_read_and_one_byte_more_is_not() -> None:
    assert len(read_body([gzip.compress(b"a" * 1000)], "gzip", limit=1000)) == 1000
    with pytest.raises(MalformedReply):
        read_body([gzip.compress(b"a" * 1001)], "gzip", limit=1000)
    with pytest.raises(MalformedReply):
        read_body([b"a" * 600, b"a" * 401], None, limit=1000)


def test_a_compressed_token_reply_within_the_cap_gives_the_token() -> None:
    """The token reply, inflated by us under the cap, reaches requests-oauthlib as the JSON it
    is (not inflated twice, not empty), and the bearer call goes out with that token."""
    token = json.dumps({"access_token": "t-" + "7" * 40, "token_type": "Bearer", "expires_in": 60})
    token_reply = answer(gzip.compress(token.encode()), headers={"Content-Encoding": "gzip"})
    check_reply = answer(json.dumps({"error": 0, "exists": "yes"}).encode())

    def respond(handler: BaseHTTPRequestHandler, server: HostileServer) -> None:
        (token_reply if handler.path.startswith("/oauth2/token") else check_reply)(handler, server)

    with (
        hostile_server(respond) as api,
        WhatsApp(
            auth=OAuth2ClientCredentials("gzip-client", "gzip-secret-0123456789"),
            base_url=api.url,
            retry=ONE_ATTEMPT,
        ) as wa,
    ):
        check = wa.check_number("32470123456")

    assert check.on_whatsapp
    assert [r.path.partition("?")[0] for r in api.requests] == [
        "/oauth2/token",
        "/whatsapp/checknumber/",
    ]
    assert api.requests[1].headers["Authorization"] == "Bearer t-" + "7" * 40
