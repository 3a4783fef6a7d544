"""`SMSMOBILE_LOG=info|debug`: logging to stderr in a fresh process, with the key in a GET query
string and in a reply that echoes it, and never a key in any line."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

KEY = "live-key-0123456789abcdef"  # long enough to be masked by value, too

# The user's program: a sandbox with that key, and a server whose replies echo the request's
# query string (`apikey=...` and all) and the bare key.
PROGRAM = textwrap.dedent(
    """
    import json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from smsmobile import ApiKey, WhatsApp
    from smsmobile_sandbox.testing import run_sandbox

    KEY = sys.argv[1]

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(
                {"error": "0", "number": "32470123456", "whatsapp": "1",
                 "seen": self.path, "key": KEY}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    echo = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    with run_sandbox(api_key=KEY, quiet=True) as sandbox:
        sandbox.control.set_retrieval(True)
        with WhatsApp(auth=ApiKey(KEY), base_url=sandbox.url) as wa:
            wa.synchronize()
            wa.send("+32470123456", "Hello")
        with WhatsApp(auth=ApiKey(KEY), base_url=sandbox.url, transport="soap") as wa:
            wa.check_number("+32470123456")
    with WhatsApp(auth=ApiKey(KEY), base_url=f"http://127.0.0.1:{echo.server_port}") as wa:
        print(wa.check_number("+32470123456").on_whatsapp)
    echo.shutdown()
    """
)


def _run(level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SMSMOBILE_LOG"}
    if level is not None:
        env["SMSMOBILE_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, KEY],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("level", ["debug", "DEBUG", "info"])
def test_the_switch_logs_every_request_with_the_key_masked(level: str) -> None:
    result = _run(level)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    lines = result.stderr.splitlines()
    assert lines, "the switch logged nothing"
    leaks = [line for line in lines if KEY in line or KEY[5:17] in line]
    assert not leaks
    requests = [line for line in lines if "HTTP Request: GET" in line]
    assert any("/getwa/synchronisation/?apikey=***" in line for line in requests)
    assert any("/whatsapp/checknumber/" in line and "apikey=***" in line for line in requests)
    debug = [line for line in lines if " DEBUG " in line]
    if level.lower() == "debug":
        echoed = [line for line in debug if '"seen": "/whatsapp/checknumber/' in line]
        assert echoed and all('"key": "***"' in line for line in echoed)
        assert any("SOAP CheckNumber request" in line for line in debug)
    else:
        assert not debug


def test_unset_or_unknown_levels_log_nothing() -> None:
    assert _run(None).stderr == ""
    shouted = _run("loud")
    assert shouted.returncode == 0
    assert shouted.stderr.strip() == "SMSMOBILE_LOG='loud' ignored: use info or debug"
