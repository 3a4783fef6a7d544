"""The one SIGTERM helper and the one JSON encoder, as the commands use them."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from decimal import Decimal

import pytest

from smsmobile import AutoReplyFlags, ChatGptReply, InboundMessage
from smsmobile._json import message_document, to_json
from smsmobile._signals import on_signals, sigterm_as_interrupt


def test_sigterm_runs_the_action_inside_the_block_and_the_old_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    stop = threading.Event()
    with on_signals(stop.set, (signal.SIGINT, signal.SIGTERM)):
        signal.raise_signal(signal.SIGTERM)
        assert stop.is_set()
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_as_interrupt_is_ctrl_c() -> None:
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        signal.raise_signal(signal.SIGTERM)


def test_outside_the_main_thread_no_handler_is_installed() -> None:
    errors: list[BaseException] = []
    installed: list[object] = []

    def run() -> None:
        try:
            with on_signals(lambda: None):
                installed.append(signal.getsignal(signal.SIGTERM))
        except BaseException as error:  # signal.signal would raise ValueError here
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=30)
    assert errors == []
    assert installed == [signal.getsignal(signal.SIGTERM)]


def test_an_inbound_message_as_json() -> None:
    received = dt.datetime(2025, 3, 11, 9, 30, tzinfo=dt.UTC)
    message = InboundMessage(
        guid="g-1",
        number="32470123456",
        contact="Ann",
        text="hi",
        received_at=received,
        auto_reply=AutoReplyFlags(auto_reply=True, forwarded_to_email=False, chatgpt_reply=True),
        chatgpt=ChatGptReply("ok", 1, 2, 3, Decimal("0.0001")),
    )
    assert message_document(message) == {
        "guid": "g-1",
        "number": "32470123456",
        "contact": "Ann",
        "text": "hi",
        "received_at": "2025-03-11T09:30:00Z",  # the one time format
        "timestamp": int(received.timestamp()),
        "auto_reply": {"auto_reply": True, "forwarded_to_email": False, "chatgpt_reply": True},
        "chatgpt": {
            "response": "ok",
            "prompt_tokens": 1,
            "completion_tokens": 2,
            "total_tokens": 3,
            "cost": "0.0001",
        },
    }
    bare = InboundMessage("g-2", "1", "", "", received)
    assert "auto_reply" not in message_document(bare)
    assert to_json([bare])[0]["auto_reply"] is None
