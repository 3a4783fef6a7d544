"""The README's examples of per-call options, raw replies and tracing run as written against
the sandbox (the pytest plugin's are run by tests/plugin/ as a user project)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from smsmobile_sandbox.testing import RunningSandbox

README = Path(__file__).resolve().parents[2] / "README.md"


def section_block(heading: str) -> str:
    """The one ```py block of the README section `heading`."""
    section = README.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    (block,) = re.findall(r"```py\n(.*?)```", section.split("\n## ", 1)[0], re.DOTALL)
    return block


@pytest.fixture
def env(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("SMSMOBILEAPI_CLIENT_ID", "SMSMOBILEAPI_CLIENT_SECRET", "SMSMOBILEAPI_TRANSPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    return dict(os.environ)


def test_options_and_raw_replies(
    env: dict[str, str], sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code = section_block("Per-call options and raw replies")
    exec(compile(code, "README per-call options", "exec"), {})  # noqa: S102
    assert capsys.readouterr().out.splitlines() == ["True", "200 application/json 1", "True"]
    assert len(sandbox.control.messages()) == 1


def test_tracing(env: dict[str, str]) -> None:
    """In a fresh process: the example sets the process's one global tracer provider."""
    code = section_block("Tracing: OpenTelemetry")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['smsmobile synchronize', 'smsmobile synchronize attempt 1']"
