"""The examples of per-call options, raw replies and tracing run as written against
the sandbox (the pytest plugin's are run by tests/plugin/ as a user project)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from doc_examples import example

from smsmobile_sandbox.testing import RunningSandbox


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
    code = example("options-and-raw-replies")
    exec(compile(code, "README per-call options", "exec"), {})  # noqa: S102
    assert capsys.readouterr().out.splitlines() == ["True", "200 application/json 1", "True"]
    assert len(sandbox.control.messages()) == 1


def test_tracing(env: dict[str, str]) -> None:
    """In a fresh process: the example sets the process's one global tracer provider."""
    code = example("tracing")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    names = "['smsmobile check_number', 'smsmobile check_number attempt 1']"
    assert result.stdout.strip() == names
