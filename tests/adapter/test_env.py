"""`WhatsApp.from_env` and `WhatsApp()` without auth read SMSMOBILEAPI_* variables."""

from __future__ import annotations

import subprocess
import sys

import pytest
from adapter_support import token_provider_of

from smsmobile import ApiKey, InvalidRequest, OAuth2ClientCredentials, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

VARIABLES = (
    "SMSMOBILEAPI_API_KEY",
    "SMSMOBILEAPI_CLIENT_ID",
    "SMSMOBILEAPI_CLIENT_SECRET",
    "SMSMOBILEAPI_BASE_URL",
    "SMSMOBILEAPI_TRANSPORT",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_api_key_from_env(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_TRANSPORT", "rest")

    with WhatsApp.from_env() as wa:
        assert isinstance(wa.auth, ApiKey)
        assert wa.transport_name == "rest" and token_provider_of(wa) is None
        wa.send("33612345678", "from env")
    assert sandbox.control.messages()[0]["auth"] == "apikey"


def test_client_credentials_from_env(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSMOBILEAPI_CLIENT_ID", sandbox.client_id)
    monkeypatch.setenv("SMSMOBILEAPI_CLIENT_SECRET", sandbox.client_secret)
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", "ignored-when-oauth2-is-configured")

    with WhatsApp(base_url=sandbox.url) as wa:
        assert isinstance(wa.auth, OAuth2ClientCredentials)
        wa.send("33612345678", "from env")
    assert sandbox.control.messages()[0]["auth"] == "oauth2"


def test_overrides_win(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", "not-the-key")
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", "https://example.invalid")
    with WhatsApp.from_env(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        assert wa.check_number("33612345678").on_whatsapp


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({}, "auth"),
        ({"SMSMOBILEAPI_CLIENT_ID": "only-the-id"}, "auth"),
        ({"SMSMOBILEAPI_API_KEY": "k", "SMSMOBILEAPI_TRANSPORT": "grpc"}, "transport"),
        ({"SMSMOBILEAPI_API_KEY": "k", "SMSMOBILEAPI_BASE_URL": "ftp://x"}, "base_url"),
    ],
)
def test_missing_or_bad_configuration(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], field: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(InvalidRequest) as invalid:
        WhatsApp.from_env()
    assert invalid.value.field == field
    if field == "auth":
        with pytest.raises(InvalidRequest):
            WhatsApp()


def test_import_is_light() -> None:
    """`import smsmobile` pulls in neither zeep nor requests-oauthlib, nor asyncio (a large
    part of the import, for users who never go async)."""
    code = (
        "import sys, smsmobile\n"
        "heavy = [m for m in sys.modules\n"
        "         if m.split('.')[0] in ('zeep', 'requests_oauthlib', 'oauthlib', 'asyncio')]\n"
        "assert not heavy, heavy\n"
        "assert set(smsmobile.__all__) <= set(dir(smsmobile))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_constructor_honours_base_url_and_transport_from_env(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`WhatsApp()` as the README sets it up: the key, the URL and the transport from env."""
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_TRANSPORT", "soap")

    with WhatsApp() as wa:
        assert (wa.base_url, wa.transport_name) == (sandbox.url, "soap")
        wa.send("33612345678", "configured by the environment")
    assert sandbox.control.messages()[0]["via"] == "soap"


def test_arguments_win_over_env_setting_by_setting(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_TRANSPORT", "soap")

    with WhatsApp(transport="rest") as wa:  # the URL and key still from the environment
        assert (wa.base_url, wa.transport_name) == (sandbox.url, "rest")
        wa.send("33612345678", "rest by argument")
    assert sandbox.control.messages()[0]["via"] == "rest"


def test_from_env_takes_the_constructors_keywords_and_nothing_else(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect

    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    with pytest.raises(TypeError, match="tranport"):
        WhatsApp.from_env(tranport="soap")  # type: ignore[call-arg]
    from_env = inspect.signature(WhatsApp.from_env).parameters
    constructor = inspect.signature(WhatsApp).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in from_env.values())
    assert list(from_env) == list(constructor)


def test_the_cli_reads_the_same_environment(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smsmobile.__main__ import main

    monkeypatch.setenv("SMSMOBILEAPI_API_KEY", sandbox.api_key)
    monkeypatch.setenv("SMSMOBILEAPI_BASE_URL", sandbox.url)
    monkeypatch.setenv("SMSMOBILEAPI_TRANSPORT", "soap")
    assert main(["send", "--to", "33612345678", "--message", "cli"]) == 0
    assert sandbox.control.messages()[0]["via"] == "soap"


def test_the_gateway_reads_client_credentials_through_the_same_resolver() -> None:
    from smsmobile.gateway import app_from_env

    with pytest.raises(InvalidRequest) as invalid:
        app_from_env({"SMSMOBILEAPI_CLIENT_ID": "only-the-id", "SMSMOBILE_GATEWAY_KEYS": "k"})
    assert (invalid.value.field, invalid.value.rule) == (
        "auth",
        "SMSMOBILEAPI_CLIENT_SECRET is not set (OAuth2 needs both)",
    )
