"""`http_client=` (issue 24, item 2): the user's own `httpx.Client` / `httpx.AsyncClient`
carries REST, SOAP and the token fetch, with its proxy, CA bundle, client certificate and
event hooks; and our bounds hold on it all the same (the reply cap, the total deadline, no
redirect followed), because our code enforces them around the client, not its settings. A
client the user gave us is never closed by us.

The network parts are real: the sandbox, a forward/CONNECT proxy that records what passed
through it, and a TLS front with a test CA that requires a client certificate."""

from __future__ import annotations

import asyncio
import gzip
import time
from pathlib import Path

import httpx
import pytest
from hardening.support import answer, drip_head, hostile_server, redirect_to
from http_client_support import Pki, forward_proxy, make_pki, tls_front

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    ConnectError,
    InvalidRequest,
    MalformedReply,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RedirectRefused,
    RequestTimeout,
    RetryPolicy,
    Timeouts,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox

NUMBER = "33612345678"
TRANSPORTS = ["rest", "soap"]
CALL_PATHS = {"rest": "/whatsapp/checknumber/", "soap": "/soap"}
ONE_ATTEMPT = RetryPolicy(attempts=1)
SHORT = Timeouts(connect=2, read=2, total=3)
BOUND = SHORT.total_seconds + SHORT.read + 1


def oauth2(sandbox: RunningSandbox) -> OAuth2ClientCredentials:
    return OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


