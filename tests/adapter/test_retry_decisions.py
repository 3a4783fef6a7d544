"""The retry decision as a pure function (`_retry.decide`), with plain exceptions: milliseconds.

The sync loop and the async client's loop both call it, so what is repeated, how long to wait
and when a send's outcome is unknown are pinned here once, without a server or a clock.
"""

from __future__ import annotations

import pytest

from smsmobile import (
    AuthenticationError,
    ConnectError,
    MalformedReply,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServiceError,
    SmsMobileError,
    TransportError,
)
from smsmobile._errors import RedirectRefused
from smsmobile._retry import call_with_retries, decide

STEADY = RetryPolicy(attempts=4, backoff=0.5, max_backoff=1.5, jitter=False, max_retry_after=30)


def _before_request(error: SmsMobileError) -> SmsMobileError:
    error.before_request = True
    return error


@pytest.mark.parametrize(
    "error",
    [
        ConnectError("refused"),
        RequestTimeout("slow"),
        TransportError("dropped"),
        MalformedReply("garbled"),
        RateLimited("429"),
        ServiceError("503", code="503", http_status=503),
    ],
)
def test_a_read_waits_with_backoff_on_what_may_pass(error: SmsMobileError) -> None:
    waits = [decide(error, attempt, STEADY, idempotent=True) for attempt in (1, 2, 3)]

    assert waits == [0.5, 1.0, 1.5]  # doubled each time, at most max_backoff


def test_the_last_attempt_gives_up_with_the_error_itself() -> None:
    error = ConnectError("refused")

    with pytest.raises(ConnectError) as caught:
        decide(error, STEADY.attempts, STEADY, idempotent=True)

    assert caught.value is error


@pytest.mark.parametrize(
    "error",
    [
        ServiceError("bad input", code="400", http_status=400),
        ServiceError("service error 21", code="21"),
        AuthenticationError("refused", http_status=401),
        RedirectRefused("moved", status=302, location_host="elsewhere.example"),
    ],
)
@pytest.mark.parametrize("idempotent", [True, False])
def test_answers_that_would_be_the_same_are_never_repeated(
    error: SmsMobileError, idempotent: bool
) -> None:
    with pytest.raises(type(error)) as caught:
        decide(error, 1, STEADY, idempotent=idempotent)

    assert caught.value is error  # not OutcomeUnknown: the service answered


def test_retry_after_is_the_wait_and_too_long_a_one_gives_up() -> None:
    assert decide(RateLimited("429", retry_after=7), 1, STEADY, idempotent=True) == 7
    too_long = RateLimited("429", retry_after=31)

    with pytest.raises(RateLimited) as caught:
        decide(too_long, 1, STEADY, idempotent=True)

    assert caught.value is too_long


def test_jitter_scales_the_wait_between_half_and_all_of_it() -> None:
    jittery = RetryPolicy(attempts=3, backoff=1.0, max_backoff=8.0, jitter=True)

    waits = [decide(ConnectError("refused"), 2, jittery, idempotent=True) for _ in range(50)]

    assert all(1.0 <= wait <= 2.0 for wait in waits) and len(set(waits)) > 1


@pytest.mark.parametrize(
    "error",
    [
        RequestTimeout("slow"),
        TransportError("dropped"),
        MalformedReply("garbled"),
        ServiceError("502", code="502", http_status=502),
    ],
)
def test_a_send_that_may_have_been_processed_is_an_unknown_outcome(error: SmsMobileError) -> None:
    with pytest.raises(OutcomeUnknown) as caught:
        decide(error, 1, STEADY, idempotent=False, operation="send")

    assert caught.value.cause is error
    assert str(caught.value).startswith("send: ")


def test_a_send_is_repeated_when_it_provably_did_not_leave() -> None:
    assert decide(ConnectError("refused"), 1, STEADY, idempotent=False) == 0.5
    token_fetch = _before_request(RequestTimeout("token endpoint timed out"))
    assert decide(token_fetch, 1, STEADY, idempotent=False) == 0.5


def test_a_send_on_429_follows_retry_send_on_429() -> None:
    limited = RateLimited("429", retry_after=2)
    assert decide(limited, 1, STEADY, idempotent=False) == 2
    never = RetryPolicy(attempts=4, jitter=False, retry_send_on_429=False)

    with pytest.raises(RateLimited) as caught:
        decide(limited, 1, never, idempotent=False)

    assert caught.value is limited


def test_the_sync_loop_repeats_until_an_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("smsmobile._retry.time.sleep", slept.append)
    failures = [ConnectError("refused"), RateLimited("429", retry_after=3)]

    def flaky() -> str:
        if failures:
            raise failures.pop(0)
        return "answer"

    assert call_with_retries("check_number", flaky, STEADY, idempotent=True) == "answer"
    assert slept == [0.5, 3]


def test_the_sync_loop_turns_a_lost_send_into_an_unknown_outcome(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("smsmobile._retry.time.sleep", slept.append)
    calls: list[int] = []

    def lost() -> str:
        calls.append(1)
        raise TransportError("connection reset after sending")

    with pytest.raises(OutcomeUnknown):
        call_with_retries("send", lost, STEADY, idempotent=False)
    assert calls == [1] and slept == []  # sent once, never twice
