"""Retries with the sandbox's fault controls, and the rule that a send is never sent twice."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import pytest
from adapter_support import FAST, LateForwarder, MakeClient, closed_port

from smsmobile import (
    ApiKey,
    AuthenticationError,
    ConnectError,
    MalformedReply,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServiceError,
    Timeouts,
    TransportError,
    WhatsApp,
)
from smsmobile_sandbox.testing import RunningSandbox


def _requests(sandbox: RunningSandbox, path: str) -> int:
    count: int = sandbox.control.stats()["requests"].get(path, 0)
    return count


def test_a_read_survives_two_503s(
    sandbox: RunningSandbox, make_client: MakeClient, auth_kind: str
) -> None:
    wa = make_client(auth_kind)
    wa.set_retrieval(True)
    sandbox.control.faults(
        rules=[{"match": "/getwa/synchronisation/", "action": "status", "status": 503, "count": 2}]
    )

    assert wa.synchronize().is_open()
    assert _requests(sandbox, "/getwa/synchronisation/") == 3


def test_a_read_gives_up_after_the_bounded_attempts(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(
        rules=[{"match": "/whatsapp/checknumber/", "action": "status", "status": 502, "count": 5}]
    )

    with pytest.raises(ServiceError) as failed:
        wa.check_number("33612345678")

    assert failed.value.http_status == 502 and failed.value.code == "502"
    assert _requests(sandbox, "/whatsapp/checknumber/") == 3


@pytest.mark.parametrize("action", ["drop", "malformed", "latency"])
def test_reads_retry_transport_failures(
    sandbox: RunningSandbox, make_client: MakeClient, action: str
) -> None:
    wa = make_client(timeout=Timeouts(connect=2, read=0.3))
    sandbox.control.faults(rules=[{"match": "/getwa/active/", "action": action, "seconds": 0.6}])

    assert wa.set_retrieval(True).enabled
    assert _requests(sandbox, "/getwa/active/") == 2


@pytest.mark.parametrize(
    ("action", "error"),
    [("drop", TransportError), ("malformed", MalformedReply), ("latency", RequestTimeout)],
)
def test_read_failures_map_to_transport_errors(
    sandbox: RunningSandbox, make_client: MakeClient, action: str, error: type[Exception]
) -> None:
    wa = make_client(timeout=Timeouts(connect=2, read=0.3), retry=RetryPolicy(attempts=1))
    sandbox.control.faults(
        rules=[{"match": "/whatsapp/checknumber/", "action": action, "seconds": 0.6}]
    )

    with pytest.raises(error):
        wa.check_number("33612345678")


def test_4xx_is_never_retried(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    wa = make_client()
    sandbox.control.faults(
        rules=[{"match": "/getwa/synchronisation/", "action": "status", "status": 400, "count": 3}]
    )

    with pytest.raises(ServiceError) as refused:
        wa.synchronize()

    assert refused.value.http_status == 400
    assert _requests(sandbox, "/getwa/synchronisation/") == 1


def test_429_on_a_read_waits_for_retry_after(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(
        rules=[
            {"match": "/whatsapp/checknumber/", "action": "status", "status": 429, "retry_after": 1}
        ]
    )

    started = time.monotonic()
    assert wa.check_number("33612345678").on_whatsapp
    assert time.monotonic() - started >= 1.0


def test_429_on_a_send_is_retried_after_retry_after_and_stored_once(
    sandbox: RunningSandbox, make_client: MakeClient, auth_kind: str
) -> None:
    wa = make_client(auth_kind)
    sandbox.control.faults(
        rules=[{"match": "/sendsms/", "action": "status", "status": 429, "retry_after": 1}]
    )

    started = time.monotonic()
    sent = wa.send("33612345678", "hello")

    assert time.monotonic() - started >= 1.0
    assert [m["guid"] for m in sandbox.control.messages()] == [sent.guid]


def test_the_sandbox_rate_limit(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    sandbox.control.faults(rate_limit={"requests": 2, "per_seconds": 30})
    wa = make_client(retry=RetryPolicy(attempts=2, backoff=0.01, max_retry_after=5))
    wa.send("33612345678", "one")
    wa.send("33612345678", "two")

    with pytest.raises(RateLimited) as limited:
        wa.send("33612345678", "three")  # asks for ~30 s, more than max_retry_after: no wait

    assert limited.value.retry_after is not None and limited.value.retry_after > 5
    assert len(sandbox.control.messages()) == 2


def test_500_after_a_send_is_outcome_unknown(
    sandbox: RunningSandbox, make_client: MakeClient, auth_kind: str
) -> None:
    wa = make_client(auth_kind)
    sandbox.control.faults(
        rules=[{"match": "/sendsms/", "action": "status", "status": 500, "when": "after"}]
    )

    with pytest.raises(OutcomeUnknown) as unknown:
        wa.send("33612345678", "hello")

    assert "may or may not have been accepted" in str(unknown.value)
    assert isinstance(unknown.value.cause, ServiceError)
    assert unknown.value.cause.http_status == 500
    assert len(sandbox.control.messages()) == 1
    assert _requests(sandbox, "/sendsms/") == 1


def test_503_before_a_send_is_still_unknown_to_the_client(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "status", "status": 503}])

    with pytest.raises(OutcomeUnknown):
        wa.send("33612345678", "hello")
    assert _requests(sandbox, "/sendsms/") == 1


def test_dropped_connection_after_a_send_is_outcome_unknown(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])

    with pytest.raises(OutcomeUnknown) as unknown:
        wa.send("33612345678", "hello")

    assert isinstance(unknown.value.cause, TransportError)
    assert len(sandbox.control.messages()) == 1
    assert _requests(sandbox, "/sendsms/") == 1


def test_read_timeout_on_a_send_is_outcome_unknown(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client(timeout=Timeouts(connect=2, read=0.3))
    sandbox.control.faults(
        rules=[{"match": "/sendsms/", "action": "latency", "seconds": 1.0, "when": "after"}]
    )

    with pytest.raises(OutcomeUnknown) as unknown:
        wa.send("33612345678", "hello")

    assert isinstance(unknown.value.cause, RequestTimeout)
    assert len(sandbox.control.messages()) == 1


def test_malformed_reply_to_a_send_is_outcome_unknown(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "malformed", "when": "after"}])

    with pytest.raises(OutcomeUnknown) as unknown:
        wa.send("33612345678", "hello")

    assert isinstance(unknown.value.cause, MalformedReply)
    assert len(sandbox.control.messages()) == 1


def test_a_resend_follows_the_send_rule(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    sandbox.control.faults(error_recipients=["33600000001"])
    wa = make_client()
    failed = wa.send("33600000001", "x")
    sandbox.control.faults(rules=[{"match": "/resendwa/", "action": "drop", "when": "after"}])

    with pytest.raises(OutcomeUnknown):
        wa.resend(failed.guid)
    assert sandbox.control.messages()[0]["attempts"] == 2
    assert _requests(sandbox, "/resendwa/") == 1


def test_a_toggle_is_not_repeated_after_a_lost_reply(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client()
    sandbox.control.faults(rules=[{"match": "/getwa/active/", "action": "drop", "when": "after"}])

    with pytest.raises(OutcomeUnknown):
        wa.set_retrieval("toggle")
    assert wa.set_retrieval("toggle") == wa.set_retrieval(True).__class__(enabled=False)


def test_connection_refused_on_a_send_is_a_connect_error_after_the_bounded_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        closed_port() as port,
        WhatsApp(auth=ApiKey("some-key"), base_url=f"http://127.0.0.1:{port}", retry=FAST) as wa,
    ):
        caplog.set_level(logging.DEBUG, logger="smsmobile")
        with pytest.raises(ConnectError):
            wa.send("33612345678", "hello")
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retries) == FAST.attempts - 1


def test_a_send_whose_first_connection_is_refused_is_retried_and_stored_once(
    sandbox: RunningSandbox,
) -> None:
    parts = urlsplit(sandbox.url)
    forwarder = LateForwarder((parts.hostname or "127.0.0.1", parts.port or 80))

    class OpenOnFirstRetry(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "retrying" in record.getMessage():
                forwarder.open()
                logging.getLogger("smsmobile").removeHandler(self)

    handler = OpenOnFirstRetry(level=logging.DEBUG)
    logger = logging.getLogger("smsmobile")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with WhatsApp(
            auth=ApiKey(sandbox.api_key), base_url=f"http://127.0.0.1:{forwarder.port}", retry=FAST
        ) as wa:
            sent = wa.send("33612345678", "through the late forwarder")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        forwarder.close()

    assert forwarder.accepted == 1
    assert [m["guid"] for m in sandbox.control.messages()] == [sent.guid]


def test_authentication_errors_are_not_retried(
    sandbox: RunningSandbox, make_client: MakeClient
) -> None:
    wa = make_client(auth=ApiKey("wrong-key"))
    with pytest.raises(AuthenticationError):
        wa.check_number("33612345678")
    assert _requests(sandbox, "/whatsapp/checknumber/") == 1
