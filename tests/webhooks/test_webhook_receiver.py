"""WebhookReceiver over real HTTP: waitress on 127.0.0.1, deliveries posted with httpx."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from webhook_support import SECRET, encode, envelope, post_signed

from smsmobile._errors import InvalidRequest
from smsmobile.webhooks import EventIdCache, WebhookEvent, WebhookReceiver, WhatsAppReceived, sign

ServeApp = Callable[[WebhookReceiver], str]


class Recorder:
    """A handler that records events, and can be told to fail or to wait."""

    def __init__(self) -> None:
        self.events: list[WebhookEvent] = []
        self.fail_next = 0
        self.gate: threading.Event | None = None
        self.entered = threading.Event()

    def __call__(self, event: WebhookEvent) -> None:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(timeout=10)
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("database is down")
        self.events.append(event)


@pytest.fixture
def handler() -> Recorder:
    return Recorder()


@pytest.fixture
def url(serve_app: ServeApp, handler: Recorder) -> str:
    return serve_app(WebhookReceiver(SECRET, handler))


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level("INFO", logger="smsmobile.webhooks")
    yield caplog
    assert SECRET not in caplog.text


def test_good_delivery_is_accepted_and_handled_once(
    url: str, http: httpx.Client, handler: Recorder
) -> None:
    document = envelope()
    reply = post_signed(http, url, encode(document))
    assert reply.status_code == 202
    assert reply.headers["content-type"] == "application/json"
    assert reply.json() == {"status": "accepted", "id": document["id"]}
    [event] = handler.events
    assert event.id == document["id"]
    assert isinstance(event.payload, WhatsAppReceived)
    assert event.payload.sender == "32470123456"


def test_redelivery_is_a_duplicate_and_not_handled_again(
    url: str, http: httpx.Client, handler: Recorder
) -> None:
    body = encode(envelope())
    assert post_signed(http, url, body).status_code == 202
    replay = post_signed(http, url, body)  # the very same request again
    assert replay.status_code == 200
    assert replay.json()["status"] == "duplicate"
    resigned = post_signed(http, url, body, timestamp=int(time.time()) + 1)  # a sender retry
    assert resigned.status_code == 200
    assert len(handler.events) == 1


@pytest.mark.parametrize(
    "spoil",
    ["tampered body", "tampered signature", "wrong secret", "no signature", "no timestamp"],
)
def test_unauthentic_deliveries_are_refused_with_401(
    url: str,
    http: httpx.Client,
    handler: Recorder,
    quiet_logs: pytest.LogCaptureFixture,
    spoil: str,
) -> None:
    body = encode(envelope())
    if spoil == "tampered body":  # signed as sent, changed on the way
        reply = post_signed(http, url, body.replace(b"Hello", b"Jello"), replace=_headers_of(body))
    elif spoil == "tampered signature":
        forged = {"X-SMSMobileAPI-Signature": "v1=" + "0" * 64}
        reply = post_signed(http, url, body, replace=forged)
    elif spoil == "wrong secret":
        reply = post_signed(http, url, body, secret="whsec_attacker")
    else:
        headers = _headers_of(body)
        name = "X-SMSMobileAPI-Signature" if spoil == "no signature" else "X-SMSMobileAPI-Timestamp"
        del headers[name]
        reply = http.post(url, content=body, headers=headers)
    assert reply.status_code == 401
    assert reply.json() == {"status": "invalid_signature"}
    assert SECRET not in reply.text
    assert handler.events == []


def _headers_of(body: bytes) -> dict[str, str]:
    now = int(time.time())
    return {
        "X-SMSMobileAPI-Timestamp": str(now),
        "X-SMSMobileAPI-Signature": sign(body, SECRET, now),
    }


@pytest.mark.parametrize("offset", [-301, 301, 3600])
def test_stale_or_future_deliveries_are_refused_with_401(
    serve_app: ServeApp, http: httpx.Client, handler: Recorder, offset: int
) -> None:
    """The receiver's clock is fixed: a loaded machine's second between signing and checking
    must not move a delivery 301 s ahead back inside the 300 s tolerance."""
    now = int(time.time())
    url = serve_app(WebhookReceiver(SECRET, handler, clock=lambda: float(now)))
    reply = post_signed(http, url, encode(envelope()), timestamp=now - offset)
    assert reply.status_code == 401
    assert reply.json() == {"status": "stale"}
    assert handler.events == []


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", encode(envelope(data="x")), encode({"id": "e1", "type": "x"})],
    ids=["not JSON", "array", "data not an object", "no times, no data"],
)
def test_malformed_envelopes_are_refused_with_400(
    url: str, http: httpx.Client, handler: Recorder, body: bytes
) -> None:
    reply = post_signed(http, url, body)
    assert reply.status_code == 400
    assert reply.json()["status"] == "malformed"
    assert handler.events == []


def _oversized() -> bytes:
    return encode(envelope(data={"message": "x" * 1_048_576}))


def test_body_over_one_mebibyte_is_refused_with_413(
    url: str, http: httpx.Client, handler: Recorder
) -> None:
    reply = post_signed(http, url, _oversized())
    assert reply.status_code == 413
    assert reply.json() == {"status": "too_large"}
    assert handler.events == []


def test_chunked_body_over_one_mebibyte_is_refused_with_413(
    url: str, http: httpx.Client, handler: Recorder
) -> None:
    body = _oversized()
    chunks = (body[i : i + 65_536] for i in range(0, len(body), 65_536))
    reply = http.post(url, content=chunks, headers=_headers_of(body))
    assert reply.status_code == 413
    assert handler.events == []


def test_body_of_exactly_max_body_is_read(
    serve_app: ServeApp, http: httpx.Client, handler: Recorder
) -> None:
    body = encode(envelope())
    url = serve_app(WebhookReceiver(SECRET, handler, max_body=len(body)))
    assert post_signed(http, url, body).status_code == 202
    assert post_signed(http, url, body + b" ").status_code == 413


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_anything_but_post_is_405(url: str, http: httpx.Client, method: str) -> None:
    reply = http.request(method, url)
    assert reply.status_code == 405
    assert reply.headers["allow"] == "POST"


def test_handler_failure_is_500_and_the_retry_is_handled(
    url: str, http: httpx.Client, handler: Recorder, quiet_logs: pytest.LogCaptureFixture
) -> None:
    handler.fail_next = 1
    body = encode(envelope())
    failed = post_signed(http, url, body)
    assert failed.status_code == 500
    assert failed.json()["status"] == "error"
    assert "database is down" not in failed.text
    assert "database is down" in quiet_logs.text  # logged for the operator, not sent back
    retried = post_signed(http, url, body)
    assert retried.status_code == 202
    assert len(handler.events) == 1
    assert post_signed(http, url, body).status_code == 200


def test_delivery_of_an_id_being_handled_is_409_so_the_sender_retries(
    url: str, http: httpx.Client, handler: Recorder
) -> None:
    handler.gate = threading.Event()
    body = encode(envelope())
    first: list[httpx.Response] = []
    worker = threading.Thread(target=lambda: first.append(post_signed(http, url, body)))
    worker.start()
    assert handler.entered.wait(timeout=10)
    concurrent = post_signed(http, url, body)
    handler.gate.set()
    worker.join(timeout=10)
    assert concurrent.status_code == 409
    assert concurrent.json()["status"] == "in_progress"
    assert first[0].status_code == 202
    assert len(handler.events) == 1


def test_a_shared_cache_deduplicates_across_receivers(
    serve_app: ServeApp, http: httpx.Client, handler: Recorder
) -> None:
    seen = EventIdCache(max_size=10)
    one = serve_app(WebhookReceiver(SECRET, handler, seen=seen))
    two = serve_app(WebhookReceiver(SECRET, handler, seen=seen))
    body = encode(envelope())
    assert post_signed(http, one, body).status_code == 202
    assert post_signed(http, two, body).status_code == 200
    assert len(handler.events) == 1


def test_tolerance_is_configurable(
    serve_app: ServeApp, http: httpx.Client, handler: Recorder
) -> None:
    url = serve_app(WebhookReceiver(SECRET, handler, tolerance=3600))
    reply = post_signed(http, url, encode(envelope()), timestamp=int(time.time()) - 1800)
    assert reply.status_code == 202


def test_receiver_refuses_an_empty_secret_up_front(handler: Recorder) -> None:
    with pytest.raises(InvalidRequest):
        WebhookReceiver("", handler)
    assert SECRET not in repr(WebhookReceiver(SECRET, handler))


class CountingStream:
    """A wsgi.input with far more bytes than allowed, that counts what the app reads."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.read_total = 0

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        self.read_total += size
        return b"x" * size


@pytest.mark.parametrize("content_length", [None, "", str(10 * 1_048_576)])
def test_an_oversized_body_is_never_read_past_max_body_plus_one(
    handler: Recorder, content_length: str | None
) -> None:
    """Direct WSGI call: servers that pass a body without a Content-Length are bounded too."""
    stream = CountingStream(10 * 1_048_576)
    environ = {"REQUEST_METHOD": "POST", "wsgi.input": stream}
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    statuses: list[str] = []
    WebhookReceiver(SECRET, handler)(environ, lambda status, headers: statuses.append(status))  # type: ignore[arg-type]
    assert statuses == ["413 Request Entity Too Large"]
    assert stream.read_total <= 1_048_576 + 1


def test_an_unreadable_content_length_is_400(handler: Recorder) -> None:
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": "12abc",
        "wsgi.input": CountingStream(12),
    }
    statuses: list[str] = []
    WebhookReceiver(SECRET, handler)(environ, lambda status, headers: statuses.append(status))  # type: ignore[arg-type]
    assert statuses == ["400 Bad Request"]
