"""The gateway is a product of its own: no sandbox code on its path, its own server."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

_IMPORTED = """
import sys
import smsmobile.gateway
app = smsmobile.gateway.make_gateway_app("http://127.0.0.1:9")
print(sorted(name for name in sys.modules if name.startswith("smsmobile_sandbox")))
"""


def test_the_gateway_loads_no_sandbox_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.fixture
def waitress_level() -> Iterator[int]:
    logger = logging.getLogger("waitress")
    before = logger.level
    logger.setLevel(logging.DEBUG)  # what an operator who wants waitress's news sets
    try:
        yield logging.DEBUG
    finally:
        logger.setLevel(before)


def test_the_gateway_server_is_its_own(sandbox: RunningSandbox, waitress_level: int) -> None:
    server = serve(make_gateway_app(sandbox.url))
    server.start()
    try:
        reply = httpx.get(f"{server.url}/healthz", timeout=10)
    finally:
        server.close()
    assert reply.headers["server"] == "smsmobile-gateway"
    # The operator's logging is left as it was.
    assert logging.getLogger("waitress").level == waitress_level
