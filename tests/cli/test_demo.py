"""`make demo`: the tour of the command line runs every step against a fresh sandbox."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
        "Check a number",
        "Watch the inbox",
        "The async client",
        "Webhooks",
    ):
        assert heading in done.stdout
    assert "One more thing" in done.stdout  # the bounded watch printed the new message
    assert "2 sent" in done.stdout  # the async example ran
    assert '"type": "whatsapp.received"' in done.stdout  # the receiver verified the event
    assert "$ smsmobile " in done.stdout
    assert "Got it, thanks!" in done.stdout
    assert "step failed" not in done.stdout


def test_make_demo_installs_the_product_and_its_extras_only() -> None:
    """`make demo` runs in a venv of its own with '.[all]': not the dev extra's ~100 packages."""
    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(
        ["make", "-n", "-B", "demo"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line and " -e " in line]
    assert installs, plan
    assert all("'.[all]'" in line and ".venv-demo/" in line for line in installs), installs
    assert "[dev]" not in plan and "$(BIN)" not in plan
    assert ".venv-demo/bin/python -m smsmobile.demo" in plan
