"""An idle server of ours sleeps: its waitress loop blocks in poll() until something happens.

waitress reads `asyncore_loop_timeout` as an int of seconds; the 0.1 we once gave it became 0,
a poll() that never blocked, and every idle gateway, sandbox and webhook receiver spun a core
(half the gateway's CPU per request under load went to that loop).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from smsmobile._serving import ExposedServer
from smsmobile_sandbox import make_app, serve


def _hello(environ: dict[str, object], start_response: object) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])  # type: ignore[operator]
    return [b"hello"]


def _cpu_ticks(native_id: int) -> int:
    """User + system CPU ticks one thread of this process has used (Linux /proc)."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.mark.parametrize("kind", ["sandbox", "exposed"])
def test_the_loop_of_an_idle_server_uses_no_cpu(kind: str) -> None:
    server = serve(make_app()) if kind == "sandbox" else ExposedServer(_hello, ident="idle-test")
    server.start()
    try:
        with httpx.Client(base_url=server.url) as client:  # a keep-alive connection, left idle
            client.get("/healthz")
            loop = server._thread
            assert loop is not None and loop.native_id is not None
            before = _cpu_ticks(loop.native_id)
            time.sleep(1.0)  # a measuring window, not a wait for anything
            used = _cpu_ticks(loop.native_id) - before
        # A spinning loop takes every tick the scheduler gives it: 100 a second alone, still
        # tens on a loaded 2-core machine. A sleeping one wakes for nothing.
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        assert used <= ticks_per_second // 25, f"idle loop used {used} ticks in 1 s"
    finally:
        started = time.monotonic()
        server.close()
        closing = time.monotonic() - started
    assert closing < 5  # close() wakes the blocked loop through its trigger, no timeout waited
