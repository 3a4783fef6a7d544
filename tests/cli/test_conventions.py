"""Command-line conventions a user expects: --version, help that says each thing once, quiet
broken pipes, a documented exit code for a busy port, JSON errors, and error texts that name the
host and say what to do."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import smsmobile
from smsmobile.gateway import make_gateway_app
from smsmobile_sandbox import serve
from smsmobile_sandbox.testing import RunningSandbox

Cli = Callable[..., Any]
NUMBER = "32470123456"
REPO = Path(__file__).resolve().parents[2]


def host_of(sandbox: RunningSandbox) -> str:
    return sandbox.url.removeprefix("http://")


# -- version -------------------------------------------------------------------------------------


def test_version_is_the_one_in_pyproject(cli: Cli) -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert smsmobile.__version__ == version("smsmobile") == declared
    result = cli("--version")
    assert (result.code, result.out, result.err) == (0, f"smsmobile {declared}\n", "")


# -- help ----------------------------------------------------------------------------------------

GLOBAL_OPTIONS = ("--base-url", "--api-key", "--client-id", "--client-secret", "--transport")


def test_global_options_and_exit_codes_are_listed_once(cli: Cli) -> None:
    main_help = cli("--help")
    assert main_help.code == 0
    for option in (*GLOBAL_OPTIONS, "--timeout", "--json", "-v, --verbose", "--version"):
        assert main_help.out.count(f"  {option}") == 1, option
    assert main_help.out.count("exit codes:") == 1
    assert "6  a server command" in main_help.out
    for command in (["send"], ["inbox"], ["inbox", "watch"], ["bulk"], ["token"], ["gateway"]):
        sub = cli(*command, "--help")
        assert sub.code == 0
        assert "exit codes:\n" not in sub.out, command
        for option in GLOBAL_OPTIONS:
            assert f"  {option}" not in sub.out, (command, option)
        assert "`smsmobile --help` lists them" in sub.out


def test_server_commands_list_only_options_that_do_something(cli: Cli) -> None:
    sandbox_help = cli("sandbox", "--help").out
    assert "  --base-url" not in sandbox_help and "  --transport" not in sandbox_help
    assert "the API key it accepts (default sandbox-key)" in sandbox_help
    assert "port (default 8765; 0 picks a free one)" in sandbox_help
    serve_help = cli("webhook", "serve", "--help").out
    for option in GLOBAL_OPTIONS:
        assert f"  {option}" not in serve_help, option
    assert "default 8081, the gateway's is 8080" in serve_help
    assert "default 8080" in cli("gateway", "--help").out


def test_global_options_after_the_command_name(cli: Cli, sandbox: RunningSandbox) -> None:
    result = cli("check", NUMBER, "--base-url", sandbox.url, "--api-key", sandbox.api_key)
    assert (result.code, result.out) == (0, f"{NUMBER}: on WhatsApp\n")


def test_a_credential_option_is_refused_where_it_would_do_nothing(cli: Cli) -> None:
    result = cli("webhook", "serve", "--secret", "s" * 12, "--api-key", "k")
    assert result.code == 2
    assert result.err.endswith("smsmobile: error: unrecognized arguments: --api-key k\n")


# -- broken pipe ---------------------------------------------------------------------------------


def test_inbox_into_a_closed_pipe_ends_quietly_with_exit_0(
    key_cli: Cli,
    command: Callable[..., list[str]],
    sandbox: RunningSandbox,
    processes: list[subprocess.Popen[str]],
) -> None:
    assert key_cli("retrieval", "on").code == 0
    assert key_cli("sync").code == 0
    for n in range(120):  # about 120 KB of table: more than a pipe holds, so the writer blocks
        sandbox.control.inject_inbound(
            number=f"3247{n:07d}", message="x" * 1000, timestamp=1_700_000_000 + n
        )
    process = subprocess.Popen(
        command("inbox"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    processes.append(process)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith("RECEIVED (UTC)")
    assert process.stdout.readline()  # `| head -2`: two lines, then the reader goes away
    process.stdout.close()
    assert process.wait(60) == 0
    assert process.stderr.read() == ""


# -- a port in use -------------------------------------------------------------------------------


def test_a_port_in_use_is_exit_6_with_what_to_do(sandbox: RunningSandbox) -> None:
    # Real processes: a server that failed to bind leaves waitress's half-built dispatcher to
    # the garbage collector, whose closing of reused descriptors has no place in the test run.
    address = host_of(sandbox)
    port = address.rpartition(":")[2]

    def run(*argv: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", *argv], capture_output=True, text=True, timeout=60, check=False
        )
        return done.returncode, done.stderr

    expected = (
        f"smsmobile: error: cannot listen on {address}: the port is in use; stop what holds it "
        "or pick another --port (0: any free one)\n"
    )
    sandbox_says = (
        f"smsmobile sandbox: cannot listen on 127.0.0.1:{port} (Address already in use): pick "
        "another --port (0 picks a free one)\n"
    )
    assert run("smsmobile", "sandbox", "--port", port) == (6, sandbox_says)
    assert run("smsmobile", "webhook", "serve", "--secret", "s" * 12, "--port", port) == (
        6,
        expected,
    )
    assert run("smsmobile_sandbox", "--port", port) == (6, sandbox_says)


# -- JSON errors ---------------------------------------------------------------------------------


def test_json_errors_on_stderr(cli: Cli, key_cli: Cli, sandbox: RunningSandbox) -> None:
    refused = key_cli("--json", "resend", "0" * 40)
    assert refused.code == 4 and refused.out == ""
    assert json.loads(refused.err) == {
        "error": {
            "type": "ServiceError",
            "message": f"{host_of(sandbox)} refused the request (error 10): unknown guid",
            "code": "10",
            "exit_code": 4,
        }
    }
    usage = cli("--json", "send", "--to")
    assert usage.code == 2
    assert json.loads(usage.err) == {
        "error": {
            "type": "UsageError",
            "message": "argument --to: expected one argument",
            "code": None,
            "exit_code": 2,
        }
    }


# -- the sandbox's credentials -------------------------------------------------------------------


@pytest.fixture
def own_sandbox(processes: list[subprocess.Popen[str]]) -> Iterator[str]:
    """`smsmobile sandbox` with its own credentials, as a process; its URL once it is ready."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "smsmobile", "sandbox", "--port", "0"),
            *("--api-key", "mykey-123", "--client-id", "my-client"),
            *("--client-secret", "my-secret-456"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    processes.append(process)
    assert process.stdout is not None
    line = process.stdout.readline()  # the ready line
    assert line.startswith("smsmobile sandbox listening on http://127.0.0.1:"), line
    yield line.split(" on ")[1].strip()
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=15)
    assert process.returncode == 130  # stopped by a signal: the table's "interrupted"