# -- the user's settings are used: proxy, hooks, CA bundle, client certificate ---------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_calls_and_the_token_fetch_go_through_the_users_proxy(
    sandbox: RunningSandbox, transport: str
) -> None:
    hooked: list[str] = []
    with forward_proxy() as proxy:
        client = httpx.Client(
            proxy=proxy.url,
            event_hooks={"request": [lambda request: hooked.append(request.url.path)]},
        )
        with WhatsApp(
            auth=oauth2(sandbox), base_url=sandbox.url, transport=transport, http_client=client
        ) as wa:
            assert wa.check_number(NUMBER).number
        assert not client.is_closed  # the user's: not ours to close
        client.close()

    method = "GET" if transport == "rest" else "POST"
    assert [line.split("?")[0] for line in proxy.seen] == [
        f"POST {sandbox.url}/oauth2/token",
        f"{method} {sandbox.url}{CALL_PATHS[transport]}",
    ]
    assert hooked == ["/oauth2/token", CALL_PATHS[transport]]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_the_async_clients_use_the_users_async_client(
    sandbox: RunningSandbox, transport: str
) -> None:
    async def run(proxy_url: str) -> bool:
        client = httpx.AsyncClient(proxy=proxy_url)
        async with AsyncWhatsApp(
            auth=oauth2(sandbox), base_url=sandbox.url, transport=transport, http_client=client
        ) as wa:
            await wa.check_number(NUMBER)
        still_open = not client.is_closed
        await client.aclose()
        return still_open

    with forward_proxy() as proxy:
        assert asyncio.run(run(proxy.url))
    paths = [line.split("?")[0].removeprefix("GET ").removeprefix("POST ") for line in proxy.seen]
    assert paths == [f"{sandbox.url}/oauth2/token", f"{sandbox.url}{CALL_PATHS[transport]}"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_tls_with_the_users_ca_bundle_client_certificate_and_connect_proxy(
    sandbox: RunningSandbox, pki: Pki, transport: str
) -> None:
    with tls_front(pki, int(sandbox.url.rsplit(":", 1)[1])) as front, forward_proxy() as proxy:
        client = httpx.Client(proxy=proxy.url, verify=pki.client_context())
        with WhatsApp(
            auth=oauth2(sandbox), base_url=front.url, transport=transport, http_client=client
        ) as wa:
            assert wa.check_number(NUMBER).number
        client.close()

    host = front.url.removeprefix("https://")
    assert proxy.seen and set(proxy.seen) == {f"CONNECT {host}"}  # token and call, tunnelled
    assert front.handshakes and set(front.handshakes) == {"smsmobile test client"}


def test_without_the_users_ca_the_test_server_is_not_trusted(
    sandbox: RunningSandbox, pki: Pki
) -> None:
    """The CA is what the user's client trusts, not something we add: without it, no call."""
    with tls_front(pki, int(sandbox.url.rsplit(":", 1)[1])) as front:
        client = httpx.Client(verify=pki.client_context(trust=False))
        with (
            WhatsApp(
                auth=ApiKey(sandbox.api_key),
                base_url=front.url,
                http_client=client,
                retry=ONE_ATTEMPT,
            ) as wa,
            pytest.raises(ConnectError),
        ):
            wa.check_number(NUMBER)
        client.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_our_own_client_honours_the_environments_proxy(
    sandbox: RunningSandbox, transport: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `http_client=`, HTTP_PROXY and the like still apply, as httpx's own clients
    apply them: our bounded transport goes through the proxy the environment names."""
    with forward_proxy() as proxy:
        for name in ("no_proxy", "all_proxy", "https_proxy", "http_proxy"):
            monkeypatch.delenv(name, raising=False)
            monkeypatch.delenv(name.upper(), raising=False)
        monkeypatch.setenv("http_proxy", proxy.url)
        with WhatsApp(auth=oauth2(sandbox), base_url=sandbox.url, transport=transport) as wa:
            wa.check_number(NUMBER)
    paths = [line.split("?")[0].removeprefix("GET ").removeprefix("POST ") for line in proxy.seen]
    assert paths == [f"{sandbox.url}/oauth2/token", f"{sandbox.url}{CALL_PATHS[transport]}"]


# -- our bounds hold on the user's client ------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_redirect_is_refused_though_the_users_client_follows_them(transport: str) -> None:
    with hostile_server(redirect_to("http://127.0.0.1:9/elsewhere")) as api:
        client = httpx.Client(follow_redirects=True)
        with (
            WhatsApp(
                auth=ApiKey("redirect-test-key-0123"),
                base_url=api.url,
                transport=transport,
                http_client=client,
            ) as wa,
            pytest.raises(RedirectRefused),
        ):
            wa.check_number(NUMBER)
        client.close()
    assert len(api.requests) == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_the_reply_cap_holds_on_the_users_client(transport: str) -> None:
    bomb = gzip.compress(b" " * (64 * 1024 * 1024))  # 64 MB of spaces in about 64 KB
    reply = answer(bomb, headers={"Content-Encoding": "gzip"})
    with hostile_server(reply) as api:
        client = httpx.Client()
        with (
            WhatsApp(
                auth=ApiKey("cap-test-key-0123456"),
                base_url=api.url,
                transport=transport,
                http_client=client,
                retry=ONE_ATTEMPT,
            ) as wa,
            pytest.raises(MalformedReply, match="larger than"),
        ):
            wa.check_number(NUMBER)
        client.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("kind", ["read", "send", "token"])
def test_the_deadline_holds_on_the_users_client(transport: str, kind: str) -> None:
    """A header drip ends the call by `total` even though the user's transport is theirs."""

    auth = (
        OAuth2ClientCredentials("drip-client", "drip-secret-0123456789")
        if kind == "token"
        else ApiKey("drip-test-key-0123456")
    )
    expected = OutcomeUnknown if kind == "send" else RequestTimeout
    with hostile_server(drip_head(b'{"error": 0}', 1.0)) as api:
        client = httpx.Client(timeout=60)  # the user's timeouts: ours still win
        with WhatsApp(
            auth=auth,
            base_url=api.url,
            transport=transport,
            timeout=SHORT,
            retry=ONE_ATTEMPT,
            http_client=client,
        ) as wa:
            started = time.monotonic()
            with pytest.raises(expected) as ended:
                if kind == "read":
                    wa.check_number(NUMBER)
                else:
                    wa.send(NUMBER, "hello")
            elapsed = time.monotonic() - started
        client.close()

    error = ended.value.cause if isinstance(ended.value, OutcomeUnknown) else ended.value
    assert type(error) is RequestTimeout
    assert elapsed < BOUND, elapsed
    if kind == "token":
        assert error.before_request
        assert [r.path for r in api.requests] == ["/oauth2/token"]


# -- what is refused ----------------------------------------------------------------------------


def test_a_client_of_the_wrong_kind_is_refused_before_any_io() -> None:
    with pytest.raises(InvalidRequest) as refused:
        WhatsApp(auth=ApiKey("k-123456"), http_client="http://proxy")  # type: ignore[arg-type]
    assert refused.value.field == "http_client"
    async_client = httpx.AsyncClient()
    with pytest.raises(InvalidRequest, match=r"httpx\.Client"):
        WhatsApp(auth=ApiKey("k-123456"), http_client=async_client)  # type: ignore[arg-type]
    sync_client = httpx.Client()
    with pytest.raises(InvalidRequest, match=r"httpx\.AsyncClient"):
        AsyncWhatsApp(auth=ApiKey("k-123456"), http_client=sync_client)  # type: ignore[arg-type]
    sync_client.close()
    asyncio.run(async_client.aclose())


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_client_with_default_query_params_is_refused_before_any_io(asynchronous: bool) -> None:
    # httpx would merge them over our query (REST sends the key and the fields there).
    if asynchronous:
        async_client = httpx.AsyncClient(params={"apikey": "someone-elses"})
        with pytest.raises(InvalidRequest, match="query params") as refused:
            AsyncWhatsApp(auth=ApiKey("k-123456"), http_client=async_client)
        asyncio.run(async_client.aclose())
    else:
        sync_client = httpx.Client(params={"apikey": "someone-elses"})
        with pytest.raises(InvalidRequest, match="query params") as refused:
            WhatsApp(auth=ApiKey("k-123456"), http_client=sync_client)
        sync_client.close()
    assert refused.value.field == "http_client"
