"""No secret (API key, client secret, access token) in any log line, exception message or repr."""

from __future__ import annotations

import logging

import pytest
import requests
from adapter_support import MakeClient, token_provider_of

from smsmobile import ApiKey, OAuth2ClientCredentials, SmsMobileError, Timeouts, WhatsApp
from smsmobile._redact import redact, register_secret
from smsmobile_sandbox.testing import RunningSandbox


def _issued_token(sandbox: RunningSandbox) -> str:
    reply = requests.post(
        sandbox.url + "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
        timeout=5,
    )
    token: str = reply.json()["access_token"]
    return token


def test_a_full_session_logs_no_secret(
    sandbox: RunningSandbox, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level: ours, httpx, oauthlib, urllib3
    sandbox.control.faults(
        rules=[
            {"match": "/getwa/synchronisation/", "action": "status", "status": 503},
            {"match": "/sendsms/", "action": "status", "status": 500, "when": "after"},
        ]
    )
    errors: list[SmsMobileError] = []
    clients: list[WhatsApp] = []
    for kind in ("oauth2", "apikey"):
        wa = make_client(kind)
        clients.append(wa)
        wa.set_retrieval(True)
        wa.synchronize()
        sandbox.control.inject_inbound(number="33612345678", message="hi")
        list(wa.messages())
        wa.check_number("33612345678")
        try:
            wa.send("33612345678", "hello")
        except SmsMobileError as error:
            errors.append(error)
        sandbox.control.revoke_tokens()
        wa.send("33612345678", "hello again", media_url="https://example.com/a.pdf")
    for bad in (ApiKey("wrong-api-key-value"), OAuth2ClientCredentials("x", "wrong-secret-value")):
        try:
            make_client(auth=bad).synchronize()
        except SmsMobileError as error:
            errors.append(error)
    provider = token_provider_of(clients[0])
    assert provider is not None and provider.fetch_count == 2
    token = provider.token()

    text = caplog.text + "\n".join(repr(r.args) + r.getMessage() for r in caplog.records)
    assert "smsmobile" in {r.name for r in caplog.records}
    assert "/sendsms/" in caplog.text  # the requests were logged ...
    assert len(errors) == 3
    secrets = (sandbox.api_key, sandbox.client_secret, token, "wrong-api-key-value",
               "wrong-secret-value")  # fmt: skip
    for secret in secrets:  # ... without any secret
        assert secret not in text
        for failure in errors:
            assert secret not in str(failure) and secret not in repr(failure)
            assert secret not in repr(getattr(failure, "cause", None))
        for client in clients:
            assert secret not in repr(client) and secret not in repr(client.auth)


def test_redact_masks_every_shape() -> None:
    samples = {
        "GET /getwa/?apikey=abc123&date=2025-01-01": "GET /getwa/?apikey=***&date=2025-01-01",
        '{"apikey": "abc123", "x": 1}': '{"apikey": "***", "x": 1}',
        "{'access_token': 'tok', 'expires_in': 60}": "{'access_token': '***', 'expires_in': 60}",
        "grant_type=client_credentials&client_id=me&client_secret=s3": (
            "grant_type=client_credentials&client_id=me&client_secret=***"
        ),
        "<tns:apikey>abc123</tns:apikey>": "<tns:apikey>***</tns:apikey>",
        "<apikey>abc</apikey>": "<apikey>***</apikey>",
        "Authorization: Bearer eyJ.abc-_~+/=": "Authorization: Bearer ***",
    }
    for raw, expected in samples.items():
        assert redact(raw) == expected
    register_secret("registered-secret-42")
    assert redact("x registered-secret-42 y") == "x *** y"
    register_secret("secret")  # too short to mask safely by value: ignored
    assert redact("client_secret=s3 secret") == "client_secret=*** secret"


def test_token_provider_repr_has_no_token(sandbox: RunningSandbox) -> None:
    auth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    provider = auth.token_provider(sandbox.url, Timeouts())
    token = provider.token()
    assert token not in repr(provider) and sandbox.client_secret not in repr(provider)
    provider.close()


def test_issued_tokens_look_like_the_clients(sandbox: RunningSandbox) -> None:
    """Sanity check of the helper above: tokens are opaque strings, redacted once registered."""
    token = _issued_token(sandbox)
    register_secret(token)
    assert token not in redact(f"token {token}")
