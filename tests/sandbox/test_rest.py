"""REST rules: auth, validation, routing, the control endpoints, concurrency and the CLI."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from smsmobile_sandbox.testing import RunningSandbox, run_sandbox


def test_missing_or_wrong_key_is_403(sandbox: RunningSandbox) -> None:
    for params in ({}, {"apikey": "wrong"}, {"apikey": ""}):
        reply = httpx.get(f"{sandbox.url}/getwa/synchronisation/", params=params)
        assert reply.status_code == 403
        assert reply.json()["error"] == 403 and reply.json()["message"]


def test_key_as_a_form_field(sandbox: RunningSandbox) -> None:
    reply = httpx.post(f"{sandbox.url}/resendwa", data={"apikey": sandbox.api_key, "guid": "nope"})
    assert reply.json() == {"result": {"error": "10", "note": "unknown guid"}}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"recipients": None}, "recipients: required"),
        ({"message": None}, "message: required"),
        ({"recipients": "1917", "message": "x"}, "recipients:"),
        ({"recipients": "0032 470", "message": "x"}, "recipients:"),
        ({"recipients": "191728660\n", "message": "x"}, "recipients:"),
        ({"waonly": "no"}, "waonly:"),
        ({"pdf_with_image": "1"}, "pdf_with_image:"),
        ({"sendwa": "yes"}, "sendwa:"),
        ({"port": "3"}, "port:"),
        ({"schedule_timestamp": "-5"}, "schedule_timestamp:"),
        ({"schedule_timestamp": "soon"}, "schedule_timestamp:"),
        ({"url_media": "http://example.com/a.png"}, "url_media: must match ^https://.+$"),
        ({"url_media": "https://example.com/a.exe"}, "url_media:"),
        ({"url_media": "https://example.com/png"}, "url_media:"),
    ],
)
def test_send_validation(
    sandbox: RunningSandbox, fields: dict[str, str | None], problem: str
) -> None:
    merged = {"apikey": sandbox.api_key, "recipients": "191728660", "message": "x", **fields}
    data = {name: value for name, value in merged.items() if value is not None}
    reply = httpx.post(f"{sandbox.url}/sendsms/", data=data)
    assert reply.status_code == 400
    body = reply.json()
    assert body["error"] == 400
    assert body["message"].startswith(problem)
    assert sandbox.control.messages() == []


def test_media_extensions_are_case_insensitive_and_query_is_ignored(
    sandbox: RunningSandbox,
) -> None:
    for url in ("https://example.com/doc/Report.PDF", "https://example.com/a.tar.gz?x=1"):
        reply = httpx.post(
            f"{sandbox.url}/sendsms/",
            data={
                "apikey": sandbox.api_key,
                "recipients": "191728660",
                "message": "x",
                "url_media": url,
            },
        )
        assert reply.status_code == 200, reply.text


def test_stored_fields_and_channels(sandbox: RunningSandbox) -> None:
    base = {"apikey": sandbox.api_key, "recipients": "191728660", "message": "x"}
    future = str(int(time.time()) + 3600)
    variants = [
        {"waonly": "yes", "pdf_with_image": "yes", "url_media_shorted": "yes"},
        {"sendwa": "1", "schedule_timestamp": future},
        {"sendsms": "1", "port": "2", "sIdentifiant": "dev-1", "shorturl": "0"},
    ]
    replies = [httpx.get(f"{sandbox.url}/sendsms/", params={**base, **v}).json() for v in variants]
    assert [r["result"]["send_with_whatsapp"] for r in replies] == ["1", "1", "0"]
    stored = sandbox.control.messages()
    assert [m["channel"] for m in stored] == ["whatsapp", "whatsapp+sms", "sms"]
    assert [m["status"] for m in stored] == ["sent", "scheduled", "sent"]
    assert stored[0]["pdf_with_image"] is True and stored[0]["url_media_shorted"] is True
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stored[0]["created_at"])


def test_routing(sandbox: RunningSandbox) -> None:
    key = {"apikey": sandbox.api_key}
    missing = httpx.get(f"{sandbox.url}/nowhere", params=key)
    assert missing.status_code == 404 and missing.json()["error"] == 404
    wrong = httpx.delete(f"{sandbox.url}/sendsms/", params=key)
    assert wrong.status_code == 405 and wrong.json()["error"] == 405
    assert wrong.headers["allow"] == "GET, POST"
    assert httpx.post(f"{sandbox.url}/getwa/", params=key).status_code == 405
    assert httpx.get(f"{sandbox.url}/oauth2/token").status_code == 405
    assert (
        httpx.get(f"{sandbox.url}/getwa/active", params={**key, "statut": "2"}).status_code == 400
    )
    stats = sandbox.control.stats()["requests"]
    assert stats["/sendsms/"] == 1 and stats["/getwa/active/"] == 1 and stats["/nowhere"] == 1


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        (
            {"grant_type": "client_credentials", "client_id": "sandbox-client"},
            400,
            "invalid_request",
        ),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "sandbox-client",
                "client_secret": "no",
            },
            401,
            "invalid_client",
        ),
    ],
)
def test_token_errors(
    sandbox: RunningSandbox, form: dict[str, str], status: int, error: str
) -> None:
    reply = httpx.post(f"{sandbox.url}/oauth2/token", data=form)
    assert reply.status_code == status
    assert reply.json()["error"] == error and reply.json()["error_description"]


def test_inbound_control(sandbox: RunningSandbox) -> None:
    record = sandbox.control.inject_inbound(
        number="+3212345678", message="hi", message_type="audio"
    )
    assert record["number"] == "3212345678" and "message_type" not in record
    assert re.fullmatch(r"[0-9a-f-]{36}", record["guid"])
    assert record["more"] == {"auto_reply": "0", "transfert_to_email": "0", "chatgpt_reply": "0"}
    [listed] = sandbox.control.inbound()
    assert listed["message_type"] == "audio"
    bad = httpx.post(f"{sandbox.url}/_sandbox/inbound", json={"message": "no number"})
    assert bad.status_code == 400
    assert httpx.get(f"{sandbox.url}/_sandbox/nothing").status_code == 404


def test_twenty_threads_at_once(sandbox: RunningSandbox) -> None:
    def burst(index: int) -> list[str]:
        with httpx.Client() as client:
            return [
                client.post(
                    f"{sandbox.url}/sendsms/",
                    data={
                        "apikey": sandbox.api_key,
                        "recipients": f"3247{index:07d}",
                        "message": str(n),
                    },
                ).json()["result"]["id"]
                for n in range(10)
            ]

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = [guid for batch in pool.map(burst, range(20)) for guid in batch]
    assert len(set(ids)) == 200
    assert len(sandbox.control.messages()) == 200
    assert sandbox.control.stats()["requests"]["/sendsms/"] == 200


def test_custom_credentials_and_initial_settings() -> None:
    with run_sandbox(api_key="k2", client_id="c2", client_secret="s2", page_size=3) as other:
        assert httpx.get(f"{other.url}/getwa/active/", params={"apikey": "k2"}).status_code == 200
        assert (
            httpx.get(f"{other.url}/getwa/active/", params={"apikey": "sandbox-key"}).status_code
            == 403
        )
        other.control.faults(page_size=9)
        other.control.reset()
        assert other.control.faults()["page_size"] == 3
        assert (other.api_key, other.client_id, other.client_secret) == ("k2", "c2", "s2")


def test_command_line_serves_until_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile_sandbox", "--port", "0", "--api-key", "cli-key"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(r"smsmobile sandbox listening on (http://127\.0\.0\.1:\d+)\n", line)
        assert match, line
        reply = httpx.get(f"{match.group(1)}/getwa/active/", params={"apikey": "cli-key"})
        assert reply.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 130  # stopped by SIGTERM
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
