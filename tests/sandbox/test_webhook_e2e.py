"""End to end: `smsmobile sandbox --webhook-url` -> `smsmobile webhook serve` (both real processes),
and -> `AsyncWebhookReceiver` under uvicorn.

Between them, a test proxy passes every delivery on and, for the first one, tells the sandbox
503 although the receiver handled it (a reply lost on the way back): the sandbox retries, and
the receiver must answer it as a duplicate without running its handler again.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from smsmobile import ApiKey, WhatsApp
from smsmobile.__main__ import main
from smsmobile.webhooks import AsyncWebhookReceiver, WebhookEvent
from smsmobile_sandbox.testing import SandboxControl

from .webhook_collector import collector

SECRET = "whsec_e2e_5d41402abc4b2a76b9719d911017c592"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
ALL_TYPES = [
    "whatsapp.failed",
    "whatsapp.received",
    "whatsapp.sent",
    "whatsapp.submitted",
    "whatsapp.voice.transcribed",
]


@contextmanager
def webhook_receiver(secret: str = SECRET) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A real `smsmobile webhook serve` and its URL (from its ready line on stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "webhook", "serve", "--secret", secret, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert process.stderr is not None
        ready = process.stderr.readline()
        match = re.search(r"receiving webhooks on (http://\S+)", ready)
        assert match, ready
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=15)


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    return out, err


def test_sandbox_to_webhook_serve_every_type_and_a_retried_duplicate() -> None:
    with (
        webhook_receiver() as (receiver, receiver_url),
        collector(answers=[503], forward_to=receiver_url) as proxy,
    ):
        assert receiver.stdout is not None
        out = receiver.stdout
        handled, deliveries, logs = _deliver_every_type(
            proxy.url, lambda: [json.loads(out.readline()) for _ in range(7)]
        )
        rest, receiver_err = stop(receiver)
        forwarded = proxy.deliveries.qsize()
    assert rest == ""  # the retried delivery did not run the handler a second time
    _check(handled, deliveries, forwarded, [*logs, receiver_err])


def test_sandbox_to_the_asgi_receiver_every_type_and_a_retried_duplicate() -> None:
    """The same flow into `AsyncWebhookReceiver` under uvicorn (a real ASGI server)."""
    uvicorn = pytest.importorskip("uvicorn")
    events: queue.Queue[dict[str, object]] = queue.Queue()

    async def handle(event: WebhookEvent) -> None:
        events.put({"id": event.id, "type": event.type})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # listening before the server starts: no race, no wait for a port
    config = uvicorn.Config(
        AsyncWebhookReceiver(SECRET, handle), lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    receiver_url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    try:
        with collector(answers=[503], forward_to=receiver_url) as proxy:
            handled, deliveries, logs = _deliver_every_type(
                proxy.url, lambda: [events.get(timeout=30) for _ in range(7)]
            )
            forwarded = proxy.deliveries.qsize()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
    assert events.empty()  # the retried delivery did not run the handler a second time
    _check(handled, deliveries, forwarded, logs)


def _deliver_every_type(
    proxy_url: str, wait_handled: Callable[[], list[dict[str, object]]]
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[str]]:
    """A real `smsmobile sandbox` delivering every event type through the proxy; what the
    receiver handled, the sandbox's settled deliveries, and the sandbox's output."""
    sandbox = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smsmobile",
            "sandbox",
            "--port",
            "0",
            "--quiet",
            "--webhook-url",
            proxy_url,
            "--webhook-secret",
            SECRET,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert sandbox.stdout is not None
        line = sandbox.stdout.readline()
        match = re.fullmatch(r"smsmobile sandbox listening on (http://\S+)\n", line)
        assert match, line
        url = match.group(1)
        control = SandboxControl(url)
        control.faults(error_recipients=["32470000000"])
        with WhatsApp(auth=ApiKey("sandbox-key"), base_url=url) as wa:
            wa.send("+32470123456", "Your order *shipped*")
            wa.send("+32470000000", "This one fails")
        control.inject_inbound(number="32470123456", contact="Ann", message="Thanks")
        control.inject_inbound(number="32470123456", message="call me", message_type="audio")
        handled = wait_handled()
        deliveries = _settled(control, 7)
        control.close()
    finally:
        sandbox.send_signal(signal.SIGTERM)
        sandbox_out, sandbox_err = sandbox.communicate(timeout=15)
    assert sandbox.returncode == 130, sandbox_err  # stopped by SIGTERM
    return handled, deliveries, [sandbox_out, sandbox_err]


def _check(
    handled: list[dict[str, object]],
    deliveries: list[dict[str, object]],
    forwarded: int,
    logs: list[str],
) -> None:
    assert sorted({str(event["type"]) for event in handled}) == ALL_TYPES
    assert {d["id"] for d in deliveries} == {event["id"] for event in handled}
    assert all(d["state"] == "delivered" for d in deliveries)
    retried = [d for d in deliveries if len(d["attempts"]) > 1]  # type: ignore[arg-type]
    assert len(retried) == 1
    attempts = retried[0]["attempts"]
    assert [a["status"] for a in attempts] == [503, 200]  # type: ignore[attr-defined]
    assert forwarded == 8
    for text in logs:
        assert SECRET not in text


def _settled(control: SandboxControl, count: int) -> list[dict[str, object]]:
    """The sandbox's deliveries once `count` exist and none is pending (30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        deliveries = control.webhooks()
        if len(deliveries) >= count and all(d["state"] != "pending" for d in deliveries):
            return deliveries
        assert time.monotonic() < deadline, deliveries
        time.sleep(0.05)


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_webhook_trigger_fires_one_event_the_receiver_verifies(
    event_type: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with webhook_receiver() as (receiver, url):
        code = main(["webhook", "trigger", event_type, "--to", url, "--secret", SECRET])
        out = capsys.readouterr().out
        assert receiver.stdout is not None
        handled = json.loads(receiver.stdout.readline())
        stop(receiver)
    assert code == 0
    assert re.fullmatch(rf"{re.escape(event_type)} (\S+) -> HTTP 202\n", out)
    assert handled["type"] == event_type and handled["id"] in out
    assert SECRET not in out


def test_webhook_trigger_with_data_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    with webhook_receiver() as (receiver, url):
        code = main(
            [
                "--json",
                "webhook",
                "trigger",
                "whatsapp.failed",
                "--to",
                url,
                "--secret",
                SECRET,
                "--data",
                "guid=abc123",
                "--data",
                "reason=no signal",
            ]
        )
        document = json.loads(capsys.readouterr().out)
        assert receiver.stdout is not None
        handled = json.loads(receiver.stdout.readline())
        stop(receiver)
    assert code == 0 and document["status"] == 202 and document["delivered"] is True
    assert handled["data"]["guid"] == "abc123" and handled["data"]["reason"] == "no signal"


def test_webhook_trigger_refused_by_the_receiver_exits_4(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with webhook_receiver() as (receiver, url):
        code = main(["webhook", "trigger", "whatsapp.sent", "--to", url, "--secret", "wrong"])
        captured = capsys.readouterr()
        rest, _ = stop(receiver)
    assert code == 4  # the table's "the other end refused the call"
    assert captured.out.endswith("-> HTTP 401\n")
    assert "answered HTTP 401" in captured.err
    assert rest == ""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["webhook", "trigger", "whatsapp.sent", "--to", "http://127.0.0.1:9/"], "secret"),
        (["webhook", "trigger", "whatsapp.nope", "--to", "http://x/", "--secret", "s"], ""),
        (["webhook", "trigger", "whatsapp.sent", "--to", "x", "--secret", "s"], "--to"),
        (
            [
                "webhook",
                "trigger",
                "whatsapp.sent",
                "--to",
                "http://x/",
                "--secret",
                "s",
                "--data",
                "novalue",
            ],
            "KEY=VALUE",
        ),
    ],
)
def test_webhook_trigger_usage_errors_send_nothing(
    argv: list[str],
    expected: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SMSMOBILEAPI_WEBHOOK_SECRET", raising=False)
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err


def test_webhook_trigger_to_nobody_is_a_connection_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with collector() as gone:
        url = gone.url
    code = main(["webhook", "trigger", "whatsapp.sent", "--to", url, "--secret", SECRET])
    assert code == 5
    assert "cannot reach the receiver" in capsys.readouterr().err
