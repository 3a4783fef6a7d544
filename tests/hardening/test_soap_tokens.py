"""OAuth2 over SOAP under 20 threads: an expiry and a revocation each cost one token request."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from smsmobile import OAuth2ClientCredentials, RetryPolicy, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

FAST = RetryPolicy(backoff=0.01, max_backoff=0.05)


def soap_client(sandbox: RunningSandbox, refresh_margin: float = 30.0) -> WhatsApp:
    auth = OAuth2ClientCredentials(
        sandbox.client_id, sandbox.client_secret, refresh_margin=refresh_margin
    )
    return WhatsApp(auth=auth, base_url=sandbox.url, transport="soap", retry=FAST)


def in_twenty_threads(work: object) -> list[object]:
    start = threading.Barrier(20)

    def run(i: int) -> object:
        start.wait()
        return work(i)  # type: ignore[operator]

    with ThreadPoolExecutor(max_workers=20) as pool:
        return list(pool.map(run, range(20)))


def test_twenty_soap_threads_across_an_expiry_fetch_one_token(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(token_lifetime=2)
    with soap_client(sandbox, refresh_margin=0.2) as wa:
        wa.check_number("33612345678")
        time.sleep(2.1)  # expired for the client and for the sandbox
        guids = in_twenty_threads(lambda i: wa.send("33612345678", f"message {i}").guid)
    assert sandbox.control.stats()["token_requests"] == 2
    assert len(set(guids)) == 20
    assert [m["via"] for m in sandbox.control.messages()] == ["soap"] * 20


def test_twenty_soap_threads_hitting_a_revoked_token_refetch_once(
    sandbox: RunningSandbox,
) -> None:
    with soap_client(sandbox) as wa:
        wa.check_number("33612345678")
        sandbox.control.revoke_tokens()  # the client still believes its token is good
        results = in_twenty_threads(lambda i: wa.check_number("33612345678").on_whatsapp)
    assert results == [True] * 20
    assert sandbox.control.stats()["token_requests"] == 2
