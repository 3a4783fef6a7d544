"""A token endpoint that fails during a send is that failure, not an unknown send: the send
never left. And since nothing left, it is retried as a read would be (the sandbox's token
faults play the failing endpoint)."""

from __future__ import annotations

from typing import Any

import pytest

from smsmobile import (
    AuthenticationError,
    MalformedReply,
    OAuth2ClientCredentials,
    OutcomeUnknown,
    RetryPolicy,
    ServiceError,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.02)
TOKEN = "/oauth2/token"


def _client(sandbox: RunningSandbox, transport: str, secret: str | None = None) -> WhatsApp:
    credentials = OAuth2ClientCredentials(sandbox.client_id, secret or sandbox.client_secret)
    return WhatsApp(auth=credentials, base_url=sandbox.url, transport=transport, retry=FAST)


def _requests(sandbox: RunningSandbox, path: str) -> int:
    count: int = sandbox.control.stats()["requests"].get(path, 0)
    return count


def _sends(sandbox: RunningSandbox, transport: str) -> int:
    return _requests(sandbox, "/soap" if transport == "soap" else "/sendsms/")


_FAULTS: dict[str, tuple[dict[str, Any], type[Exception]]] = {
    "503": ({"action": "status", "status": 503}, ServiceError),
    "malformed": ({"action": "malformed"}, MalformedReply),
}


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("fault", sorted(_FAULTS))
def test_a_failing_token_endpoint_is_that_failure_not_an_unknown_send(
    sandbox: RunningSandbox, transport: str, fault: str
) -> None:
    rule, expected = _FAULTS[fault]
    sandbox.control.faults(rules=[{"match": TOKEN, "count": 10, **rule}])
    with _client(sandbox, transport) as wa, pytest.raises(expected) as failed:
        wa.send("32470123456", "hello")

    assert not isinstance(failed.value, OutcomeUnknown)
    assert failed.value.before_request
    assert _requests(sandbox, TOKEN) == FAST.attempts  # retried: nothing had left
    assert _sends(sandbox, transport) == 0
    assert sandbox.control.messages() == []


@pytest.mark.parametrize("transport", ["rest", "soap"])
@pytest.mark.parametrize("fault", sorted(_FAULTS))
def test_a_send_after_one_token_failure_is_retried_and_sent_once(
    sandbox: RunningSandbox, transport: str, fault: str
) -> None:
    rule, _ = _FAULTS[fault]
    sandbox.control.faults(rules=[{"match": TOKEN, "count": 1, **rule}])
    with _client(sandbox, transport) as wa:
        sent = wa.send("32470123456", "hello")

    assert [m["guid"] for m in sandbox.control.messages()] == [sent.guid]
    assert _requests(sandbox, TOKEN) == 2
    assert _sends(sandbox, transport) == 1


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_refused_credentials_during_a_send_are_an_authentication_error(
    sandbox: RunningSandbox, transport: str
) -> None:
    with (
        _client(sandbox, transport, secret="not-the-secret-0123456789") as wa,
        pytest.raises(AuthenticationError) as refused,
    ):
        wa.send("32470123456", "hello")

    assert refused.value.before_request
    assert _requests(sandbox, TOKEN) == 1  # refused credentials stay refused: not retried
    assert _sends(sandbox, transport) == 0
