"""Real processes sharing a real Redis: Debian's redis-server on a free port of 127.0.0.1 (started
here, stopped here; `make redis` installs it), the gateway under gunicorn with the README's command,
and `smsmobile webhook serve` processes. Every wait is for a signal (a line, a PING), never a sleep.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from doc_examples import pages

from smsmobile_sandbox.testing import RunningSandbox

README = Path(__file__).resolve().parents[2] / "README.md"
GATEWAY_KEY = "scaleout-gateway-key-0123456789"
WEBHOOK_SECRET = "whsec_scaleout_0123456789abcdef"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Lines:
    """A process's output read by a thread, so a test can wait for a line without blocking."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self.lines.append("")  # end of stream
            self.closed = True
            self._changed.notify_all()

    closed = False

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float) -> list[str]:
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self.lines) or self.closed, timeout):
                raise TimeoutError(f"no such line in time; got {self.lines[-20:]}")
            if not predicate(self.lines):
                raise RuntimeError(f"the process ended first: {self.lines[-20:]}")
            return list(self.lines)

    def text(self) -> str:
        with self._changed:
            return "\n".join(self.lines)


@dataclass
class RedisServer:
    """A redis-server of our own: `url`, a `client()`, `stop()` to take it away mid-test."""

    port: int
    process: subprocess.Popen[str]
    clients: list[redis.Redis] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        made = redis.Redis(port=self.port, socket_timeout=5, decode_responses=True)
        self.clients.append(made)
        return made

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: `make redis` installs it")
        pytest.skip("redis-server is not installed (`make redis`)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path), "--loglevel", "notice"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    output = Lines(process.stdout)
    server = RedisServer(port, process)
    try:
        output.wait_for(lambda lines: any("Ready to accept" in line for line in lines), 30)
        assert server.client().ping()
        yield server
    finally:
        for client in server.clients:
            client.close()
        server.stop()


@dataclass
class Service:
    """A server process: its `url`, its output `lines`, and how to end it."""

    url: str
    process: subprocess.Popen[str]
    output: Lines
    errors: Lines | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def processes() -> Iterator[list[Service]]:
    started: list[Service] = []
    yield started
    for service in started:
        service.stop()


def gateway_environment(sandbox: RunningSandbox, **extra: str) -> dict[str, str]:
    """The README's held-OAuth2 gateway over the sandbox, as environment variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMSMOBILE", "PROMETHEUS"))}
    env.update(
        SMSMOBILE_GATEWAY_UPSTREAM=sandbox.url,
        SMSMOBILEAPI_CLIENT_ID=sandbox.client_id,
        SMSMOBILEAPI_CLIENT_SECRET=sandbox.client_secret,
        SMSMOBILE_GATEWAY_KEYS=GATEWAY_KEY,
        **extra,
    )
    return env


def readme_gunicorn_command() -> list[str]:
    """The documented gunicorn command for the gateway (README or docs/), as its words."""
    (line,) = [line for page in pages() for line in page.read_text(encoding="utf-8").splitlines()
               if line.startswith("gunicorn ")]  # fmt: skip
    return shlex.split(line)


def start_gunicorn(started: list[Service], env: dict[str, str], workers: int = 4) -> Service:
    """The README's gunicorn command (its -w and -b set here: N workers, a free port of
    127.0.0.1), once every worker has booted."""
    port = free_port()
    argv = readme_gunicorn_command()
    assert argv[0] == "gunicorn" and "-w" in argv and "-b" in argv, argv
    argv[argv.index("-w") + 1] = str(workers)
    argv[argv.index("-b") + 1] = f"127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", *argv],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stderr is not None
    service = Service(f"http://127.0.0.1:{port}", process, Lines(process.stderr))
    started.append(service)
    service.output.wait_for(
        lambda lines: sum("Booting worker" in line for line in lines) >= workers, START_TIMEOUT
    )
    return service


def start_webhook_receiver(started: list[Service], env: dict[str, str]) -> Service:
    """`smsmobile webhook serve` on a free port, once it says where it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "webhook", "serve", "--secret", WEBHOOK_SECRET,
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert process.stderr is not None and process.stdout is not None
    errors = Lines(process.stderr)
    lines = errors.wait_for(
        lambda got: any("receiving webhooks on" in line for line in got), START_TIMEOUT
    )
    (said,) = [line for line in lines if "receiving webhooks on" in line]
    url = said.split("receiving webhooks on ", 1)[1].split(" ", 1)[0]
    service = Service(url, process, Lines(process.stdout), errors)
    started.append(service)
    return service
