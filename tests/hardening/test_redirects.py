"""A redirect from the service is never followed: every request carries a credential (the key,
a bearer token, the client secret), and `Location` may name any host. It is a clear
`RedirectRefused` (a `TransportError`), and nothing arrives at the other origin."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smsmobile import (
    ApiKey,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RetryPolicy,
    TransportError,
    WhatsApp,
)
from smsmobile._errors import RedirectRefused
from smsmobile.gateway import make_gateway_app
from smsmobile_sandbox import serve

from .support import HostileServer, answer, hostile_server, redirect_to

KEY = "redirect-test-key-0123456789"
SECRET = "redirect-test-secret-0123456789"
THREE = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02)


@pytest.fixture
def other_origin() -> Iterator[HostileServer]:
    """Where a hostile redirect points: it must never hear from us."""
    with hostile_server(answer(b'{"access_token": "stolen", "expires_in": 3600}')) as server:
        yield server


def _assert_refused(error: BaseException, status: int) -> None:
    assert isinstance(error, RedirectRefused)
    assert isinstance(error, TransportError)
    assert not isinstance(error, OutcomeUnknown)
    assert error.status == status
    assert error.location_host == "localhost"
    text = f"{error} {error!r}"
    assert f"HTTP {status}" in text and "'localhost'" in text
    assert KEY not in text and SECRET not in text and "steal" not in text


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("call", ["send", "read"])
def test_a_redirect_with_the_key_is_refused_not_followed(
    other_origin: HostileServer, transport: str, status: int, call: str
) -> None:
    with (
        hostile_server(redirect_to(f"http://localhost:{other_origin.port}/steal", status)) as api,
        WhatsApp(auth=ApiKey(KEY), base_url=api.url, transport=transport, retry=THREE) as wa,
        pytest.raises(TransportError) as refused,
    ):
        if call == "send":
            wa.send("32470123456", "hello")
        else:
            wa.check_number("32470123456")

    _assert_refused(refused.value, status)
    assert len(api.requests) == 1  # not retried: the answer would be the same
    assert other_origin.requests == []


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("status", [307, 308])
def test_a_redirected_token_fetch_does_not_take_the_client_secret_along(
    other_origin: HostileServer, transport: str, status: int
) -> None:
    with hostile_server(redirect_to(f"http://localhost:{other_origin.port}/steal", status)) as api:
        credentials = OAuth2ClientCredentials("redirect-client", SECRET)
        with (
            WhatsApp(auth=credentials, base_url=api.url, transport=transport, retry=THREE) as wa,
            pytest.raises(TransportError) as refused,
        ):
            wa.send("32470123456", "hello")

    _assert_refused(refused.value, status)
    assert refused.value.before_request  # the send itself never left
    assert [r.path for r in api.requests] == ["/oauth2/token"]
    assert other_origin.requests == []


def test_the_gateway_does_not_forward_the_key_through_a_redirecting_upstream(
    other_origin: HostileServer,
) -> None:
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:t="urn:smsmobile:whatsapp:v1"><soap:Body><t:SendWhatsAppRequest>'
        f"<t:apikey>{KEY}</t:apikey><t:recipients>32470123456</t:recipients>"
        "<t:message>hello</t:message></t:SendWhatsAppRequest></soap:Body></soap:Envelope>"
    )
    with hostile_server(redirect_to(f"http://localhost:{other_origin.port}/steal", 307)) as api:
        gateway = serve(make_gateway_app(api.url, retry=THREE))
        gateway.start()
        try:
            reply = httpx.post(
                gateway.url + "/soap",
                content=envelope.encode(),
                headers={
                    "Content-Type": "text/xml; charset=utf-8",
                    "SOAPAction": '"urn:smsmobile:whatsapp:v1#SendWhatsApp"',
                },
                timeout=30,
            )
        finally:
            gateway.close()

    assert reply.status_code in (500, 502), reply.text  # a fault: the upstream failed
    assert "redirects are not followed" in reply.text
    assert KEY.encode() not in reply.content
    assert len(api.requests) == 1
    assert other_origin.requests == []
