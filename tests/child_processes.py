"""Child processes a test starts and kills (`smsmobile bulk` runs, killed mid-run)."""

from __future__ import annotations

import subprocess
from typing import Any

__all__ = ["kill_now"]


def kill_now(process: subprocess.Popen[Any]) -> int:
    """SIGKILL `process` and reap it. Returns as soon as the kernel has ended it (its exit is
    the signal waited for; pytest-timeout bounds the test), with its return code."""
    process.kill()
    return process.wait()
