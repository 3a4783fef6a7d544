"""Every error class, and the sandbox's injected faults, over both transports and both auths.

The facade retries reads and never repeats a send that may have reached the service; the
transports only have to report failures alike, which is what these tests check from the outside.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from contract_support import AuthKind, Factory, TransportName, fault_path

from smsmobile import (
    ApiKey,
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    MalformedReply,
    OAuth2ClientCredentials,
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


def request_count(sandbox: RunningSandbox) -> int:
    return sum(sandbox.control.stats()["requests"].values())


def rule(transport: TransportName, operation: str, action: str, **extra: Any) -> dict[str, Any]:
    return {"match": fault_path(transport, operation), "action": action, **extra}


# -- caught before any I/O ---------------------------------------------------------------------

INVALID_CALLS: list[tuple[str, Callable[[WhatsApp], object]]] = [
    ("to", lambda wa: wa.send("not a number", "hi")),
    ("message", lambda wa: wa.send("32470123456", "   ")),
    ("media_url", lambda wa: wa.send("32470123456", "hi", media_url="http://example.com/a.pdf")),
    ("media_url", lambda wa: wa.send("32470123456", "hi", media_url="https://example.com/a.exe")),
    ("pdf_preview", lambda wa: wa.send("32470123456", "hi", pdf_preview=True)),
    ("schedule_at", lambda wa: wa.send("32470123456", "hi", schedule_at=1)),
    ("sim_port", lambda wa: wa.send("32470123456", "hi", sim_port=3)),  # type: ignore[arg-type]
    ("guid", lambda wa: wa.resend("")),
    ("enabled", lambda wa: wa.set_retrieval("on")),  # type: ignore[arg-type]
    ("date", lambda wa: list(wa.messages(date="11/03/2025"))),
    ("message_type", lambda wa: list(wa.messages(message_type="video"))),  # type: ignore[arg-type]
    ("number", lambda wa: wa.check_number("12")),
]


@pytest.mark.parametrize(("field", "call"), INVALID_CALLS, ids=[f for f, _ in INVALID_CALLS])
def test_invalid_input_is_refused_before_any_request(
    wa: WhatsApp, sandbox: RunningSandbox, field: str, call: Callable[[WhatsApp], object]
) -> None:
    before = request_count(sandbox)
    with pytest.raises(InvalidRequest) as caught:
        call(wa)
    assert caught.value.field.split(".")[0] == field
    assert request_count(sandbox) == before
    assert sandbox.control.messages() == []


# -- credentials -------------------------------------------------------------------------------


def test_a_wrong_api_key_is_refused(
    make_client: Factory, sandbox: RunningSandbox, transport: TransportName
) -> None:
    wa = make_client(transport, auth=ApiKey("not-the-key"))
    with pytest.raises(AuthenticationError) as caught:
        wa.send("32470123456", "hi")
    assert caught.value.http_status == 403
    with pytest.raises(AuthenticationError):
        wa.check_number("32470123456")
    assert sandbox.control.messages() == []
    assert "not-the-key" not in str(caught.value) + repr(caught.value) + repr(wa)


def test_wrong_client_credentials_are_refused(
    make_client: Factory, sandbox: RunningSandbox, transport: TransportName
) -> None:
    wa = make_client(transport, auth=OAuth2ClientCredentials(sandbox.client_id, "wrong-secret"))
    with pytest.raises(AuthenticationError) as caught:
        wa.synchronize()
    assert "wrong-secret" not in str(caught.value) + repr(caught.value) + repr(wa)


def test_a_revoked_token_is_replaced_once(
    make_client: Factory, sandbox: RunningSandbox, transport: TransportName
) -> None:
    wa = make_client(transport, "oauth2")
    wa.check_number("32470123456")
    fetched = sandbox.control.stats()["token_requests"]
    sandbox.control.revoke_tokens()
    wa.send("32470123456", "after revocation")
    assert sandbox.control.stats()["token_requests"] == fetched + 1
    assert len(sandbox.control.messages()) == 1  # the refused request was not processed


def test_an_expired_token_is_renewed(
    make_client: Factory, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(token_lifetime=1)
    wa = make_client(transport, "oauth2")
    wa.check_number("32470123456")
    time.sleep(1.2)
    assert wa.check_number("32470123456").on_whatsapp


# -- rate limit --------------------------------------------------------------------------------


def test_rate_limited_beyond_what_the_caller_allows(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rate_limit={"requests": 1, "per_seconds": 120})
    wa.check_number("32470123456")
    with pytest.raises(RateLimited) as caught:
        wa.check_number("32470123456")
    assert caught.value.retry_after is not None and caught.value.retry_after > 30


def test_a_429_with_a_short_retry_after_is_waited_out(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(rules=[rule(transport, "send", "status", status=429, retry_after=0)])
    assert wa.send("32470123456", "after a 429").accepted
    assert len(sandbox.control.messages()) == 1


def test_rate_limited_after_every_attempt(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(
        rules=[rule(transport, "check_number", "status", status=429, retry_after=0, count=3)]
    )
    with pytest.raises(RateLimited) as caught:
        wa.check_number("32470123456")
    assert caught.value.retry_after == 0


# -- application errors ------------------------------------------------------------------------


def test_resend_of_an_unknown_guid(wa: WhatsApp) -> None:
    with pytest.raises(ServiceError) as caught:
        wa.resend("0" * 40)
    assert caught.value.code == "10"
    assert caught.value.http_status in (None, 200)


def test_resend_of_a_message_not_in_error(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    sent = wa.send("32470123456", "fine")
    with pytest.raises(ServiceError) as caught:
        wa.resend(sent.guid)
    assert caught.value.code == "11"
    assert not isinstance(caught.value, OutcomeUnknown)
    assert sandbox.control.messages()[0]["attempts"] == 1


def test_messages_while_retrieval_is_off(wa: WhatsApp, sandbox: RunningSandbox) -> None:
    wa.set_retrieval(True)
    wa.synchronize()
    wa.set_retrieval(False)
    before = request_count(sandbox)
    with pytest.raises(ServiceError) as caught:
        list(wa.messages())
    assert caught.value.code == "20"
    assert request_count(sandbox) == before + 1  # an application error is not retried


def test_messages_without_synchronisation(wa: WhatsApp) -> None:
    wa.set_retrieval(True)
    with pytest.raises(ServiceError) as caught:
        list(wa.messages())
    assert caught.value.code == "21"


def test_a_bad_request_the_service_refuses(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(rules=[rule(transport, "check_number", "status", status=400)])
    with pytest.raises(ServiceError) as caught:
        wa.check_number("32470123456")
    assert (caught.value.code, caught.value.http_status) == ("400", 400)


# -- server failures and broken replies ---------------------------------------------------------


def test_a_read_is_retried_through_a_503(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    wa.set_retrieval(True)
    sandbox.control.faults(rules=[rule(transport, "synchronize", "status", status=503, count=2)])
    assert wa.synchronize().is_open()


def test_a_read_that_keeps_failing_is_a_service_error(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(rules=[rule(transport, "synchronize", "status", status=503, count=3)])
    with pytest.raises(ServiceError) as caught:
        wa.synchronize()
    assert (caught.value.code, caught.value.http_status) == ("503", 503)


def test_a_malformed_reply(wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName) -> None:
    sandbox.control.faults(rules=[rule(transport, "check_number", "malformed", count=3)])
    with pytest.raises(MalformedReply):
        wa.check_number("32470123456")


def test_a_malformed_reply_is_retried_for_a_read(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(rules=[rule(transport, "check_number", "malformed", count=1)])
    assert wa.check_number("32470123456").on_whatsapp


def test_a_dropped_connection_is_retried_for_a_read(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(rules=[rule(transport, "set_retrieval", "drop", when="after")])
    assert wa.set_retrieval(True).enabled


def test_connect_error_when_nothing_listens(
    make_client: Factory, closed_port_url: str, transport: TransportName, auth_kind: AuthKind
) -> None:
    wa = make_client(transport, auth_kind, base_url=closed_port_url)
    with pytest.raises(ConnectError):
        wa.check_number("32470123456")
    with pytest.raises(ConnectError):  # a send that never left is safe to report as such
        wa.send("32470123456", "never sent")


# -- a send whose reply is lost: never sent twice ------------------------------------------------


@pytest.mark.parametrize(
    ("action", "extra", "cause"),
    [
        ("drop", {}, TransportError),
        ("malformed", {}, MalformedReply),
        ("status", {"status": 502}, ServiceError),
        ("latency", {"seconds": 1.5}, RequestTimeout),
    ],
    ids=["dropped", "malformed", "bad-gateway", "read-timeout"],
)
def test_a_send_whose_reply_is_lost_is_outcome_unknown(
    make_client: Factory,
    sandbox: RunningSandbox,
    transport: TransportName,
    auth_kind: AuthKind,
    action: str,
    extra: dict[str, Any],
    cause: type[Exception],
) -> None:
    wa = make_client(transport, auth_kind, timeout=Timeouts(connect=2.0, read=0.5))
    sandbox.control.faults(rules=[rule(transport, "send", action, when="after", **extra)])
    with pytest.raises(OutcomeUnknown) as caught:
        wa.send("32470123456", "maybe sent")
    assert isinstance(caught.value.cause, cause)
    assert len(sandbox.control.messages()) == 1  # accepted once, and not repeated


def test_a_resend_whose_reply_is_lost_is_outcome_unknown(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    sandbox.control.faults(error_recipients=["32470999999"])
    sent = wa.send("32470999999", "will fail")
    sandbox.control.faults(rules=[rule(transport, "resend", "drop", when="after")])
    with pytest.raises(OutcomeUnknown):
        wa.resend(sent.guid)
    assert sandbox.control.messages()[0]["attempts"] == 2


def test_a_send_refused_before_processing_is_retried(
    wa: WhatsApp, sandbox: RunningSandbox, transport: TransportName
) -> None:
    # A 429 means the service did not process it: the one case besides a connect error where a
    # send may be repeated.
    sandbox.control.faults(rules=[rule(transport, "send", "status", status=429, retry_after=0)])
    wa.send("32470123456", "once")
    assert [m["message"] for m in sandbox.control.messages()] == ["once"]


def test_no_retry_when_the_policy_says_one_attempt(
    make_client: Factory, sandbox: RunningSandbox, transport: TransportName
) -> None:
    wa = make_client(transport, retry=RetryPolicy(attempts=1))
    wa.set_retrieval(True)
    sandbox.control.faults(rules=[rule(transport, "synchronize", "status", status=503)])
    with pytest.raises(ServiceError):
        wa.synchronize()
    assert wa.synchronize().is_open()
