"""A timeout bounds the call: a reply dripped a byte at a time ends at the attempt's deadline
(`Timeouts.total`), and a peer silent after its headers is a `RequestTimeout`, on both transports
and for the token fetch. Bounds are generous: the machine may be busy."""

from __future__ import annotations

import time

import pytest

from smsmobile import (
    ApiKey,
    InvalidRequest,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RequestTimeout,
    RetryPolicy,
    Timeouts,
    WhatsApp,
)

from .support import drip, hostile_server, silent_after_headers

ONE_ATTEMPT = RetryPolicy(attempts=1)
SHORT = Timeouts(connect=2, read=2, total=3)
SLACK = 5.0  # over the deadline: one read timeout plus a busy machine
KEY = "deadline-test-key-0123456789"
# 60 bytes at 0.5 s each: 30 s, far past the 3 s deadline, while every read gets data in time.
DRIPPED_JSON = b'{"error": 0, "exists": "yes", "padding": "' + b"p" * 14 + b'"}'
DRIPPED_XML = b"<soap:Envelope>" + b"x" * 45


def test_the_default_deadline_is_connect_plus_read_plus_a_margin() -> None:
    assert Timeouts(connect=5, read=30).total_seconds == 40
    assert Timeouts(connect=1, read=2, total=7).total_seconds == 7
    with pytest.raises(InvalidRequest):
        WhatsApp(auth=ApiKey(KEY), timeout=Timeouts(total=0))


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("call", ["read", "send"])
def test_a_dripped_reply_ends_at_the_deadline(transport: str, call: str) -> None:
    body = DRIPPED_XML if transport == "soap" else DRIPPED_JSON
    with (
        hostile_server(drip(body, 0.5)) as api,
        WhatsApp(
            auth=ApiKey(KEY),
            base_url=api.url,
            transport=transport,
            timeout=SHORT,
            retry=ONE_ATTEMPT,
        ) as wa,
    ):
        started = time.monotonic()
        with pytest.raises(RequestTimeout if call == "read" else OutcomeUnknown) as ended:
            if call == "send":
                wa.send("32470123456", "hello")
            else:
                wa.check_number("32470123456")
        elapsed = time.monotonic() - started

    error = ended.value.cause if isinstance(ended.value, OutcomeUnknown) else ended.value
    assert isinstance(error, RequestTimeout)
    assert "3 s deadline" in str(error)
    assert elapsed < SHORT.total_seconds + SLACK


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("call", ["read", "send"])
def test_a_peer_silent_after_its_headers_is_a_request_timeout(transport: str, call: str) -> None:
    content_type = "text/xml" if transport == "soap" else "application/json"
    with (
        hostile_server(silent_after_headers(content_type=content_type)) as api,
        WhatsApp(
            auth=ApiKey(KEY),
            base_url=api.url,
            transport=transport,
            timeout=SHORT,
            retry=ONE_ATTEMPT,
        ) as wa,
    ):
        started = time.monotonic()
        with pytest.raises(RequestTimeout if call == "read" else OutcomeUnknown) as ended:
            if call == "send":
                wa.send("32470123456", "hello")
            else:
                wa.check_number("32470123456")
        elapsed = time.monotonic() - started

    if isinstance(ended.value, OutcomeUnknown):
        assert isinstance(ended.value.cause, RequestTimeout)
    assert elapsed < SHORT.total_seconds + SLACK


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("reply", ["drip", "silent"])
def test_a_slow_token_endpoint_ends_at_the_deadline(transport: str, reply: str) -> None:
    respond = (
        drip(b'{"access_token": "t' + b"0" * 40 + b'", "expires_in": 60}', 0.5)
        if reply == "drip"
        else silent_after_headers()
    )
    with (
        hostile_server(respond) as api,
        WhatsApp(
            auth=OAuth2ClientCredentials("deadline-client", "deadline-secret-0123456789"),
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

    assert ended.value.before_request  # the send never left: no unknown outcome
    assert [r.path for r in api.requests] == ["/oauth2/token"]
    assert elapsed < SHORT.total_seconds + SLACK
