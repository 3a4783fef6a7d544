"""`serve`: runs the receiver under waitress until interrupted, then returns cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import httpx
from webhook_support import SECRET, encode, envelope, post_signed

SCRIPT = textwrap.dedent(
    """
    import sys
    from smsmobile.webhooks import serve

    def handle(event):
        print("handled", event.id, flush=True)

    serve(sys.argv[1], handle, port=0, ready=lambda url: print(url, flush=True))
    print("stopped", flush=True)
    """
)


def test_serve_receives_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, SECRET],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        document = envelope()
        with httpx.Client(timeout=10) as http:
            assert post_signed(http, url, encode(document)).status_code == 202
        assert process.stdout.readline().split() == ["handled", document["id"]]
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert out.strip() == "stopped"
    assert SECRET not in out + err
