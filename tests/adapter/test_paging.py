"""Paging back with `before` loses no message that shares a second with others (issue 12.1)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from fake_wire import ExchangeByMethods

from smsmobile import InboundMessage, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

START = 1_741_694_400  # 2025-03-11 12:00:00 UTC
#: 121 messages over 4 seconds, newest second first; 54 share one second.
SECONDS = ((START + 30, 20), (START + 20, 54), (START + 10, 30), (START, 17))


def _inject(sandbox: RunningSandbox, audio_every: int = 0) -> list[str]:
    guids = []
    for second, count in reversed(SECONDS):
        for i in range(count):
            kind = "audio" if audio_every and i % audio_every == 0 else "text"
            guids.append(
                sandbox.control.inject_inbound(
                    number="33612345678", message=f"{second}/{i}", message_type=kind,
                    timestamp=second,
                )["guid"]
            )  # fmt: skip
    return guids


def test_121_messages_over_4_seconds_come_back_each_once(
    sandbox: RunningSandbox, inbox: WhatsApp, caplog: pytest.LogCaptureFixture
) -> None:
    guids = _inject(sandbox, audio_every=3)  # voice messages among the texts of every second
    assert sandbox.control.faults()["page_size"] == 50

    with caplog.at_level(logging.WARNING, logger="smsmobile"):
        received = [m.guid for m in inbox.messages()]

    assert len(received) == 121 and sorted(received) == sorted(guids)
    timestamps = [m.timestamp for m in inbox.messages()]
    assert timestamps == sorted(timestamps, reverse=True)  # still newest first
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_second_fuller_than_a_page_is_a_warning_naming_it(
    sandbox: RunningSandbox, inbox: WhatsApp, caplog: pytest.LogCaptureFixture
) -> None:
    """54 texts in one second, 50 to a page: 4 cannot be reached by any `before`; all the
    others come back once, and the loss is said, with the timestamp."""
    guids = _inject(sandbox)

    with caplog.at_level(logging.WARNING, logger="smsmobile"):
        received = [m.guid for m in inbox.messages()]

    assert len(received) == len(set(received)) == 117 and set(received) <= set(guids)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(str(START + 20) in text for text in warnings)


# -- the paging logic against a fake transport (fast, no HTTP) ---------------------------------


class _SecondsInbox(ExchangeByMethods):
    """A transport paging as the service does: newest first, `before` strictly older, at most
    `page_size` per reply, ties in a fixed order. It records each request."""

    name = "fake"

    def __init__(self, seconds: list[tuple[int, int, str]], page_size: int) -> None:
        self.page_size = page_size
        self.inbox = [
            (InboundMessage(f"{second}-{kind}-{i}", "33612345678", "", "", _at(second)), kind)
            for second, count, kind in seconds
            for i in range(count)
        ]
        self.requests: list[tuple[int | None, str | None]] = []

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: str | None = None,
    ) -> list[InboundMessage]:
        self.requests.append((before, message_type))
        found = [
            message
            for message, kind in self.inbox
            if (before is None or message.timestamp < before) and message_type in (None, kind)
        ]
        found.sort(key=lambda message: message.timestamp, reverse=True)
        return found[: self.page_size]

    def close(self) -> None:
        pass


def _at(second: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(second, dt.UTC)


def test_every_message_once_across_shared_seconds() -> None:
    fake = _SecondsInbox([(30, 2, "text"), (20, 4, "text"), (10, 3, "text")], page_size=5)

    received = [m.guid for m in WhatsApp(transport=fake).messages()]

    assert len(received) == len(set(received)) == 9
    assert [int(g.split("-")[0]) for g in received] == [30, 30, 20, 20, 20, 20, 10, 10, 10]
    assert fake.requests[:2] == [(None, None), (21, None)]  # oldest + 1: the rest of second 20


def test_a_first_page_of_one_second_is_proven_full_by_an_older_page() -> None:
    """The first page is one second, so the page size is unknown until an older message
    shows the service cut it: then that second is read again per message type."""
    fake = _SecondsInbox([(20, 2, "text"), (20, 2, "audio"), (10, 1, "text")], page_size=3)

    with_logs = WhatsApp(transport=fake)
    received = [m.guid for m in with_logs.messages()]

    assert sorted(received) == sorted(m.guid for m, _ in fake.inbox)
    assert len(received) == 5 and received[-1].startswith("10-")
    assert (21, "text") in fake.requests and (21, "audio") in fake.requests


def test_few_messages_in_one_second_page_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = _SecondsInbox([(20, 3, "text")], page_size=50)

    with caplog.at_level(logging.WARNING, logger="smsmobile"):
        received = list(WhatsApp(transport=fake).messages())

    assert len(received) == 3
    assert fake.requests == [(None, None), (21, None), (20, None)]
    assert not caplog.records


def test_an_overfull_second_filtered_by_type_is_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = _SecondsInbox([(30, 1, "text"), (20, 5, "text"), (10, 1, "text")], page_size=3)

    with caplog.at_level(logging.WARNING, logger="smsmobile"):
        received = [m.guid for m in WhatsApp(transport=fake).messages(message_type="text")]

    assert len(received) == len(set(received)) == 5  # 2 of second 20 cannot be reached
    assert received[-1] == "10-text-0"
    assert any("timestamp 20" in r.getMessage() for r in caplog.records)


def test_a_page_shorter_than_the_known_page_size_is_the_last() -> None:
    """Once the service has cut a page short, a shorter page holds everything older than
    `before`: no request after it (it used to take two more, re-reading the oldest second)."""
    fake = _SecondsInbox([(second, 1, "text") for second in range(120, 0, -10)], page_size=5)

    received = [m.timestamp for m in WhatsApp(transport=fake).messages()]

    assert received == list(range(120, 0, -10))
    assert fake.requests == [(None, None), (81, None), (41, None)]
