"""Helpers for the command-line tests: run `smsmobile` in-process (fast) or as a real process."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from smsmobile.__main__ import main
from smsmobile_sandbox.testing import RunningSandbox


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SMSMOBILEAPI_* from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("SMSMOBILEAPI_"):
            monkeypatch.delenv(name)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """`cli(*argv)`: run the command line in-process; exit code, stdout, stderr."""

    def run(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def key_cli(cli: Cli, sandbox: RunningSandbox) -> Cli:
    """`cli` with the sandbox's URL and API key already given."""

    def run(*argv: str) -> Result:
        return cli("--base-url", sandbox.url, "--api-key", sandbox.api_key, *argv)

    return run


@pytest.fixture
def command(sandbox: RunningSandbox) -> Callable[..., list[str]]:
    """`command(*argv)`: the argv of a real `python -m smsmobile` process against the sandbox,
    with its URL and API key."""

    def build(*argv: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "smsmobile",
            "--base-url",
            sandbox.url,
            "--api-key",
            sandbox.api_key,
            *argv,
        ]

    return build
