"""Child processes a test starts and kills (`smsmobile bulk` runs, killed mid-run)."""

from __future__ import annotations

import os
import re
import subprocess
from typing import Any

__all__ = ["kill_now", "start_until_logged"]


def start_until_logged(
    argv: list[str], pattern: str, processes: list[subprocess.Popen[str]]
) -> tuple[subprocess.Popen[str], re.Match[str]]:
    """Start `argv` with debug logs on stderr (appended to `processes`, which the fixture kills)
    and read them until a line matches `pattern`: the signal a test waits for. Fails if the
    process ends first, showing its last lines."""
    environment = {**os.environ, "SMSMOBILE_LOG": "debug"}
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment
    )
    processes.append(process)
    assert process.stderr is not None
    seen: list[str] = []
    while not (found := re.search(pattern, line := process.stderr.readline())):
        assert line, f"the process ended before logging {pattern!r}: {seen[-5:]}"
        seen.append(line)
    return process, found


def kill_now(process: subprocess.Popen[Any]) -> int:
    """SIGKILL `process` and reap it. Returns as soon as the kernel has ended it (its exit is
    the signal waited for; pytest-timeout bounds the test), with its return code."""
    process.kill()
    return process.wait()
