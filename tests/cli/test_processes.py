"""Long-running commands as real processes: `inbox watch`, `webhook serve`, `sandbox`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from smsmobile.webhooks import signed_headers
from smsmobile_sandbox.testing import RunningSandbox, SandboxControl

Cli = Callable[..., Any]


def watch(command: Callable[..., list[str]], state: Path) -> tuple[int, list[dict[str, Any]], str]:
    argv = command(
        "--json", "inbox", "watch", "--max-polls", "3", "--interval", "0.1", "--state", str(state)
    )
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()], done.stderr


def test_watch_prints_each_message_once_across_restarts(
    key_cli: Cli, command: Callable[..., list[str]], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    assert key_cli("retrieval", "on").code == 0
    for n in range(3):
        sandbox.control.inject_inbound(
            number=f"3247000000{n}", message=f"hello {n}", timestamp=1_700_000_000 + n
        )
    state = tmp_path / "watch.json"
    code, first, err = watch(command, state)
    assert code == 0, err
    assert [m["text"] for m in first] == ["hello 0", "hello 1", "hello 2"]  # oldest first
    sandbox.control.inject_inbound(number="32470000009", message="later")
    code, second, err = watch(command, state)
    assert code == 0, err
    assert [m["text"] for m in second] == ["later"]
    assert len(json.loads(state.read_text())["guids"]) == 4


def test_watch_renews_a_window_that_closed(
    key_cli: Cli, command: Callable[..., list[str]], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.faults(sync_window=0.2)  # the window closes between polls: code 21
    sandbox.control.inject_inbound(number="32470000001", message="one")
    code, messages, err = watch(command, tmp_path / "state.json")
    assert code == 0, err
    assert [m["text"] for m in messages] == ["one"]
    assert sandbox.control.stats()["requests"]["/getwa/synchronisation/"] >= 2


def test_watch_resynchronises_on_code_21(
    key_cli: Cli,
    command: Callable[..., list[str]],
    sandbox: RunningSandbox,
    tmp_path: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.inject_inbound(number="32470000001", message="before")
    process = subprocess.Popen(
        command(
            "--json", "inbox", "watch", "--interval", "0.2", "--state", str(tmp_path / "state.json")
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    assert json.loads(process.stdout.readline())["text"] == "before"
    sandbox.control.expire_sync()  # the service forgot the window: the next poll gets 21
    sandbox.control.inject_inbound(number="32470000002", message="after")
    assert json.loads(process.stdout.readline())["text"] == "after"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 130, err  # interrupted, as the README's table says
    assert sandbox.control.stats()["requests"]["/getwa/synchronisation/"] == 2


def test_watch_waits_out_server_errors(
    key_cli: Cli, command: Callable[..., list[str]], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.inject_inbound(number="32470000001", message="one")
    sandbox.control.faults(
        rules=[{"match": "/getwa/", "action": "status", "status": 503, "count": 4}]
    )
    argv = command("--json", "inbox", "watch", "--max-polls", "3", "--interval", "0.1")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "retrying" in done.stderr
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == ["one"]


def test_watch_tells_to_turn_retrieval_on(command: Callable[..., list[str]]) -> None:
    argv = command("--json", "inbox", "watch", "--max-polls", "1")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 4
    assert "smsmobile retrieval on" in done.stderr


def test_watch_stops_cleanly_on_sigterm(
    key_cli: Cli,
    command: Callable[..., list[str]],
    sandbox: RunningSandbox,
    tmp_path: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    assert key_cli("retrieval", "on").code == 0
    sandbox.control.inject_inbound(number="32470000001", message="ready")
    state = tmp_path / "state.json"
    process = subprocess.Popen(
        command("--json", "inbox", "watch", "--interval", "0.2", "--state", str(state)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    # The printed message says the watch is polling (its signal handlers are in place), however
    # long the start took on a busy machine; a fixed wait here was a race with the imports.
    assert json.loads(process.stdout.readline())["text"] == "ready"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 130, err  # stopped cleanly, by a signal: 130 per the table
    assert err == ""


def test_webhook_serve_prints_each_verified_event(
    processes: list[subprocess.Popen[str]],
) -> None:
    secret = "whsec-test-" + uuid.uuid4().hex
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "webhook", "serve", "--secret", secret, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stderr is not None and process.stdout is not None
    ready = process.stderr.readline()
    assert "receiving webhooks on http://127.0.0.1:" in ready
    url = ready.split(" on ")[1].split()[0]
    event = {
        "id": str(uuid.uuid4()),
        "type": "whatsapp.received",
        "api_version": "2",
        "created_at": "2025-03-11T12:00:00Z",
        "occurred_at": "2025-03-11T12:00:00Z",
        "data": {"guid": str(uuid.uuid4()), "from": "32470000001", "message": "hi"},
    }
    body = json.dumps(event).encode()
    with httpx.Client(timeout=10) as http:
        assert http.post(url, content=body, headers=signed_headers(body, secret)).status_code == 202
        forged = signed_headers(body, "another-secret")
        assert http.post(url, content=body, headers=forged).status_code == 401
    printed = json.loads(process.stdout.readline())
    assert printed["id"] == event["id"] and printed["type"] == "whatsapp.received"
    assert printed["data"]["message"] == "hi"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 130, err
    assert out == ""  # the forged delivery printed nothing
    assert secret not in out + err


def test_sandbox_command_serves_until_interrupted(
    processes: list[subprocess.Popen[str]],
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    line = process.stdout.readline()
    url = line.split(" on ")[1].strip()
    sent = subprocess.run(
        [
            sys.executable,
            "-m",
            "smsmobile",
            "--base-url",
            url,
            "--api-key",
            "sandbox-key",
            "send",
            "--to",
            "32470000001",
            "--message",
            "hi",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert sent.returncode == 0, sent.stderr
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=15)
    assert process.returncode == 130


def test_sandbox_command_connects_the_phones_asked_for(
    processes: list[subprocess.Popen[str]],
) -> None:
    """`smsmobile sandbox --phones 3`: the account has three phones, with their SIDs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "sandbox", "--port", "0", "--phones", "3", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    url = process.stdout.readline().split(" on ")[1].strip()
    control = SandboxControl(url)
    phones = control.account()["phones"]
    control.close()
    assert [phone["sid"] for phone in phones] == [
        "sandbox-sid-1",
        "sandbox-sid-2",
        "sandbox-sid-3",
    ]
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=15)
    assert process.returncode == 130  # stopped by a signal
