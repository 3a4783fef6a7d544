"""`inbox` and `retrieval` tell a CLI user what to run, and `inbox` synchronises by itself."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from fake_wire import ExchangeByMethods

from smsmobile import InboundMessage, RetryPolicy, SyncWindow, WhatsApp
from smsmobile._errors import ServiceError
from smsmobile.cli._commands import _inbox_messages
from smsmobile_sandbox.testing import RunningSandbox

Cli = Callable[..., Any]


def test_inbox_with_retrieval_off_says_what_to_run(key_cli: Cli) -> None:
    result = key_cli("inbox")

    assert result.code == 4
    assert "run: smsmobile retrieval on" in result.err
    assert "/getwa/" not in result.err


def test_inbox_synchronises_by_itself_when_no_window_is_open(
    key_cli: Cli, sandbox: RunningSandbox
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.inject_inbound(number="32470000001", message="hello", timestamp=1_700_000_000)

    result = key_cli("--json", "inbox")  # no `smsmobile sync` before

    assert result.code == 0, result.err
    assert [document["text"] for document in json.loads(result.out)] == ["hello"]
    assert sandbox.control.stats()["requests"]["/getwa/synchronisation/"] == 1


class _WindowClosingInbox(ExchangeByMethods):
    """Five messages, one a second, two to a page; the third fetch finds the window closed."""

    name = "closing"

    def __init__(self) -> None:
        at = dt.datetime(2025, 3, 11, 12, 0, tzinfo=dt.UTC)
        self.inbox = [
            InboundMessage(f"g{i}", "32470000001", "", f"m{i}", at + dt.timedelta(seconds=i))
            for i in range(5)
        ]
        self.calls: list[str] = []

    def synchronize(self) -> SyncWindow:
        self.calls.append("sync")
        return SyncWindow(expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10))

    def fetch_messages(
        self, *, before: int | None = None, date: object = None, message_type: object = None
    ) -> list[InboundMessage]:
        self.calls.append("fetch")
        if self.calls.count("fetch") == 3:
            raise ServiceError("service error 21: synchronisation required", code="21")
        found = [m for m in reversed(self.inbox) if before is None or m.timestamp < before]
        return found[:2]

    def close(self) -> None:
        pass


def test_inbox_resumes_once_after_a_window_closed_while_paging() -> None:
    inbox = _WindowClosingInbox()
    client = WhatsApp(transport=inbox, retry=RetryPolicy(attempts=1))
    args = argparse.Namespace(date=None, message_type=None, before=None, limit=4)

    texts = [message.text for message in _inbox_messages(client, args)]

    assert texts == ["m4", "m3", "m2", "m1"]  # each once, none skipped
    assert inbox.calls.count("sync") == 1


def test_inbox_gives_up_when_a_fresh_window_is_refused_too(
    key_cli: Cli, sandbox: RunningSandbox
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.faults(sync_window=0)  # every window has closed before it is used

    result = key_cli("inbox")

    assert result.code == 4 and "21" in result.err
    assert sandbox.control.stats()["requests"]["/getwa/synchronisation/"] == 1


def test_retrieval_status_explains_why_there_is_none(key_cli: Cli, sandbox: RunningSandbox) -> None:
    result = key_cli("retrieval", "status")
    help_text = key_cli("retrieval", "--help").out

    assert result.code == 2 and "no read-only" in result.err and "toggles" in result.err
    assert "no `retrieval status`" in " ".join(help_text.split())
    assert "/getwa/active/" not in sandbox.control.stats()["requests"]  # nothing was toggled
