"""Replies the sandbox never sends, over REST: oversized, endless, compressed past the cap,
hostile nesting, and the tolerant spellings of an inbound message."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from smsmobile import (
    ApiKey,
    InboundMessage,
    MalformedReply,
    OutcomeUnknown,
    RetryPolicy,
    WhatsApp,
)
from smsmobile.transports.base import MAX_REPLY_BYTES

Reply = Callable[[BaseHTTPRequestHandler], None]
ONE_ATTEMPT = RetryPolicy(attempts=1)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up on a refused reply is expected here


@contextmanager
def replying(reply: Reply) -> Iterator[WhatsApp]:
    """A REST client of a local server that answers every GET and POST with `reply`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with suppress(OSError):  # the client hung up, as it should on a refused reply
                reply(self)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        with WhatsApp(auth=ApiKey("replies-key"), base_url=url, retry=ONE_ATTEMPT, timeout=5) as wa:
            yield wa
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def body(data: bytes, *headers: tuple[str, str]) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        for name, value in headers:
            handler.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply


def json_body(data: object) -> Reply:
    return body(json.dumps(data).encode())


# -- the size cap ------------------------------------------------------------------------------


def test_a_declared_length_over_the_cap_is_refused_before_the_body_arrives() -> None:
    started = threading.Event()

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(MAX_REPLY_BYTES + 1))
        handler.end_headers()
        handler.wfile.write(b"[")
        handler.wfile.flush()
        started.set()
        time.sleep(3)  # the rest never comes in time: only the header can have refused it

    with replying(reply) as wa:
        began = time.monotonic()
        with pytest.raises(MalformedReply, match=f"larger than {MAX_REPLY_BYTES} bytes"):
            wa.fetch_page()
        assert time.monotonic() - began < 2
    assert started.is_set()


def test_an_endless_chunked_reply_is_stopped_at_the_cap_in_bounded_memory() -> None:
    chunk = b" " * 65536
    sent = []

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in range(20 * MAX_REPLY_BYTES // len(chunk)):  # 20 times the cap, if read whole
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent.append(len(chunk))
        handler.wfile.write(b"0\r\n\r\n")

    with replying(reply) as wa:
        tracemalloc.start()
        try:
            with pytest.raises(MalformedReply, match="larger than"):
                wa.check_number("32470123456")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak < 3 * MAX_REPLY_BYTES
    assert sum(sent) < 20 * MAX_REPLY_BYTES  # the client hung up instead of reading it all


def test_a_small_gzip_body_that_inflates_past_the_cap_is_refused() -> None:
    packed = gzip.compress(b" " * (MAX_REPLY_BYTES + 1) + b"{}")
    assert len(packed) < MAX_REPLY_BYTES // 100

    with (
        replying(body(packed, ("Content-Encoding", "gzip"))) as wa,
        pytest.raises(MalformedReply, match="larger than"),
    ):
        wa.synchronize()


def test_a_reply_just_under_the_cap_is_read() -> None:
    one = {"guid": "g", "timestamp": "1700000000", "number": "32470123456", "message": "m" * 200}
    count = (MAX_REPLY_BYTES - 1024) // (len(json.dumps(one)) + 10)
    page = json.dumps([dict(one, guid=f"g{i:08d}") for i in range(count)]).encode()
    assert MAX_REPLY_BYTES - 64 * 1024 < len(page) <= MAX_REPLY_BYTES

    with replying(body(page)) as wa:
        assert len(wa.fetch_page()) == count


def test_a_send_whose_reply_is_over_the_cap_has_an_unknown_outcome() -> None:
    with (
        replying(json_body({"result": {"id": "g1", "note": "n" * MAX_REPLY_BYTES}})) as wa,
        pytest.raises(OutcomeUnknown) as unknown,
    ):
        wa.send("32470123456", "hi")

    assert isinstance(unknown.value.cause, MalformedReply)


def test_the_connection_is_kept_alive_between_replies_under_the_cap() -> None:
    ports: set[int] = set()

    def reply(handler: BaseHTTPRequestHandler) -> None:
        ports.add(handler.client_address[1])
        json_body({"error": "0", "whatsapp": "1"})(handler)

    with replying(reply) as wa:
        for _ in range(3):
            assert wa.check_number("32470123456").on_whatsapp

    assert len(ports) == 1


# -- hostile shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        b"[" * 5000,
        b'{"error": 0, "messages": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        json.dumps({"guid": "g", "timestamp": str(10**20)}).encode(),
        json.dumps({"guid": "g", "timestamp": 10**12}).encode(),
    ],
    ids=["nested-arrays", "nested-messages", "timestamp-overflow", "timestamp-year-out-of-range"],
)
def test_an_unreadable_inbox_page_is_malformed(reply: bytes) -> None:
    with replying(body(reply)) as wa, pytest.raises(MalformedReply):
        wa.fetch_page()


def test_messages_wrapped_hundreds_deep_are_malformed_not_a_crash() -> None:
    depth = 900  # under json's own limit, deep enough for the reader's recursion
    page = '{"messages": ' * depth + '{"guid": "g", "timestamp": "1"}' + "}" * depth

    with replying(body(page.encode())) as wa:
        try:
            found = wa.fetch_page()
        except MalformedReply:
            return
    assert [message.guid for message in found] == ["g"]


