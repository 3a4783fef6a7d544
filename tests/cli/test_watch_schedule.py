"""The scheduling of `inbox watch` against a fake transport: no sleeps, the clock injected."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from fake_wire import ExchangeByMethods

from smsmobile import InboundMessage, RetryPolicy, SyncWindow, WhatsApp
from smsmobile._errors import ServiceError
from smsmobile.cli._watch import WatchOptions, watch

NOW = dt.datetime(2025, 3, 11, 12, 0, tzinfo=dt.UTC)


class _ScriptedInbox(ExchangeByMethods):
    """Synchronises (a ten-minute window) and answers each fetch from a script: an exception
    to raise, or the whole inbox (served by `before`, newest first)."""

    name = "scripted"

    def __init__(self, script: list[BaseException | list[InboundMessage]]) -> None:
        self.script = script
        self.inbox: list[InboundMessage] = []
        self.calls: list[str] = []

    def synchronize(self) -> SyncWindow:
        self.calls.append("sync")
        return SyncWindow(expires_at=NOW + dt.timedelta(minutes=10))

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: str | None = None,
    ) -> list[InboundMessage]:
        if before is None and self.script:
            step = self.script.pop(0)
            if isinstance(step, BaseException):
                self.calls.append("fetch: 21")
                raise step
            self.inbox = step
        self.calls.append("fetch")
        return [m for m in self.inbox if before is None or m.timestamp < before]

    def close(self) -> None:
        pass


def _message(guid: str, second: int) -> InboundMessage:
    return InboundMessage(guid, "33612345678", "", guid, NOW + dt.timedelta(seconds=second))


def _closed() -> ServiceError:
    return ServiceError("service error 21: synchronisation required", code="21")


def _run(inbox: _ScriptedInbox, polls: int) -> tuple[list[float], list[str], list[str]]:
    sleeps: list[float] = []
    warnings: list[str] = []
    out = io.StringIO()
    client = WhatsApp(transport=inbox, retry=RetryPolicy(attempts=1))
    watch(
        client,
        WatchOptions(interval=10.0, max_polls=polls),
        out=out,
        warn=warnings.append,
        sleep=sleeps.append,
        clock=lambda: NOW,
    )
    texts = [json.loads(line)["text"] for line in out.getvalue().splitlines()]
    return sleeps, warnings, texts


def test_code_21_renews_the_window_at_once_and_silently(
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = [_message("a", 1)]
    inbox = _ScriptedInbox([first, _closed(), [_message("b", 2), *first], [_message("b", 2)]])

    with caplog.at_level(logging.DEBUG, logger="smsmobile"):
        sleeps, warnings, texts = _run(inbox, polls=3)

    assert texts == ["a", "b"]
    assert sleeps == [10.0, 10.0]  # the interval, never a backoff
    assert warnings == []
    assert inbox.calls.count("sync") == 2
    renewal = inbox.calls.index("fetch: 21")
    assert inbox.calls[renewal : renewal + 3] == ["fetch: 21", "sync", "fetch"]  # same poll
    assert any("renewing" in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)


def test_code_21_right_after_a_renewal_backs_off_with_one_plain_warning() -> None:
    inbox = _ScriptedInbox([[_message("a", 1)], _closed(), _closed(), [_message("a", 1)]])

    sleeps, warnings, texts = _run(inbox, polls=3)

    assert texts == ["a"]
    assert sleeps == [10.0, 20.0]  # one failure: one step of backoff
    assert len(warnings) == 1
    assert warnings[0].count("service error") == 1 and "retrying in 20.0 s" in warnings[0]
