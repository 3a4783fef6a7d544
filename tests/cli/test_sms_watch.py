"""`smsmobile inbox watch --sms`: the real console script follows the SMS the sandbox's phones
receive (injected with the `receive_sms` control), with the WhatsApp watch's stream convention:
one JSON object per line with --json (JSON Lines), table lines without, oldest first, each SMS
once, across restarts (--state) and within one second; 130 when a signal stops it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smsmobile_sandbox.testing import RunningSandbox

SMSMOBILE = str(Path(sys.executable).with_name("smsmobile"))
SID = "sandbox-sid-1"


def argv(sandbox: RunningSandbox, *words: str) -> list[str]:
    return [SMSMOBILE, "--base-url", sandbox.url, "--api-key", sandbox.api_key, *words]


def watch(sandbox: RunningSandbox, state: Path, *extra: str) -> tuple[list[dict[str, Any]], str]:
    words = ("--json", "inbox", "watch", "--sms", "--max-polls", "2", "--interval", "0.1")
    done = subprocess.run(
        argv(sandbox, *words, "--state", str(state), *extra),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()], done.stderr


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_each_sms_is_printed_once_oldest_first_across_restarts(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    for n in (2, 0, 1):
        sandbox.control.receive_sms(
            number=f"+3247000000{n}", message=f"sms {n}", sid=SID, timestamp=1_800_000_000 + n
        )
    state = tmp_path / "sms-watch.json"
    first, _ = watch(sandbox, state)
    assert [line["message"] for line in first] == ["sms 0", "sms 1", "sms 2"]
    assert first[0]["number"] == "+32470000000" and first[0]["device_sid"] == SID
    assert first[0]["timestamp"] == 1_800_000_000
    assert first[0]["received_at"] == "2027-01-15T08:00:00Z"  # the one time format
    # the same second as the newest: `since` is strictly after, the watch still sees it
    sandbox.control.receive_sms(number="+32470000009", message="later", timestamp=1_800_000_002)
    second, _ = watch(sandbox, state)
    assert [line["message"] for line in second] == ["later"]
    assert len(json.loads(state.read_text())["guids"]) == 4


def test_a_running_watch_prints_sms_as_they_arrive_and_stops_with_130(
    sandbox: RunningSandbox, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    sandbox.control.receive_sms(number="+32470000001", message="before", sid=SID)
    words = ("--json", "inbox", "watch", "--sms", "--interval", "0.2")
    process = subprocess.Popen(
        argv(sandbox, *words, "--state", str(tmp_path / "state.json")),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    started.append(process)
    assert process.stdout is not None
    assert json.loads(process.stdout.readline())["message"] == "before"
    sandbox.control.receive_sms(number="+32470000002", message="after", sid=SID)
    assert json.loads(process.stdout.readline())["message"] == "after"
    process.send_signal(signal.SIGTERM)
    rest, err = process.communicate(timeout=15)
    assert process.returncode == 130, err
    assert rest == ""  # nothing printed twice
    asked = [c for c in sandbox.control.calls() if c["operation"] == "sms_received"]
    assert asked and not any(c["fields"].get("onlyunread") for c in asked)


def test_without_json_it_prints_table_lines(sandbox: RunningSandbox) -> None:
    sandbox.control.receive_sms(number="+32470000001", message="two\nlines", alias="Ada")
    done = subprocess.run(
        argv(sandbox, "inbox", "watch", "--sms", "--max-polls", "1"),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert "+32470000001" in line and "Ada" in line and line.endswith("two / lines")
