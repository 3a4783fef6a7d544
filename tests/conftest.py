"""Shared fixtures: one real sandbox server per test session on 127.0.0.1 (ephemeral port),
reset to its initial state before every test that uses it; and, around every test, a scan of
the log records of our library (and of the libraries it drives) for secrets."""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from child_processes import kill_now

from smsmobile import _redact
from smsmobile_sandbox._service import SandboxService
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

# tests/plugin/ runs user test projects with pytest's own `pytester` (declared here: pytest takes
# `pytest_plugins` from the top-level conftest only).
pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def _sandbox_server() -> Iterator[RunningSandbox]:
    with run_sandbox() as running:
        yield running


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[Any]]]:
    """Processes a test starts (append them); any still running at its end are killed."""
    started: list[subprocess.Popen[Any]] = []
    yield started
    for process in started:
        if process.poll() is None:
            kill_now(process)


@pytest.fixture
def sandbox(_sandbox_server: RunningSandbox) -> RunningSandbox:
    """A running sandbox in its initial state: `sandbox.url`, `sandbox.control`."""
    _sandbox_server.control.reset()
    return _sandbox_server


# -- no secret in any log line -------------------------------------------------------------------
#
# Which secrets: the sandbox's default key and client secret; every access token any in-process
# sandbox issued during the session (recorded by wrapping `SandboxService.issue_token`, the one
# place tokens are minted: the sandbox does not expose them, and the client's cached token is
# private to its provider); and every value the library itself registered as a secret (keys and
# client secrets of every client built, every token fetched), whose leak through a logger without
# the redacting filter is exactly what this scan is for.
#
# Which records: those of our library (`smsmobile*`, not `smsmobile_sandbox*`) and of
# requests-oauthlib and oauthlib in every test; httpx, httpcore and urllib3 only in the
# directories whose tests drive the library; zeep only where our SOAP transport is the caller.
# Elsewhere those libraries log requests the TESTS make (`?apikey=sandbox-key` in a URL, the
# apikey element of a raw zeep caller of the sandbox or the gateway), which is no leak of ours;
# scanning them made such tests pass or fail depending on which test had built a client first.

KNOWN_SECRETS = ("sandbox-key", "sandbox-secret")
_ALWAYS_SCANNED = ("smsmobile", "requests_oauthlib", "oauthlib")
_NEVER_SCANNED = ("smsmobile_sandbox",)
_HTTP_LIBRARIES = ("httpx", "httpcore", "urllib3")
_ZEEP = ("zeep",)
_CLIENT_TEST_DIRS = frozenset(
    {"adapter", "async", "contract", "cli", "gateway", "hardening", "soap"}
)
_SOAP_CLIENT_TEST_DIRS = _CLIENT_TEST_DIRS - {"gateway"}  # gateway tests call it with raw zeep
_TESTS = Path(__file__).parent

_issued_tokens: set[str] = set()
_issued_lock = threading.Lock()
_original_issue_token = SandboxService.issue_token


def _recording_issue_token(
    self: SandboxService, client_id: str, client_secret: str
) -> tuple[str, int] | None:
    issued = _original_issue_token(self, client_id, client_secret)
    if issued is not None:
        with _issued_lock:
            _issued_tokens.add(issued[0])
    return issued


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _scanned(name: str, http_too: bool, zeep_too: bool) -> bool:
    if _in(name, _NEVER_SCANNED):
        return False
    return (
        _in(name, _ALWAYS_SCANNED)
        or (http_too and _in(name, _HTTP_LIBRARIES))
        or (zeep_too and _in(name, _ZEEP))
    )


def _known_secrets() -> set[str]:
    with _issued_lock:
        found = set(_issued_tokens)
    found.update(KNOWN_SECRETS)
    found.update(_redact._secrets)
    return {secret for secret in found if len(secret) >= 8}


@pytest.fixture(scope="session", autouse=True)
def _record_issued_tokens() -> Iterator[None]:
    SandboxService.issue_token = _recording_issue_token  # type: ignore[method-assign]
    try:
        yield
    finally:
        SandboxService.issue_token = _original_issue_token  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_secret_in_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if a scanned log record, formatted, holds a known secret."""
    try:
        relative = Path(str(request.node.path)).resolve().relative_to(_TESTS.resolve())
        http_too = relative.parts[0] in _CLIENT_TEST_DIRS
        zeep_too = relative.parts[0] in _SOAP_CLIENT_TEST_DIRS
    except ValueError:
        http_too = zeep_too = False
    capture = _Capture()
    root = logging.getLogger()
    levels: dict[str, int] = {}
    for name in (*_ALWAYS_SCANNED, *_HTTP_LIBRARIES, *_ZEEP):
        logger = logging.getLogger(name)
        levels[name] = logger.level
        logger.setLevel(logging.DEBUG)
    root.addHandler(capture)
    try:
        yield
    finally:
        root.removeHandler(capture)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    secrets = _known_secrets()
    leaks: list[str] = []
    for record in capture.records:
        if not _scanned(record.name, http_too, zeep_too):
            continue
        text = _format(capture, record)
        for secret in secrets:
            if secret in text:
                leaks.append(f"{record.name}: secret {_hint(secret)} in {text[:300]!r}")
    if leaks:
        pytest.fail("secret in a log record:\n" + "\n".join(leaks[:20]), pytrace=False)


def _format(capture: _Capture, record: logging.LogRecord) -> str:
    try:
        return capture.format(record)
    except Exception:  # a broken record: scan its parts as they are
        parts: list[Any] = [record.msg, record.args, record.exc_text]
        return " ".join(str(part) for part in parts)


def _hint(secret: str) -> str:
    """Enough of a secret to recognise it in a report, not enough to use it."""
    return f"{secret[:4]}...({len(secret)} chars)"
