"""Credentials and tokens: caching, early renewal, single-flight refetch, 401 recovery, secrecy."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from adapter_support import MakeClient, token_provider_of

from smsmobile import (
    ApiKey,
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    OAuth2ClientCredentials,
    Timeouts,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox


def test_the_token_is_cached(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    wa = make_client("oauth2")
    for _ in range(5):
        wa.check_number("33612345678")
    assert sandbox.control.stats()["token_requests"] == 1
    provider = token_provider_of(wa)
    assert provider is not None and provider.fetch_count == 1


def test_token_is_renewed_before_it_expires(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    sandbox.control.faults(token_lifetime=4)
    wa = make_client("oauth2", refresh_margin=2)
    wa.check_number("33612345678")
    # Past lifetime - margin (2 s; a token is used for at least half its life) and 1.8 s before
    # the expiry, room for a busy machine (it was 0.3 s).
    time.sleep(2.2)

    wa.check_number("33612345678")

    assert sandbox.control.stats()["token_requests"] == 2
    assert sandbox.control.stats()["requests"]["/whatsapp/checknumber/"] == 2  # no 401 seen


def test_expired_token_is_refetched_once(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    wa = make_client("oauth2", refresh_margin=0)
    sent = wa.send("33612345678", "first")
    sandbox.control.expire_tokens()  # the service's clock ran out before ours: the next call 401s

    wa.send("33612345678", "second")

    assert sandbox.control.stats()["token_requests"] == 2
    assert [m["message"] for m in sandbox.control.messages()] == ["first", "second"]
    assert sent.guid == sandbox.control.messages()[0]["guid"]


def test_revoked_token_mid_run(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    wa = make_client("oauth2")
    wa.set_retrieval(True)
    sandbox.control.revoke_tokens()

    wa.synchronize()  # 401 -> refetch -> repeated once
    wa.send("33612345678", "after revocation")

    assert sandbox.control.stats()["token_requests"] == 2
    assert len(sandbox.control.messages()) == 1


def test_twenty_threads_across_an_expiry_fetch_one_token(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    sandbox.control.faults(token_lifetime=2)
    wa = make_client("oauth2", refresh_margin=0.2)
    wa.check_number("33612345678")
    assert sandbox.control.stats()["token_requests"] == 1
    time.sleep(2.1)  # the token has expired for the client and for the sandbox
    start = threading.Barrier(20)

    def work(i: int) -> str:
        start.wait()
        guid: str = wa.send("33612345678", f"message {i}").guid
        return guid

    with ThreadPoolExecutor(max_workers=20) as pool:
        guids = list(pool.map(work, range(20)))

    assert sandbox.control.stats()["token_requests"] == 2
    assert len(set(guids)) == 20
    assert len(sandbox.control.messages()) == 20


def test_twenty_threads_hitting_a_revoked_token_refetch_once(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client("oauth2")
    wa.check_number("33612345678")
    sandbox.control.revoke_tokens()  # the client still believes its token is good
    start = threading.Barrier(20)

    def work(_: int) -> bool:
        start.wait()
        on_whatsapp: bool = wa.check_number("33612345678").on_whatsapp
        return on_whatsapp

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert all(pool.map(work, range(20)))

    assert sandbox.control.stats()["token_requests"] == 2


def test_a_token_that_is_refused_twice_is_an_authentication_error(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    sandbox.control.faults(token_lifetime=0)  # every token is born expired
    wa = make_client("oauth2")

    with pytest.raises(AuthenticationError) as refused:
        wa.synchronize()

    assert refused.value.http_status == 401
    assert sandbox.control.stats()["token_requests"] == 2  # one fetch, one refetch, no more


def test_token_endpoint_unreachable_is_a_connect_error(sandbox: RunningSandbox) -> None:
    from adapter_support import FAST, closed_port

    with closed_port() as port:
        auth = OAuth2ClientCredentials(
            sandbox.client_id, sandbox.client_secret, token_url=f"http://127.0.0.1:{port}/token"
        )
        with (
            WhatsApp(auth=auth, base_url=sandbox.url, retry=FAST) as wa,
            pytest.raises(ConnectError),
        ):
            wa.send("33612345678", "hello")
    assert sandbox.control.messages() == []


def test_one_provider_per_token_url(sandbox: RunningSandbox) -> None:
    auth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    timeouts = Timeouts()
    first = auth.token_provider(sandbox.url, timeouts)
    assert auth.token_provider(sandbox.url + "/", timeouts) is first
    assert auth.token_provider("https://api.smsmobileapi.com", timeouts) is not first
    with (
        WhatsApp(auth=auth, base_url=sandbox.url) as a,
        WhatsApp(auth=auth, base_url=sandbox.url) as b,
    ):
        assert token_provider_of(a) is token_provider_of(b) is first


def test_plain_http_token_urls_only_on_loopback() -> None:
    for url in (
        "http://localhost:8000/t",
        "http://127.0.0.1/t",
        "http://[::1]:9/t",
        "https://x.io/t",
    ):
        OAuth2ClientCredentials("id", "secret", token_url=url)
    with pytest.raises(InvalidRequest) as invalid:
        OAuth2ClientCredentials("id", "secret", token_url="http://example.com/oauth2/token")
    assert invalid.value.field == "token_url"
    with pytest.raises(InvalidRequest):
        WhatsApp(auth=OAuth2ClientCredentials("id", "secret"), base_url="http://example.com")


def test_the_insecure_transport_switch_is_not_left_behind(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    import os

    make_client("oauth2").check_number("33612345678")
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ


def test_credentials_never_show_their_secrets() -> None:
    key = ApiKey("k-0123456789")
    assert repr(key) == str(key) == "ApiKey(key='***')"
    assert key.key == "k-0123456789"
    creds = OAuth2ClientCredentials("client-7", "s3cr3t-value")
    assert "s3cr3t-value" not in repr(creds) and "client-7" in repr(creds)
    wa = WhatsApp(auth=key, base_url="https://api.smsmobileapi.com")
    assert "k-0123456789" not in repr(wa)
    wa.close()
    with pytest.raises(InvalidRequest):
        ApiKey("  ")
    with pytest.raises(InvalidRequest):
        OAuth2ClientCredentials("id", "")
