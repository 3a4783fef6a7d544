"""The pytest plugin of smsmobile: fixtures for testing your own application against the
sandbox, a faithful local SMSMobileAPI. Registered by the `pytest11` entry point of every
install; its fixtures work with `pip install 'smsmobile[testing]'` and raise `MissingExtra`
naming that extra otherwise.

This module imports pytest and the standard library only: a test run that uses none of the
fixtures pays nothing for them (`smsmobile` itself is imported when a fixture is first used).

Fixtures (all names start with `smsmobile_`, so they collide with none of yours):

- `smsmobile_sandbox_server` (session): one sandbox server on 127.0.0.1, an ephemeral port.
- `smsmobile_sandbox`: that server reset to its initial state for this test
  (`.url`, `.api_key`, `.client_id`, `.client_secret`, `.control`).
- `smsmobile_control`: its control client (`smsmobile_sandbox.testing.SandboxControl`):
  `messages()` what was sent, `inject_inbound(...)`, `faults(rules=[...])`, `expire_tokens()`,
  `expire_sync()`, `requests()`, and `call(method, path, payload)` for any other control.
- `smsmobile_client` / `smsmobile_async_client`: `WhatsApp` / `AsyncWhatsApp` pointed at it
  (the async one: `async with smsmobile_async_client as wa:` closes it on your loop).
- `smsmobile_env`: the SMSMOBILEAPI_* variables set so that `WhatsApp.from_env()` in your
  application code talks to the sandbox (undone after the test).
- `smsmobile_webhook_secret`: the secret webhooks are signed with (override it to use yours).
- `smsmobile_webhooks`: a `smsmobile.testing.WebhookDeliverer`: `.deliver(app_or_url, event,
  data=..., path=...)` POSTs a signed Webhook V2 event to a WSGI app, an ASGI app or a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from smsmobile import AsyncWhatsApp, WhatsApp
    from smsmobile.testing import RunningSandbox, SandboxControl, WebhookDeliverer

__all__ = [
    "smsmobile_async_client",
    "smsmobile_client",
    "smsmobile_control",
    "smsmobile_env",
    "smsmobile_sandbox",
    "smsmobile_sandbox_server",
    "smsmobile_webhook_secret",
    "smsmobile_webhooks",
]


def _testing() -> Any:
    """`smsmobile.testing`, or `MissingExtra` naming the `testing` extra."""
    from smsmobile._extras import require

    require("testing", "the smsmobile pytest plugin")
    import smsmobile.testing

    return smsmobile.testing


@pytest.fixture(scope="session")
def smsmobile_sandbox_server() -> Iterator[RunningSandbox]:
    """One sandbox server for the whole test session, on 127.0.0.1 (an ephemeral port)."""
    with _testing().run_sandbox() as running:
        yield running


@pytest.fixture
def smsmobile_sandbox(smsmobile_sandbox_server: RunningSandbox) -> RunningSandbox:
    """The session's sandbox, reset to its initial state: no messages, inbound, faults."""
    smsmobile_sandbox_server.control.reset()
    return smsmobile_sandbox_server


@pytest.fixture
def smsmobile_control(smsmobile_sandbox: RunningSandbox) -> SandboxControl:
    """The sandbox's control client: what was sent, inbound messages, faults, expiry."""
    return smsmobile_sandbox.control


@pytest.fixture
def smsmobile_client(smsmobile_sandbox: RunningSandbox) -> Iterator[WhatsApp]:
    """A `WhatsApp` client of the sandbox (REST, its API key), closed after the test."""
    from smsmobile import ApiKey, WhatsApp

    with WhatsApp(auth=ApiKey(smsmobile_sandbox.api_key), base_url=smsmobile_sandbox.url) as wa:
        yield wa


@pytest.fixture
def smsmobile_async_client(smsmobile_sandbox: RunningSandbox) -> AsyncWhatsApp:
    """An `AsyncWhatsApp` of the sandbox; use it as `async with smsmobile_async_client as wa`
    so that it is closed on your event loop."""
    from smsmobile import ApiKey, AsyncWhatsApp

    return AsyncWhatsApp(auth=ApiKey(smsmobile_sandbox.api_key), base_url=smsmobile_sandbox.url)


@pytest.fixture
def smsmobile_env(
    smsmobile_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """SMSMOBILEAPI_* set for this test so that `WhatsApp.from_env()` reaches the sandbox."""
    environment: dict[str, str] = _testing().sandbox_environment(smsmobile_sandbox)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SMSMOBILEAPI_CLIENT_ID", raising=False)
    monkeypatch.delenv("SMSMOBILEAPI_CLIENT_SECRET", raising=False)
    return environment


@pytest.fixture
def smsmobile_webhook_secret() -> str:
    """The webhook signing secret of `smsmobile_webhooks`; override to use your app's."""
    secret: str = _testing().DEFAULT_WEBHOOK_SECRET
    return secret


@pytest.fixture
def smsmobile_webhooks(smsmobile_webhook_secret: str) -> WebhookDeliverer:
    """Delivers signed Webhook V2 events to your WSGI or ASGI app, or to a URL."""
    deliverer: WebhookDeliverer = _testing().WebhookDeliverer(smsmobile_webhook_secret)
    return deliverer
