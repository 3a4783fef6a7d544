"""OAuth2 for `AsyncWhatsApp`, against the sandbox's token counters: the token flow runs off the
event loop with a single flight across tasks and threads, and a refused token is replaced once
and the refused request sent once more."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Literal

import pytest

from smsmobile import (
    AsyncWhatsApp,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RequestTimeout,
    RetryPolicy,
    SmsMobileError,
    Timeouts,
)
from smsmobile_sandbox.testing import RunningSandbox

NUMBER = "32470123456"
PATHS = {"rest": "/sendsms/", "soap": "/soap"}
Transport = Literal["rest", "soap"]


@pytest.fixture(params=["rest", "soap"])
def transport(request: pytest.FixtureRequest) -> Transport:
    name: Transport = request.param
    return name


def client(
    sandbox: RunningSandbox, credentials: OAuth2ClientCredentials, transport: Transport
) -> AsyncWhatsApp:
    return AsyncWhatsApp(
        auth=credentials,
        base_url=sandbox.url,
        transport=transport,
        retry=RetryPolicy(attempts=1),  # any repeat here would be the auth flow's own
        timeout=Timeouts(connect=30.0, read=60.0),  # 200 at once on a busy 2-core machine
    )


async def _until_due(credentials: OAuth2ClientCredentials, sandbox: RunningSandbox) -> None:
    """Wait (bounded) until the client's own clock says its token must be renewed."""
    provider = credentials.token_provider(sandbox.url, Timeouts(connect=30.0, read=60.0))
    deadline = time.monotonic() + 30
    while provider.cached_token() is not None:
        assert time.monotonic() < deadline, "the 1 s token never came due"
        await asyncio.sleep(0.05)


def test_200_tasks_across_an_expiry_fetch_one_token(
    sandbox: RunningSandbox, transport: Transport
) -> None:
    sandbox.control.faults(token_lifetime=1)
    credentials = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)

    async def main() -> int:
        async with client(sandbox, credentials, transport) as wa:
            await wa.check_number(NUMBER)  # the first token
            await _until_due(credentials, sandbox)
            sandbox.control.faults(token_lifetime=3600)  # the next token outlives the burst
            before = sandbox.control.stats()["token_requests"]
            checks = await asyncio.gather(*(wa.check_number(NUMBER) for _ in range(200)))
            assert all(check.on_whatsapp for check in checks)
            return int(sandbox.control.stats()["token_requests"]) - before

    assert asyncio.run(main()) == 1


def test_tasks_of_two_threads_across_an_expiry_fetch_one_token(
    sandbox: RunningSandbox, transport: Transport
) -> None:
    sandbox.control.faults(token_lifetime=1)
    credentials = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)

    async def warm() -> None:
        async with client(sandbox, credentials, transport) as wa:
            await wa.check_number(NUMBER)
            await _until_due(credentials, sandbox)

    asyncio.run(warm())
    sandbox.control.faults(token_lifetime=3600)
    before = sandbox.control.stats()["token_requests"]
    start = threading.Barrier(2, timeout=60)
    failures: list[BaseException] = []

    async def burst() -> None:
        async with client(sandbox, credentials, transport) as wa:
            start.wait()  # both loops ask for the token at the same moment
            checks = await asyncio.gather(*(wa.check_number(NUMBER) for _ in range(100)))
            assert all(check.on_whatsapp for check in checks)

    def run() -> None:
        try:
            asyncio.run(burst())
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert sandbox.control.stats()["token_requests"] == before + 1


def test_a_refused_token_is_fetched_once_and_each_send_resent_once(
    sandbox: RunningSandbox, transport: Transport
) -> None:
    credentials = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)

    async def main() -> list[str]:
        async with client(sandbox, credentials, transport) as wa:
            await wa.check_number(NUMBER)
            sandbox.control.revoke_tokens()
            stats = sandbox.control.stats()
            before = (stats["token_requests"], stats["requests"].get(PATHS[transport], 0))
            sent = await asyncio.gather(
                *(wa.send(NUMBER, f"after revocation {i}") for i in range(200))
            )
            stats = sandbox.control.stats()
            assert stats["token_requests"] == before[0] + 1
            # each send refused once (401: not processed) and sent once more, never a third time
            assert stats["requests"][PATHS[transport]] == before[1] + 400
            return [message.guid for message in sent]

    guids = asyncio.run(main())
    stored = sandbox.control.messages()
    assert sorted(m["guid"] for m in stored) == sorted(guids)  # each send stored exactly once
    assert len(set(guids)) == 200


def test_the_token_fetch_does_not_block_the_event_loop(
    sandbox: RunningSandbox, transport: Transport
) -> None:
    """While the (blocking) token flow runs, other tasks of the loop keep running."""
    sandbox.control.faults(
        rules=[{"match": "/oauth2/token", "action": "latency", "seconds": 0.5, "count": 1}]
    )
    credentials = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)

    async def main() -> float:
        ticks = 0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        async with client(sandbox, credentials, transport) as wa:
            task = asyncio.get_running_loop().create_task(ticker())
            await wa.check_number(NUMBER)
            done.set()
            await task
        return ticks

    assert asyncio.run(main()) >= 10  # 0.5 s of token fetch: the loop ran all along


def test_a_deadline_passed_while_the_token_is_fetched_is_no_unknown_send(
    sandbox: RunningSandbox, transport: Transport
) -> None:
    """The send never left (its token had not come), so it is a timeout, not OutcomeUnknown,
    and nothing is stored."""
    sandbox.control.faults(
        rules=[{"match": "/oauth2/token", "action": "latency", "seconds": 3.0, "count": 1}]
    )
    credentials = OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret)

    async def main() -> BaseException:
        wa = AsyncWhatsApp(
            auth=credentials,
            base_url=sandbox.url,
            transport=transport,
            retry=RetryPolicy(attempts=1),
            timeout=Timeouts(connect=5.0, read=5.0, total=1.0),
        )
        async with wa:
            with pytest.raises(SmsMobileError) as caught:
                await wa.send(NUMBER, "hello")
        return caught.value

    error = asyncio.run(main())
    assert isinstance(error, RequestTimeout), repr(error)
    assert not isinstance(error, OutcomeUnknown)
    assert error.before_request
    assert sandbox.control.messages() == []
