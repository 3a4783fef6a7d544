"""Issue 20: a captured request is acted on once across every worker and every process that
shares the replay store, and a store that cannot answer refuses everything and sends nothing.
Real parts only: redis-server, gunicorn with the README's command, the sandbox as upstream,
`smsmobile webhook serve` processes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from smsmobile_sandbox.testing import RunningSandbox
from tests.gateway.test_gateway_ops import sample

from .support import (
    GATEWAY_KEY,
    WEBHOOK_SECRET,
    Lines,
    RedisServer,
    Service,
    gateway_environment,
    start_gunicorn,
    start_webhook_receiver,
)
from .wire import XML, post_all, signed_send, webhook_delivery

NONCE_TTL = 360  # the UsernameToken window (300 s) and the clock skew allowed (60 s)


def fault_code(reply: httpx.Response) -> tuple[str, str]:
    """(faultcode, the ServiceFault's httpStatus) of a SOAP 1.1 fault."""
    code = re.search(r"<faultcode>soap:(\w+)</faultcode>", reply.text)
    status = re.search(r"<tns:httpStatus>(\d+)</tns:httpStatus>", reply.text)
    assert code and status, reply.text
    return code[1], status[1]


def test_a_signed_send_replayed_to_four_workers_is_stored_once(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service]
) -> None:
    env = gateway_environment(sandbox, SMSMOBILE_REDIS_URL=redis_server.url)
    gateway = start_gunicorn(processes, env, 4)
    captured = signed_send(GATEWAY_KEY)
    replies = post_all(f"{gateway.url}/soap", [captured] * 10, XML)
    statuses = sorted(reply.status_code for reply in replies)
    assert statuses == [200] + [500] * 9, [r.text[:300] for r in replies]
    for reply in replies:
        if reply.status_code == 500:  # refused as the book says: a Client fault, 403 inside
            assert fault_code(reply) == ("Client", "403")
            assert "WS-Security authentication failed" in reply.text
    assert len(sandbox.control.messages()) == 1


def test_the_nonce_is_kept_in_redis_for_its_window_only(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service]
) -> None:
    env = gateway_environment(sandbox, SMSMOBILE_REDIS_URL=redis_server.url)
    gateway = start_gunicorn(processes, env, 2)
    nonce = os.urandom(16)
    assert (
        httpx.post(
            f"{gateway.url}/soap",
            content=signed_send(GATEWAY_KEY, nonce=nonce),
            headers=XML,
            timeout=30,
        ).status_code
        == 200
    )
    key = "smsmobile:replay:wsse:" + hashlib.sha256(nonce).hexdigest()
    ttl = redis_server.client().ttl(key)
    assert 0 < ttl <= NONCE_TTL  # Redis forgets it with the window, nobody has to sweep
    assert redis_server.client().dbsize() == 1


def test_redis_stopped_mid_run_refuses_every_signed_call_and_sends_nothing(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service]
) -> None:
    env = gateway_environment(sandbox, SMSMOBILE_REDIS_URL=redis_server.url)
    gateway = start_gunicorn(processes, env, 2)
    first = httpx.post(
        f"{gateway.url}/soap", content=signed_send(GATEWAY_KEY), headers=XML, timeout=30
    )
    assert first.status_code == 200, first.text
    redis_server.stop()
    started = time.monotonic()
    replies = post_all(f"{gateway.url}/soap", [signed_send(GATEWAY_KEY) for _ in range(6)], XML)
    assert time.monotonic() - started < 20  # bounded timeouts: refused, never hung
    for reply in replies:
        assert reply.status_code == 500
        assert fault_code(reply) == ("Server", "503")
        assert "<tns:retryAfter>" in reply.text
    assert len(sandbox.control.messages()) == 1
    gateway.stop()
    assert "replay store" in gateway.output.text()  # the cause, for the operator


