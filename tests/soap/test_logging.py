"""At DEBUG the SOAP envelopes are logged, with no key, token or secret in any line."""

from __future__ import annotations

import logging

import pytest

from smsmobile import ApiKey, OAuth2ClientCredentials, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox


@pytest.mark.parametrize("kind", ["apikey", "oauth2"])
def test_envelopes_are_logged_without_secrets(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    auth = (
        ApiKey(sandbox.api_key)
        if kind == "apikey"
        else OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    )
    with (
        caplog.at_level(logging.DEBUG),
        WhatsApp(auth=auth, base_url=sandbox.url, transport="soap") as wa,
    ):
        wa.send("32470123456", "hello")
        wa.check_number("32470123456")
        sandbox.control.revoke_tokens()
        wa.check_number("32470123456")  # a refused token, then a new one
    lines = [record.getMessage() for record in caplog.records]
    assert any("SendWhatsAppRequest" in line for line in lines)
    assert any("CheckNumberResponse" in line for line in lines)
    secrets = [sandbox.api_key, sandbox.client_secret]
    tokens = [line for line in lines if "Bearer " in line and "Bearer ***" not in line]
    assert tokens == []
    for secret in secrets:
        assert all(secret not in line for line in lines), secret
    if kind == "apikey":
        assert any("apikey>***<" in line for line in lines)
