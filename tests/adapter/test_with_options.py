"""`with_options(timeout=..., retry=...)`: another client over the same connections and token
cache, with its own timeouts and retry policy (REST and SOAP, sync and async)."""

from __future__ import annotations

import asyncio

import pytest
from adapter_support import MakeClient

from smsmobile import (
    ApiKey,
    AsyncWhatsApp,
    InvalidRequest,
    OAuth2ClientCredentials,
    RequestTimeout,
    RetryPolicy,
    ServiceError,
    SyncWindow,
    Timeouts,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox

SHORT = Timeouts(connect=2.0, read=0.3, total=1.0)
ONCE = RetryPolicy(attempts=1)
SLOW_SYNC = {"action": "latency", "seconds": 1.0}  # any path: REST and SOAP alike


@pytest.fixture(autouse=True)
def _retrieval_on(sandbox: RunningSandbox) -> None:
    """These tests read the sync window: retrieval on first, as the service requires."""
    sandbox.control.set_retrieval(True)


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_the_derived_timeout_applies_and_the_original_keeps_its_own(
    sandbox: RunningSandbox, make_client: MakeClient, transport: str
) -> None:
    wa = make_client(transport=transport)
    fast = wa.with_options(timeout=SHORT, retry=ONCE)
    assert fast.timeouts == SHORT and fast.retry == ONCE
    sandbox.control.faults(rules=[{**SLOW_SYNC, "count": 2}])
    with pytest.raises(RequestTimeout):
        fast.synchronize()
    assert isinstance(wa.synchronize(), SyncWindow)  # 1 s is well inside its 30 s


def test_closing_the_derived_client_leaves_the_pool_open(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    with wa.with_options(timeout=5) as derived:
        derived.synchronize()
    assert isinstance(wa.synchronize(), SyncWindow)
    assert derived._transport.inner is wa._transport  # type: ignore[attr-defined]
    again = derived.with_options(retry=ONCE)  # one view deep, the timeouts carried over
    assert again._transport.inner is wa._transport  # type: ignore[attr-defined]
    assert again.timeouts == Timeouts(connect=5.0, read=5.0)


def test_the_derived_client_shares_the_token_cache(sandbox: RunningSandbox) -> None:
    auth = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)
    with WhatsApp(auth=auth, base_url=sandbox.url) as wa:
        wa.synchronize()
        wa.with_options(timeout=4, retry=ONCE).synchronize()
        wa.with_options(timeout=3).check_number("+32470123456")
    assert sandbox.control.stats()["token_requests"] == 1


def test_the_derived_retry_policy_applies(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    wa = make_client(retry=RetryPolicy(attempts=2, backoff=0.0, jitter=False))
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "count": 1}])
    with pytest.raises(ServiceError):
        wa.with_options(retry=ONCE).synchronize()
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "count": 1}])
    assert isinstance(wa.synchronize(), SyncWindow)


def test_bad_options_are_refused(make_client: MakeClient) -> None:
    wa = make_client()
    with pytest.raises(InvalidRequest, match="retry"):
        wa.with_options(retry=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest, match="timeout"):
        wa.with_options(timeout=-1)


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_async_with_options(sandbox: RunningSandbox, transport: str) -> None:
    sandbox.control.faults(rules=[{**SLOW_SYNC, "count": 2}])

    async def run() -> None:
        async with AsyncWhatsApp(
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport
        ) as wa:
            async with wa.with_options(timeout=SHORT, retry=ONCE) as fast:
                with pytest.raises(RequestTimeout):
                    await fast.synchronize()
            assert isinstance(await wa.synchronize(), SyncWindow)  # still open, own timeouts

    asyncio.run(run())