# -- tolerant reading of inbound messages ------------------------------------------------------

PLAIN: dict[str, Any] = {
    "guid": "g1",
    "timestamp": "1741692420",
    "date": "2025-03-11",
    "hour": "11:27:00",
    "number": "19176728660",
    "contact": "Smsmobileapi",
    "message": "When will I receive my order?",
    "more": {"auto_reply": "1", "transfert_to_email": "0", "chatgpt_reply": "1"},
}
EXPECTED = {
    "guid": "g1",
    "number": "19176728660",
    "contact": "Smsmobileapi",
    "text": "When will I receive my order?",
    "received_at": dt.datetime(2025, 3, 11, 11, 27, tzinfo=dt.UTC),
    "auto_reply": (True, False, True),
}


def _seen(message: InboundMessage) -> dict[str, object]:
    flags = message.auto_reply
    return {
        "guid": message.guid,
        "number": message.number,
        "contact": message.contact,
        "text": message.text,
        "received_at": message.received_at,
        "auto_reply": None
        if flags is None
        else (flags.auto_reply, flags.forwarded_to_email, flags.chatgpt_reply),
    }


def _spaced(data: Mapping[str, Any]) -> dict[str, Any]:
    return {f" {key} ": value for key, value in data.items()}


@pytest.mark.parametrize(
    "item",
    [
        PLAIN,
        _spaced(PLAIN),
        dict(PLAIN, more=_spaced(PLAIN["more"])),
        dict(PLAIN, more={"auto_reply": 1, "transfer_to_email": "no", "chatgpt_reply": " Yes "}),
        dict(PLAIN, more={"auto_reply": True, "transfert_to_email": False, "chatgpt_reply": "y"}),
        dict(PLAIN, timestamp=" 1741692420 "),
        dict(PLAIN, timestamp=1741692420),
        dict(PLAIN, timestamp="1741692420.0"),
        {k: v for k, v in PLAIN.items() if k != "timestamp"},
        dict(PLAIN, guid=" g1 ", number=19176728660),
        dict(PLAIN, id="m-1", type="text", chatgpt=None),
        dict(PLAIN, more=dict(PLAIN["more"], note="forwarded later")),
        dict(PLAIN, more={"auto_reply": "1", "transfert_to_email": " 0", "chatgpt_reply": "1"}),
        {" guid": "g1", **{k: v for k, v in PLAIN.items() if k != "guid"}},
    ],
    ids=[
        "plain",
        "spaced-keys",
        "spaced-flag-keys",
        "other-flag-spellings",
        "boolean-flags",
        "spaced-timestamp",
        "number-timestamp",
        "decimal-timestamp",
        "date-and-hour",
        "spaced-guid-numeric-number",
        "unknown-keys",
        "unknown-flag-key",
        "spaced-flag-value",
        "one-spaced-key",
    ],
)
def test_every_spelling_of_an_inbound_message_reads_the_same(item: dict[str, object]) -> None:
    with replying(json_body([item, dict(PLAIN, guid="g2")])) as wa:
        first, second = wa.fetch_page()

    assert _seen(first) == EXPECTED
    assert _seen(second) == dict(EXPECTED, guid="g2")


def test_a_chatgpt_reply_under_a_spaced_key_is_read() -> None:
    chatgpt = {"response": "Tomorrow.", "total_tokens": "910", "total_tokens_cost": "0.182"}
    with replying(json_body([dict(PLAIN, **{" chatgpt ": chatgpt}), PLAIN])) as wa:
        spaced, plain = wa.fetch_page()

    assert spaced.chatgpt is not None
    assert (spaced.chatgpt.response, spaced.chatgpt.total_tokens) == ("Tomorrow.", 910)
    assert plain.chatgpt is None


def test_an_inbound_message_is_a_frozen_value_like_one_built_by_hand() -> None:
    with replying(json_body([PLAIN])) as wa:
        [message] = wa.fetch_page()

    by_hand = InboundMessage(
        guid="g1",
        number="19176728660",
        contact="Smsmobileapi",
        text="When will I receive my order?",
        received_at=dt.datetime(2025, 3, 11, 11, 27, tzinfo=dt.UTC),
        auto_reply=message.auto_reply,
    )
    assert message == by_hand
    assert hash(message) == hash(by_hand)
    assert repr(message) == repr(by_hand)
    assert dataclasses.replace(message, text="other").text == "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "changed"  # type: ignore[misc]


def test_an_inbound_message_without_flags_has_none() -> None:
    item = {k: v for k, v in PLAIN.items() if k != "more"}
    with replying(json_body({"messages": [item, dict(item, more={})]})) as wa:
        first, second = wa.fetch_page()

    assert first.auto_reply is None and second.auto_reply is None


@pytest.mark.parametrize(
    "more",
    [{"auto_reply": "maybe"}, {"auto_reply": ["1"]}, {"auto_reply": 2}],
    ids=["word", "list", "number"],
)
def test_an_unreadable_flag_is_malformed(more: dict[str, object]) -> None:
    with replying(json_body([dict(PLAIN, more=more)])) as wa, pytest.raises(MalformedReply):
        wa.fetch_page()
