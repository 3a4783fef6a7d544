"""`smsmobile gateway` as an operator runs it: a real process, a SOAP caller, a sandbox."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import zeep

from smsmobile_sandbox.testing import RunningSandbox


def start_gateway(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "smsmobile", "gateway", "--port", "0", *args],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"on (http://\S+)/soap ", line)
    assert found, line
    return process, found.group(1)


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=10)


def test_pass_through_gateway_process(sandbox: RunningSandbox) -> None:
    process, url = start_gateway(["--upstream", sandbox.url], {})
    try:
        service = zeep.Client(f"{url}/soap?wsdl").service
        sent = service.SendWhatsApp(
            apikey=sandbox.api_key, recipients="191728660", message="via the gateway"
        )
    finally:
        code = stop(process)
    assert code == 130  # stopped by SIGTERM: the README table's "interrupted"
    assert [(m["guid"], m["message"]) for m in sandbox.control.messages()] == [
        (sent.id, "via the gateway")
    ]


def test_held_oauth2_gateway_process_with_a_keys_file(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    keys.write_text("# callers\nerp-key-0123456789\n")
    process, url = start_gateway(
        ["--upstream", sandbox.url, "--keys-file", str(keys)],
        {
            "SMSMOBILEAPI_CLIENT_ID": sandbox.client_id,
            "SMSMOBILEAPI_CLIENT_SECRET": sandbox.client_secret,
        },
    )
    try:
        service = zeep.Client(f"{url}/soap?wsdl").service
        check = service.CheckNumber(apikey="erp-key-0123456789", recipients="191728660")
    finally:
        assert process.stderr is not None
        code = stop(process)
        logged = process.stderr.read()
    assert code == 130  # stopped by SIGTERM: the README table's "interrupted"
    assert check.whatsapp == "1"
    assert sandbox.control.stats()["token_requests"] == 1
    assert sandbox.client_secret not in logged and "erp-key-0123456789" not in logged


def test_threads_sets_the_worker_threads(sandbox: RunningSandbox) -> None:
    process, url = start_gateway(["--upstream", sandbox.url, "--threads", "3"], {})
    try:
        service = zeep.Client(f"{url}/soap?wsdl").service
        service.SendWhatsApp(apikey=sandbox.api_key, recipients="191728660", message="3 threads")
        # 3 workers, the loop, the main thread and a few of Python's own; the default is 16
        threads = len(os.listdir(f"/proc/{process.pid}/task"))
    finally:
        stop(process)
    assert 3 + 2 <= threads < 16


def test_threads_must_be_at_least_one() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smsmobile", "gateway", "--threads", "0"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--threads" in result.stderr and "must be 1 or more" in result.stderr


def test_held_mode_without_keys_is_a_usage_error(sandbox: RunningSandbox) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smsmobile",
            "gateway",
            "--upstream",
            sandbox.url,
            "--client-id",
            "id",
            "--client-secret",
            "secret",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMSMOBILE")},
    )
    assert result.returncode == 2
    assert "gateway keys" in result.stderr


def test_waitress_serve_call_as_the_readme_writes_it(sandbox: RunningSandbox) -> None:
    waitress_serve = Path(sys.executable).parent / "waitress-serve"
    process = subprocess.Popen(
        [
            str(waitress_serve),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--threads",
            "4",
            "--connection-limit",
            "500",
            "--channel-timeout",
            "30",
            "--max-request-body-size",
            "1048577",
            "--ident",
            "smsmobile-gateway",
            "--call",
            "smsmobile.gateway:app_from_env",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SMSMOBILE_GATEWAY_UPSTREAM": sandbox.url},
    )
    try:
        assert process.stderr is not None
        found = None
        while found is None:
            line = process.stderr.readline()
            assert line, "waitress-serve exited before serving"
            found = re.search(r"Serving on (http://\S+)", line)
        service = zeep.Client(f"{found.group(1)}/soap?wsdl").service
        sent = service.SendWhatsApp(apikey=sandbox.api_key, recipients="191728660", message="w")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert [m["guid"] for m in sandbox.control.messages()] == [sent.id]
