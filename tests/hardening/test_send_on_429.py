"""A 429 to a send: `RetryPolicy.retry_send_on_429` decides. On (the default) the send is
repeated after `Retry-After`, which is right when the 429 refused it and sends it twice when a
429 followed a processed send (the sandbox's `after` mode); off, the caller gets `RateLimited`
and the library never repeats the send itself."""

from __future__ import annotations

import pytest

from smsmobile import ApiKey, RateLimited, RetryPolicy, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox


def _policy(retry_send_on_429: bool) -> RetryPolicy:
    return RetryPolicy(
        attempts=3, backoff=0.01, max_backoff=0.02, retry_send_on_429=retry_send_on_429
    )


def _rule(transport: str, when: str) -> dict[str, object]:
    path = "/soap" if transport == "soap" else "/sendsms/"
    return {"match": path, "action": "status", "status": 429, "retry_after": 0, "when": when}


def test_the_default_repeats_a_send_on_429() -> None:
    assert RetryPolicy().retry_send_on_429 is True


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("when", ["before", "after"])
def test_retry_send_on_429_repeats_the_send(
    sandbox: RunningSandbox, transport: str, when: str
) -> None:
    sandbox.control.faults(rules=[_rule(transport, when)])
    with WhatsApp(
        auth=ApiKey(sandbox.api_key),
        base_url=sandbox.url,
        transport=transport,
        retry=_policy(True),
    ) as wa:
        sent = wa.send("32470123456", "hello")

    stored = sandbox.control.messages()
    assert sent.guid in [m["guid"] for m in stored]
    # refused unprocessed: stored once; processed, then 429: stored twice (the documented risk)
    assert len(stored) == (1 if when == "before" else 2)


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("when", ["before", "after"])
def test_without_retry_send_on_429_a_send_is_never_repeated(
    sandbox: RunningSandbox, transport: str, when: str
) -> None:
    sandbox.control.faults(rules=[_rule(transport, when)])
    with (
        WhatsApp(
            auth=ApiKey(sandbox.api_key),
            base_url=sandbox.url,
            transport=transport,
            retry=_policy(False),
        ) as wa,
        pytest.raises(RateLimited),
    ):
        wa.send("32470123456", "hello")

    requests = sandbox.control.stats()["requests"]
    assert requests.get("/soap" if transport == "soap" else "/sendsms/") == 1
    assert len(sandbox.control.messages()) == (0 if when == "before" else 1)


def test_retry_send_on_429_must_be_a_bool() -> None:
    with pytest.raises(ValueError, match="retry_send_on_429"):
        RetryPolicy(retry_send_on_429="no")  # type: ignore[arg-type]