def test_one_delivery_to_two_receivers_is_handled_once(
    redis_server: RedisServer, processes: list[Service]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMSMOBILE")}
    env["SMSMOBILE_REDIS_URL"] = redis_server.url
    one = start_webhook_receiver(processes, env)
    two = start_webhook_receiver(processes, env)
    body, headers = webhook_delivery(WEBHOOK_SECRET)
    first = httpx.post(one.url, content=body, headers=headers, timeout=30)
    again = httpx.post(two.url, content=body, headers=headers, timeout=30)
    assert (first.status_code, first.json()["status"]) == (202, "accepted")
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    event_id = json.loads(body)["id"]
    ttl = redis_server.client().ttl(f"smsmobile:replay:webhook:{event_id}")
    assert 0 < ttl <= 601  # twice the tolerance, and a second: then Redis forgets it
    one.stop()
    two.stop()
    printed = [
        line
        for line in one.output.text().splitlines() + two.output.text().splitlines()
        if line.strip()
    ]
    assert [json.loads(line)["id"] for line in printed] == [event_id]


def test_a_receiver_whose_redis_is_gone_answers_503_and_handles_nothing(
    redis_server: RedisServer, processes: list[Service]
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMSMOBILE")}
    env["SMSMOBILE_REDIS_URL"] = redis_server.url
    receiver = start_webhook_receiver(processes, env)
    redis_server.stop()
    body, headers = webhook_delivery(WEBHOOK_SECRET)
    started = time.monotonic()
    refused = httpx.post(receiver.url, content=body, headers=headers, timeout=30)
    assert time.monotonic() - started < 10
    assert (refused.status_code, refused.json()["status"]) == (503, "unavailable")
    assert int(refused.headers["Retry-After"]) >= 1
    receiver.stop()
    assert receiver.output.text().strip() == ""
    assert receiver.errors is not None and "replay store" in receiver.errors.text()


@pytest.mark.parametrize("workers", [4])
def test_without_a_shared_store_each_worker_would_remember_alone(workers: int) -> None:
    """Why the README sets SMSMOBILE_REDIS_URL: documented by the test above failing on the old
    code; this one only pins the store each worker gets from the environment."""
    from smsmobile.replay import MemoryReplayStore, RedisReplayStore, replay_store

    assert isinstance(replay_store(environ={}), MemoryReplayStore)
    shared = replay_store(environ={"SMSMOBILE_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert isinstance(shared, RedisReplayStore)
    assert "127.0.0.1" not in repr(shared)


def test_metrics_add_up_across_gunicorn_workers_and_readyz_follows_redis(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service], tmp_path: Path
) -> None:
    env = gateway_environment(
        sandbox,
        SMSMOBILE_REDIS_URL=redis_server.url,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        SMSMOBILE_GATEWAY_LOG_FORMAT="json",
    )
    gateway = start_gunicorn(processes, env, 2)
    sent = 0
    for _ in range(10):  # until both workers have taken requests: the kernel picks who accepts
        replies = post_all(
            f"{gateway.url}/soap", [signed_send(GATEWAY_KEY) for _ in range(12)], XML
        )
        assert [reply.status_code for reply in replies] == [200] * 12
        sent += 12
        lines = gateway.output.wait_for(_all_logged(sent), 30)
        if len({line["worker"] for line in _answered(lines)}) == 2:
            break
    scraped = [httpx.get(f"{gateway.url}/metrics", timeout=30).text for _ in range(4)]
    for text in scraped:  # whichever worker answers the scrape: the totals of both
        assert (
            sample(text, "smsmobile_gateway_requests_total", operation="SendWhatsApp", outcome="ok")
            == sent
        )
        count = "smsmobile_gateway_upstream_request_duration_seconds_count"
        assert sample(text, count, operation="SendWhatsApp") == sent
        assert sample(text, "smsmobile_gateway_requests_in_flight") == 0
    assert httpx.get(f"{gateway.url}/readyz", timeout=30).status_code == 200
    redis_server.stop()
    not_ready = httpx.get(f"{gateway.url}/readyz", timeout=30)
    assert not_ready.status_code == 503
    assert not_ready.json()["replay_store"] == "unavailable"
    gateway.stop()
    answered = _answered(gateway.output.text().splitlines())
    assert len(answered) == sent
    assert len({line["worker"] for line in answered}) == 2  # both workers took requests
    assert {line["outcome"] for line in answered} == {"ok"}
    assert all(line["request_id"] and line["status"] == 200 for line in answered)


def _all_logged(sent: int) -> Callable[[list[str]], bool]:
    """Whether the gateway has logged a line for each of the `sent` sends."""
    return lambda lines: len(_answered(lines)) >= sent


def _answered(lines: list[str]) -> list[dict[str, object]]:
    """The gateway's JSON request lines of the sends it answered."""
    parsed = [json.loads(line) for line in lines if line.startswith("{")]
    return [line for line in parsed if line.get("operation") == "SendWhatsApp"]


def test_a_hung_redis_refuses_within_the_bound_and_recovers(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service]
) -> None:
    """A Redis that accepts but never answers (SIGSTOP): each call gives up after its 0.5 s
    bound, the request is refused, nothing is sent; once Redis answers again, calls pass."""
    env = gateway_environment(sandbox, SMSMOBILE_REDIS_URL=redis_server.url)
    gateway = start_gunicorn(processes, env, 2)
    assert httpx.post(f"{gateway.url}/soap", content=signed_send(GATEWAY_KEY), headers=XML,
                      timeout=30).status_code == 200  # fmt: skip
    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        hung = httpx.post(f"{gateway.url}/soap", content=signed_send(GATEWAY_KEY), headers=XML,
                          timeout=30)  # fmt: skip
        waited = time.monotonic() - started
        not_ready = httpx.get(f"{gateway.url}/readyz", timeout=30)
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    assert fault_code(hung) == ("Server", "503")
    assert waited < 10  # bounded: not a hang
    assert not_ready.status_code == 503
    assert len(sandbox.control.messages()) == 1
    again = httpx.post(f"{gateway.url}/soap", content=signed_send(GATEWAY_KEY), headers=XML,
                       timeout=30)  # fmt: skip
    assert again.status_code == 200, again.text
    assert len(sandbox.control.messages()) == 2


def test_the_gateway_command_takes_the_shared_store_from_the_environment(
    redis_server: RedisServer, sandbox: RunningSandbox, processes: list[Service]
) -> None:
    env = gateway_environment(sandbox, SMSMOBILE_REDIS_URL=redis_server.url)
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "gateway", "--upstream", sandbox.url, "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stderr is not None
    output = Lines(process.stderr)
    service = Service("", process, output)
    processes.append(service)
    lines = output.wait_for(lambda got: any("/soap?wsdl" in line for line in got), 60)
    (said,) = [line for line in lines if "/soap?wsdl" in line]
    url = re.search(r"on (http://\S+)/soap ", said)
    assert url is not None, said
    nonce = os.urandom(16)
    captured = signed_send(GATEWAY_KEY, nonce=nonce)
    replies = [httpx.post(f"{url[1]}/soap", content=captured, headers=XML, timeout=30)
               for _ in range(2)]  # fmt: skip
    assert [reply.status_code for reply in replies] == [200, 500]
    key = "smsmobile:replay:wsse:" + hashlib.sha256(nonce).hexdigest()
    assert redis_server.client().exists(key) == 1  # the command's store is the shared one
    service.stop()
    assert "operation=SendWhatsApp" in output.text()  # its request lines, on stderr
