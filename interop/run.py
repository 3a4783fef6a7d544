"""`make interop`: SOAP toolkits nobody here wrote call the sandbox and a gateway.

Starts the sandbox and a held-OAuth2 gateway in front of the sandbox's REST on free 127.0.0.1
ports, then runs each toolkit's client (PHP SoapClient, Java JAX-WS from wsimport, node `soap`)
against them, one after the other: they share the sandbox's state. Each client calls every
WhatsApp operation and one operation of each other tag of the service (sms, devices, calls,
notifications, email: ListReceivedSms, ListDevices, ListMissedCalls, SendNotification, ListEmails,
and ListDevices through the gateway), reads every kind of fault, over SOAP 1.1, SOAP 1.2 and
WS-Security, and prints one line; we print that line per toolkit and exit non-zero when any
failed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from smsmobile import OAuth2ClientCredentials, RetryPolicy
from smsmobile import gateway as gateway_product
from smsmobile_sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, make_app, serve

HERE = Path(__file__).resolve().parent
API_KEY = "interop-api-key"
GATEWAY_KEY = "interop-gateway-key"
TIMEOUT = 180  # seconds per toolkit, generous for a busy 2-core machine
JAXWS_CLASSPATH = "/usr/share/jaxws/lib/*"


def _run(name: str, command: Sequence[str], cwd: Path, *, silent: bool = False) -> tuple[bool, str]:
    """Run one step; (succeeded, its last line of output, or why it failed). A `silent` step
    (a build) succeeds by its exit status alone."""
    if shutil.which(command[0]) is None:
        return False, f"{name}: FAILED: {command[0]} is not installed"
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return False, f"{name}: FAILED: no result within {TIMEOUT} s"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if done.returncode != 0 or not (last or silent):
        tail = " | ".join((done.stderr.strip().splitlines() or ["no output"])[-3:])
        return False, last or f"{name}: FAILED (exit {done.returncode}): {tail}"
    return True, last


def _java(sandbox: str, gateway: str) -> tuple[bool, str]:
    """wsimport the WSDL as served (both ports: -extension), compile, run."""
    build = HERE / "java" / "build"
    shutil.rmtree(build, ignore_errors=True)
    (build / "src").mkdir(parents=True)
    (build / "classes").mkdir()
    ok, line = _run(
        "java jax-ws",
        [
            "wsimport",
            "-extension",
            "-quiet",
            "-Xnocompile",
            "-s",
            "src",
            "-d",
            "classes",
            "-p",
            "smsmobile.interop.ws",
            f"{sandbox}/soap?wsdl",
        ],  # fmt: skip
        build,
        silent=True,
    )
    if not ok:
        return False, f"java jax-ws: FAILED in wsimport: {line}"
    sources = [str(path) for path in (build / "src").rglob("*.java")]
    ok, line = _run(
        "java jax-ws",
        [
            "javac",
            "-nowarn",
            "-cp",
            JAXWS_CLASSPATH,
            "-d",
            "classes",
            *sources,
            str(HERE / "java" / "Interop.java"),
        ],  # fmt: skip
        build,
        silent=True,
    )
    if not ok:
        return False, f"java jax-ws: FAILED in javac: {line}"
    return _run(
        "java jax-ws",
        [
            "java",
            "-cp",
            f"classes:{JAXWS_CLASSPATH}",
            "smsmobile.interop.Interop",
            sandbox,
            gateway,
            API_KEY,
            GATEWAY_KEY,
        ],  # fmt: skip
        build,
    )


def main() -> int:
    sandbox = serve(make_app(api_key=API_KEY))
    sandbox.start()
    gateway = gateway_product.serve(  # the gateway's own server, as `smsmobile gateway` runs it
        gateway_product.make_gateway_app(
            sandbox.url,
            oauth2=OAuth2ClientCredentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            gateway_keys=[GATEWAY_KEY],
            retry=RetryPolicy(attempts=2, backoff=0.05),
        )
    )
    gateway.start()
    arguments = [sandbox.url, gateway.url, API_KEY, GATEWAY_KEY]
    results: list[bool] = []
    try:
        steps: list[Callable[[], tuple[bool, str]]] = [
            lambda: _run("php soapclient", ["php", "interop.php", *arguments], HERE / "php"),
            lambda: _java(sandbox.url, gateway.url),
            lambda: _run("node soap", ["node", "interop.js", *arguments], HERE / "node"),
        ]
        for step in steps:
            started = time.monotonic()
            ok, line = step()
            results.append(ok)
            print(f"{line} [{time.monotonic() - started:.1f} s]", flush=True)
    finally:
        gateway.close()
        sandbox.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