def test_sandbox_accepts_the_credentials_it_is_given(cli: Cli, own_sandbox: str) -> None:
    url = own_sandbox
    assert cli("--base-url", url, "--api-key", "mykey-123", "check", NUMBER).code == 0
    refused = cli("--base-url", url, "--api-key", "sandbox-key", "check", NUMBER)
    assert refused.code == 3
    oauth2 = ("--client-id", "my-client", "--client-secret", "my-secret-456")
    assert cli("--base-url", url, *oauth2, "check", NUMBER).code == 0
    default_client = ("--client-id", "sandbox-client", "--client-secret", "sandbox-secret")
    assert cli("--base-url", url, *default_client, "check", NUMBER).code == 3


# -- error texts ---------------------------------------------------------------------------------


def test_service_error_text(key_cli: Cli, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "status", "status": 400}])
    result = key_cli("send", "--to", NUMBER, "--message", "hi")
    assert (result.code, result.err) == (
        4,
        f"smsmobile: error: {host_of(sandbox)} refused the request (error 400, HTTP 400): "
        "injected fault\n",
    )


def test_outcome_unknown_text(key_cli: Cli, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    result = key_cli("send", "--to", NUMBER, "--message", "hi")
    assert (result.code, result.err) == (
        5,
        "smsmobile: error: outcome unknown: the connection failed during the exchange "
        "(RemoteProtocolError), so the message may or may not have been sent; check the phone's "
        "sent messages (or `smsmobile bulk ... --report` for a bulk row) before sending again\n",
    )


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_refused_connection_and_unknown_name_are_told_apart(cli: Cli, transport: str) -> None:
    def check(base_url: str) -> tuple[int, str]:
        result = cli(
            "--base-url", base_url, "--api-key", "k" * 8, "--transport", transport,
            "--timeout", "2", "check", NUMBER,
        )  # fmt: skip
        return result.code, result.err

    assert check("http://127.0.0.1:9") == (
        5,
        "smsmobile: error: cannot connect to 127.0.0.1:9: the connection was refused; is the "
        "service running there, and is the base URL right?\n",
    )
    assert check("http://no-such-host.invalid") == (
        5,
        "smsmobile: error: cannot connect to no-such-host.invalid: the name was not found "
        "(DNS); check the base URL\n",
    )


def test_authentication_and_rate_limit_texts(
    cli: Cli, key_cli: Cli, sandbox: RunningSandbox
) -> None:
    host = host_of(sandbox)
    wrong = cli("--base-url", sandbox.url, "--api-key", "wrong-key-123", "check", NUMBER)
    assert (wrong.code, wrong.err) == (
        3,
        f"smsmobile: error: authentication refused by {host} (HTTP 403: invalid API key); "
        "check the API key, or the client id and secret\n",
    )
    sandbox.control.faults(
        rules=[
            {"match": "/whatsapp/checknumber/", "action": "status", "status": 429}
            | {"retry_after": 600, "count": 10}
        ]
    )
    limited = key_cli("check", NUMBER)
    assert (limited.code, limited.err) == (
        4,
        f"smsmobile: error: rate limited by {host} (HTTP 429); retry after 600 s\n",
    )


def test_a_service_error_through_the_gateway_is_said_once(
    cli: Cli, sandbox: RunningSandbox
) -> None:
    gateway = serve(make_gateway_app(sandbox.url))
    gateway.start()
    try:
        result = cli(
            "--base-url", gateway.url, "--api-key", sandbox.api_key, "--transport", "soap",
            "resend", "0" * 40,
        )  # fmt: skip
    finally:
        gateway.close()
    assert (result.code, result.err) == (
        4,
        f"smsmobile: error: {gateway.url.removeprefix('http://')} refused the request "
        "(error 10): unknown guid\n",
    )
