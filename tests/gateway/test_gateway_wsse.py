"""WS-Security callers through the gateway, in both modes: in held-OAuth2 mode the UsernameToken's
password is the caller's gateway key, in pass-through mode the upstream API key (as PasswordText:
the gateway must forward the key, and a digest does not give it back). Wrong, stale and replayed
tokens are refused alike. The sandbox plays the upstream, over REST.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from smsmobile import ApiKey, OAuth2ClientCredentials, OutcomeUnknown, RetryPolicy, WhatsApp
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:smsmobile:whatsapp:v1"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
GATEWAY_KEY = "gw-key-for-the-erp"
FAST = RetryPolicy(attempts=2, backoff=0.01, max_backoff=0.05)


@dataclass
class Gateway:
    url: str
    mode: str
    password: str  # what a WS-Security caller puts in the UsernameToken
    digest: bool  # whether this mode admits a PasswordDigest


@pytest.fixture(params=["pass-through", "oauth2"])
def gateway(request: pytest.FixtureRequest, sandbox: RunningSandbox) -> Iterator[Gateway]:
    if request.param == "oauth2":
        app = make_gateway_app(
            sandbox.url,
            oauth2=OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret),
            gateway_keys=["another-gateway-key-0001", GATEWAY_KEY],
            retry=FAST,
        )
        described = Gateway("", "oauth2", GATEWAY_KEY, digest=True)
    else:
        app = make_gateway_app(sandbox.url, retry=FAST)
        described = Gateway("", "pass-through", sandbox.api_key, digest=False)
    server = serve(app)
    server.start()
    try:
        described.url = server.url
        yield described
    finally:
        server.close()


def security(password: str, *, digest: bool, created: dt.datetime | None = None) -> str:
    """A wsse:Security header written from the profile's text."""
    stamp = (created or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    nonce = os.urandom(16)
    if digest:
        raw = hashlib.sha1(nonce + stamp.encode() + password.encode()).digest()  # noqa: S324
        value, kind = base64.b64encode(raw).decode(), "PasswordDigest"
    else:
        value, kind = password, "PasswordText"
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" soap:mustUnderstand="1">'
        f"<wsse:UsernameToken><wsse:Username>erp</wsse:Username>"
        f'<wsse:Password Type="{PROFILE}#{kind}">{value}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{stamp}</wsu:Created></wsse:UsernameToken></wsse:Security>"
    )


def check_number(gateway: Gateway, header: str) -> httpx.Response:
    body = (
        f'<soap:Envelope xmlns:soap="{SOAP11}" xmlns:tns="{TNS}"><soap:Header>{header}'
        "</soap:Header><soap:Body><tns:CheckNumberRequest><tns:recipients>32470123456"
        "</tns:recipients></tns:CheckNumberRequest></soap:Body></soap:Envelope>"
    )
    return httpx.post(
        f"{gateway.url}/soap", content=body, headers={"Content-Type": "text/xml; charset=utf-8"}
    )


def test_a_ws_security_caller_is_admitted(gateway: Gateway) -> None:
    reply = check_number(gateway, security(gateway.password, digest=gateway.digest))
    assert reply.status_code == 200, reply.text
    assert "<tns:whatsapp>1</tns:whatsapp>" in reply.text


def test_wrong_stale_and_replayed_tokens_are_refused(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    fresh = security(gateway.password, digest=gateway.digest)
    assert check_number(gateway, fresh).status_code == 200
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    refused = [
        fresh,  # replayed: the same nonce again
        security(gateway.password, digest=gateway.digest, created=old),
        security("a-guess", digest=True),
    ]
    if gateway.mode == "oauth2":
        refused.append(security(sandbox.api_key, digest=False))  # the upstream key is no key here
    else:
        refused.append(security(gateway.password, digest=True))  # cannot be forwarded
    before = sandbox.control.stats()["requests"].get("/whatsapp/checknumber/", 0)
    assert before >= 1  # the admitted call went upstream; the refused ones must not
    for header in refused:
        reply = check_number(gateway, header)
        assert reply.status_code == 500
        assert "<faultcode>soap:Client</faultcode>" in reply.text
        assert "<tns:httpStatus>403</tns:httpStatus>" in reply.text
        assert "WS-Security authentication failed" in reply.text
    assert sandbox.control.stats()["requests"].get("/whatsapp/checknumber/", 0) == before


def test_the_python_client_calls_the_gateway_with_ws_security(gateway: Gateway) -> None:
    wa = WhatsApp(
        auth=ApiKey(gateway.password),
        base_url=gateway.url,
        transport="soap",
        wsse=True if gateway.digest else "text",
    )
    try:
        assert wa.check_number("32470123456").on_whatsapp
    finally:
        wa.close()


def test_a_lost_upstream_reply_reaches_the_python_client_as_outcome_unknown(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    wa = WhatsApp(
        auth=ApiKey(gateway.password),
        base_url=gateway.url,
        transport="soap",
        wsse=True if gateway.digest else "text",
        retry=FAST,
    )
    try:
        with pytest.raises(OutcomeUnknown):
            wa.send("32470123456", "may or may not have left")
    finally:
        wa.close()
    assert len(sandbox.control.messages()) == 1  # processed once, never resent
