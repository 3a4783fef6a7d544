"""Fixtures of the SOAP-only tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from soap_scripted import ScriptedServer
from soap_scripted import scripted_server as _serve


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than 20 s (still runs by default)")


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    """A SOAP endpoint at `.url` that answers `.reply` and records request bodies."""
    with _serve() as server:
        yield server
