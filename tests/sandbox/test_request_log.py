"""The request log (stdout, `--quiet`, /_sandbox/requests) and paging of /_sandbox/messages."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from smsmobile_sandbox.testing import RunningSandbox

LOG_LINE = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (GET|POST) (\S+) auth=(\S+) (\d{1,3}) (\d+\.\d)ms"
)


@contextmanager
def sandbox_process(*extra: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A real `python -m smsmobile_sandbox` process and its URL (read from its first line)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile_sandbox", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(r"smsmobile sandbox listening on (http://127\.0\.0\.1:\d+)\n", line)
        assert match, line
        assert process.stdout.readline() == f"inspector: {match.group(1)}/\n"
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=15)


def test_each_request_is_one_line_on_stdout_without_any_secret() -> None:
    with sandbox_process() as (process, url):
        assert process.stdout is not None
        sent = httpx.post(
            f"{url}/sendsms/?waonly=yes",
            data={"apikey": "sandbox-key", "recipients": "32470123456", "message": "hi"},
        )
        assert sent.status_code == 200
        token = httpx.post(
            f"{url}/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "sandbox-client",
                "client_secret": "sandbox-secret",
            },
        ).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{url}/getwa/active/?statut=1", headers=bearer).status_code == 200
        assert httpx.get(f"{url}/getwa/?apikey=wrong-key").status_code == 403
        lines = [process.stdout.readline() for _ in range(4)]
        process.send_signal(signal.SIGTERM)
        rest, err = process.communicate(timeout=15)
    parsed = [LOG_LINE.fullmatch(line.rstrip("\n")) for line in lines]
    assert all(parsed), lines
    rows = [(m.group(2), m.group(3), m.group(4), m.group(5)) for m in parsed if m]
    assert rows == [
        ("POST", "/sendsms/", "apikey", "200"),
        ("POST", "/oauth2/token", "client", "200"),
        ("GET", "/getwa/active/", "oauth2", "200"),
        ("GET", "/getwa/", "apikey", "403"),
    ]
    everything = "".join(lines) + rest + err
    for secret in ("sandbox-key", "sandbox-secret", token, "wrong-key", "statut", "waonly"):
        assert secret not in everything


def test_quiet_prints_nothing_per_request() -> None:
    with sandbox_process("--quiet") as (process, url):
        assert httpx.get(f"{url}/getwa/active/?apikey=sandbox-key").status_code == 200
        assert httpx.get(f"{url}/_sandbox/requests").json()["requests"][0]["path"] == (
            "/getwa/active/"
        )
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=15)
    assert process.returncode == 130  # stopped by SIGTERM
    assert out == ""


def test_requests_endpoint_returns_the_last_n_oldest_first(sandbox: RunningSandbox) -> None:
    for number in range(5):
        httpx.get(f"{sandbox.url}/whatsapp/checknumber/?apikey=k&recipients=3247000000{number}")
    httpx.get(f"{sandbox.url}/nowhere")
    last = sandbox.control.requests(limit=3)
    assert [(r["method"], r["path"], r["status"]) for r in last] == [
        ("GET", "/whatsapp/checknumber/", 403),
        ("GET", "/whatsapp/checknumber/", 403),
        ("GET", "/nowhere", 404),
    ]
    assert all(r["auth"] == "apikey" for r in last[:2])
    assert all(isinstance(r["ms"], float) and r["ms"] >= 0 for r in last)
    # reading the log (or the messages) is not itself logged
    assert sandbox.control.requests(limit=1)[0]["path"] == "/nowhere"


def test_a_dropped_connection_is_logged_with_status_0(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "drop", "match": "/getwa/active/"}])
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{sandbox.url}/getwa/active/?apikey={sandbox.api_key}")
    [dropped] = sandbox.control.requests(limit=1)
    assert (dropped["path"], dropped["status"]) == ("/getwa/active/", 0)


@pytest.mark.parametrize("limit", ["0", "-1", "x", "1001", "1e3"])
def test_bad_limit_is_a_400_naming_the_field(sandbox: RunningSandbox, limit: str) -> None:
    for what in ("requests", "messages", "webhooks"):
        reply = httpx.get(f"{sandbox.url}/_sandbox/{what}", params={"limit": limit})
        assert reply.status_code == 400
        assert reply.json()["message"].startswith("limit:")


def _send(sandbox: RunningSandbox, text: str) -> str:
    reply = httpx.post(
        f"{sandbox.url}/sendsms/",
        data={"apikey": sandbox.api_key, "recipients": "32470123456", "message": text},
    )
    guid: str = reply.json()["result"]["id"]
    return guid


def test_messages_page_with_limit_and_before(sandbox: RunningSandbox) -> None:
    guids = [_send(sandbox, f"m{index}") for index in range(7)]
    url = f"{sandbox.url}/_sandbox/messages"
    first = httpx.get(url, params={"limit": 3}).json()
    assert [m["guid"] for m in first["messages"]] == guids[4:]  # the newest 3, oldest first
    assert first["before"] == guids[4] and first["total"] == 7
    second = httpx.get(url, params={"limit": 3, "before": first["before"]}).json()
    assert [m["guid"] for m in second["messages"]] == guids[1:4]
    third = httpx.get(url, params={"limit": 3, "before": second["before"]}).json()
    assert [m["guid"] for m in third["messages"]] == guids[:1]
    assert third["before"] is None
    assert [m["guid"] for m in sandbox.control.messages()] == guids  # the helper reads all pages
    unknown = httpx.get(url, params={"before": "f" * 40})
    assert unknown.status_code == 400 and unknown.json()["message"].startswith("before:")


def test_messages_default_page_is_bounded(sandbox: RunningSandbox) -> None:
    with httpx.Client() as http:
        for index in range(105):
            http.post(
                f"{sandbox.url}/sendsms/",
                data={
                    "apikey": sandbox.api_key,
                    "recipients": "32470123456",
                    "message": str(index),
                },
            )
        page = http.get(f"{sandbox.url}/_sandbox/messages").json()
    assert len(page["messages"]) == 100 and page["total"] == 105
    assert page["messages"][-1]["message"] == "104"


def test_cross_site_posts_to_the_controls_are_refused(sandbox: RunningSandbox) -> None:
    evil = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    reply = httpx.post(f"{sandbox.url}/_sandbox/reset", headers=evil, content=b"{}")
    assert reply.status_code == 403
    reply = httpx.post(
        f"{sandbox.url}/_sandbox/faults",
        headers={"Referer": "https://evil.example/page"},
        json={"error_recipients": ["32470123456"]},
    )
    assert reply.status_code == 403
    assert sandbox.control.faults()["error_recipients"] == []
    same = {"Origin": sandbox.url}
    assert httpx.post(f"{sandbox.url}/_sandbox/reset", headers=same).status_code == 200
