"""Shared fixtures: one real sandbox server per test session on 127.0.0.1 (ephemeral port),
reset to its initial state before every test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smsmobile_sandbox.testing import RunningSandbox, run_sandbox


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[RunningSandbox]:
    with run_sandbox() as running:
        yield running


@pytest.fixture
def sandbox(_sandbox_server: RunningSandbox) -> RunningSandbox:
    """A running sandbox in its initial state: `sandbox.url`, `sandbox.control`."""
    _sandbox_server.control.reset()
    return _sandbox_server
