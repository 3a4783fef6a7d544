"""Fixtures of the adapter tests: clients of the real sandbox, with each kind of credential."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from adapter_support import FAST, MakeClient, credentials

from smsmobile import WhatsApp
from smsmobile_sandbox.testing import RunningSandbox


@pytest.fixture
def make_client(sandbox: RunningSandbox) -> Iterator[MakeClient]:
    """Build clients of the sandbox (closed at the end): `make_client("oauth2", retry=...)`."""
    made: list[WhatsApp] = []

    def make(kind: str = "apikey", **kwargs: Any) -> WhatsApp:
        auth_options = {k: kwargs.pop(k) for k in ("refresh_margin", "token_url") if k in kwargs}
        kwargs.setdefault("auth", credentials(sandbox, kind, **auth_options))
        kwargs.setdefault("base_url", sandbox.url)
        kwargs.setdefault("retry", FAST)
        client = WhatsApp(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(params=["apikey", "oauth2"])
def auth_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def wa(make_client: MakeClient, auth_kind: str) -> WhatsApp:
    """A client of the sandbox, once with the API key and once with OAuth2."""
    client: WhatsApp = make_client(auth_kind)
    return client


@pytest.fixture
def inbox(sandbox: RunningSandbox, wa: WhatsApp) -> WhatsApp:
    """`wa` with retrieval on and a synchronisation window open."""
    wa.set_retrieval(True)
    wa.synchronize()
    return wa
