"""`make demo`: the tour of the command line runs every step against a fresh sandbox."""

from __future__ import annotations

import subprocess
import sys


def test_demo_runs_every_step() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smsmobile.demo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for heading in (
        "REST, API key",
        "SOAP with OAuth2",
        "Receive a reply",
        "Resend",
        "bulk",
        "What the sandbox received",
    ):
        assert heading in done.stdout
    assert "$ smsmobile " in done.stdout
    assert "Got it, thanks!" in done.stdout
    assert "step failed" not in done.stdout
