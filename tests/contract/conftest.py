"""Fixtures of the contract suite: one client per kind (`WhatsApp`, and `AsyncWhatsApp` driven
through `SyncBridge`), transport (rest, soap over SOAP 1.1, soap12 over the WSDL's SOAP 1.2
binding) and auth (API key, OAuth2 client credentials), all against the session's sandbox: every
case runs over {sync, async} x {rest, soap, soap12}.

Fault rules are per transport: REST requests go to the operation's own path, every SOAP request
goes to /soap. `fault_path` picks the right one.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from async_bridge import EventLoopThread, SyncBridge
from contract_support import AuthKind, Factory, TransportName, credentials

from smsmobile import AsyncWhatsApp, RetryPolicy, Timeouts, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox


@pytest.fixture(params=["rest", "soap", "soap12"])
def transport(request: pytest.FixtureRequest) -> TransportName:
    name: TransportName = request.param
    return name


@pytest.fixture(params=["apikey", "oauth2"])
def auth_kind(request: pytest.FixtureRequest) -> AuthKind:
    kind: AuthKind = request.param
    return kind


@pytest.fixture(params=["sync", "async"])
def client_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def make_client(sandbox: RunningSandbox, client_kind: str) -> Iterator[Factory]:
    """Build (and close at teardown) a client: `make_client(transport, auth_kind, **overrides)`;
    of `client_kind`, so each case runs against `WhatsApp` and against `AsyncWhatsApp`."""
    built: list[Any] = []
    runner = EventLoopThread() if client_kind == "async" else None

    def build(transport: TransportName, kind: AuthKind = "apikey", **overrides: Any) -> WhatsApp:
        options: dict[str, Any] = {
            "auth": credentials(sandbox, kind),
            "base_url": sandbox.url,
            "transport": "soap" if transport == "soap12" else transport,
            "retry": RetryPolicy(backoff=0.01),
            "timeout": Timeouts(connect=2.0, read=5.0),
        }
        if transport == "soap12":
            options["soap_version"] = "1.2"
        options.update(overrides)
        client: Any
        if runner is None:
            client = WhatsApp(**options)
        else:
            client = SyncBridge(AsyncWhatsApp(**options), runner)
        built.append(client)
        return client

    yield build
    for client in built:
        client.close()
    if runner is not None:
        runner.close()


@pytest.fixture
def wa(make_client: Factory, transport: TransportName, auth_kind: AuthKind) -> WhatsApp:
    """The client under test, for every transport and auth."""
    return make_client(transport, auth_kind)


@pytest.fixture
def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
