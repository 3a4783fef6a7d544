"""A sandbox in its own process, and what the benchmarks need from it."""

from __future__ import annotations

import os
import subprocess
import sys
from types import TracebackType
from typing import Any

import httpx

API_KEY = "sandbox-key"
CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"
_BANNER = "smsmobile sandbox listening on "


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


class SandboxProcess:
    """`python -m smsmobile_sandbox --port 0` as a child process; `.url`, `.control(...)`."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            # --quiet: stdout is read only for the banner; a line per request would fill the pipe
            # after about 1,100 requests and stall the sandbox (every later request times out).
            [
                sys.executable,
                "-m",
                "smsmobile_sandbox",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith(_BANNER):
            self._process.kill()
            raise RuntimeError(f"the sandbox did not start: {line!r}")
        self.url = line.removeprefix(_BANNER).rstrip("/")
        self.pid = self._process.pid
        self._control = httpx.Client(base_url=self.url + "/_sandbox/", timeout=30)

    def control(self, method: str, path: str, payload: Any = None) -> Any:
        response = self._control.request(method, path, json=payload)
        response.raise_for_status()
        return response.json()

    def reset(self, **settings: Any) -> None:
        self.control("POST", "reset")
        if settings:
            self.control("POST", "faults", settings)

    def stored_messages(self) -> int:
        total: int = self.control("GET", "messages?limit=1")["total"]  # the list is paged
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU the sandbox process has used so far (Linux /proc)."""
        return process_cpu_seconds(self.pid)

    def close(self) -> None:
        self._control.close()
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
