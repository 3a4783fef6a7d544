"""Errors that say what happened, through the public API against the sandbox: https against a
plain-http server names TLS and says the request was not sent; a dead proxy from the environment
is blamed, not the service; `OutcomeUnknown` carries what it was about and how to check."""

from __future__ import annotations

import pytest

from smsmobile import ApiKey, ConnectError, OutcomeUnknown, RetryPolicy, Timeouts, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

ONE_TRY = RetryPolicy(attempts=1)


@pytest.fixture(autouse=True)
def _no_proxy_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_https_against_plain_http_names_tls_and_says_nothing_was_sent(
    sandbox: RunningSandbox, transport: str
) -> None:
    https = sandbox.url.replace("http://", "https://")
    wa = WhatsApp(
        auth=ApiKey(sandbox.api_key),
        base_url=https,
        transport=transport,  # type: ignore[arg-type]
        wsdl=None if transport == "rest" else f"{sandbox.url}/soap?wsdl",
        timeout=Timeouts(connect=1, read=2),
        retry=ONE_TRY,
    )
    with wa, pytest.raises(ConnectError) as failed:
        wa.send("32470123456", "over TLS?")
    text = str(failed.value)
    assert "TLS handshake" in text, text
    assert "http://" in text and "the request was not sent" in text
    assert "check the network" not in text
    assert sandbox.control.messages() == []


def test_a_dead_proxy_is_blamed_not_the_service(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://user:proxy-pass@127.0.0.1:9")
    service = sandbox.url.replace("127.0.0.1", "localhost")
    with (
        WhatsApp(auth=ApiKey(sandbox.api_key), base_url=service, retry=ONE_TRY) as wa,
        pytest.raises(ConnectError) as failed,
    ):
        wa.check_number("32470123456")
    text = str(failed.value)
    assert text.startswith("cannot connect to the proxy 127.0.0.1:9 (HTTP_PROXY, on the way to ")
    assert "is the service running" not in text and "NO_PROXY" in text
    assert "proxy-pass" not in text and "user" not in text


def test_outcome_unknown_carries_its_call_and_how_to_check(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        with pytest.raises(OutcomeUnknown) as unknown:
            wa.send("+32 470 12 34 56", "maybe")
        error = unknown.value
        assert (error.operation, error.recipient, error.guid) == ("send", "32470123456", None)
        assert "32470123456" not in str(error)  # personal data: an attribute, not the message
        assert "check the phone's sent messages" in str(error)

        sent = wa.send("32470000001", "first")
        sandbox.control.faults(rules=[{"match": "/resendwa/", "action": "drop", "when": "after"}])
        with pytest.raises(OutcomeUnknown) as resend:
            wa.resend(sent.guid)
        assert (resend.value.operation, resend.value.guid) == ("resend", sent.guid)
