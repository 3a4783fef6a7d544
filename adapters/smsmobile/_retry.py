"""Retries, decided once in the facade for every transport.

Reads (synchronize, messages, check_number, set_retrieval on/off) repeat on connection errors,
timeouts, dropped connections, unreadable replies, 429 and 5xx. A send, a resend and a retrieval
toggle are not idempotent: they repeat only on a connect failure (the request never left), on a
failure before the request left (a token fetch: `before_request`, retried as a read would be)
and, unless `RetryPolicy.retry_send_on_429` is off, on 429. Any other failure of theirs after
the request may have left becomes `OutcomeUnknown`. 4xx, application errors and redirects
(`RedirectRefused`, the same answer every time) are never repeated.

`Retry-After` is honoured: the wait is exactly what the service asked for; when it asks for more
than `max_retry_after` seconds we give up at once and raise `RateLimited` rather than wait longer
than the caller allowed or come back too early.

The decision is one pure function, `decide(error, attempt, policy, idempotent=...)`: the wait
before the next attempt, or the exception to give up with. `call_with_retries` is the sync loop
around it; the async client's loop calls the same `decide`, so only the sleeping differs.
"""

from __future__ import annotations

import contextvars
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ._call_watch import CallWatch, open_watch
from ._errors import (
    ConnectError,
    InvalidRequest,
    OutcomeUnknown,
    RateLimited,
    RedirectRefused,
    ServiceError,
    SmsMobileError,
    TransportError,
)

__all__ = [
    "RetryPolicy",
    "async_call_with_retries",
    "call_with_retries",
    "current_attempt",
    "decide",
    "log_retry",
]

logger = logging.getLogger("smsmobile")
T = TypeVar("T")
_attempt: contextvars.ContextVar[int] = contextvars.ContextVar("smsmobile_attempt", default=1)


def current_attempt() -> int:
    """The attempt number of the call running in this context (for log lines)."""
    return _attempt.get()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to repeat a failed call.

    `attempts` counts the first try. The n-th wait is `backoff * 2**(n-1)` seconds, at most
    `max_backoff`, scaled by a random factor in [0.5, 1] when `jitter` is on.

    `retry_send_on_429` (default True) repeats a send, resend or toggle the service answered
    with 429, after its `Retry-After`. The service documents 429 as "too many requests", a
    refusal before the message is taken, so waiting and repeating is what it asks for; a 429
    that followed a processed send would make that send go out twice. Turn it off to never
    repeat a send on a 429: the caller gets `RateLimited` and decides.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: bool = True
    max_retry_after: float = 30.0
    retry_send_on_429: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int):
            raise InvalidRequest("retry.attempts", "must be an integer")
        if self.attempts < 1:
            raise InvalidRequest("retry.attempts", "must be at least 1")
        if not isinstance(self.retry_send_on_429, bool):
            raise InvalidRequest("retry.retry_send_on_429", "must be True or False")
        for name in ("backoff", "max_backoff", "max_retry_after"):
            if getattr(self, name) < 0:
                raise InvalidRequest(f"retry.{name}", "must not be negative")

    def delay(self, failed_attempt: int) -> float:
        """Seconds to wait after the `failed_attempt`-th try (1-based) failed."""
        wait = min(self.max_backoff, self.backoff * 2.0 ** (failed_attempt - 1))
        return wait * random.uniform(0.5, 1.0) if self.jitter else wait


def _retryable_read(error: SmsMobileError) -> bool:
    if isinstance(error, RedirectRefused):
        return False
    if isinstance(error, TransportError | RateLimited):
        return True
    return isinstance(error, ServiceError) and (error.http_status or 0) >= 500


def decide(
    error: SmsMobileError,
    attempt: int,
    policy: RetryPolicy,
    *,
    idempotent: bool,
    operation: str = "the call",
    fields: Mapping[str, object] | None = None,
) -> float:
    """Seconds to wait before attempt `attempt + 1`, now that `error` ended attempt `attempt`
    (1-based); or `error` raised to give up, or `OutcomeUnknown` for a call that is not safe to
    repeat and may have been processed. See the module docstring for what is repeated."""
    if idempotent or error.before_request:
        retryable = _retryable_read(error)
    else:
        retryable = isinstance(error, ConnectError) or (
            isinstance(error, RateLimited) and policy.retry_send_on_429
        )
        if not retryable and _outcome_unknown(error):
            raise OutcomeUnknown(
                f"{operation}: {error}, so the request may or may not have been "
                f"accepted; {OutcomeUnknown.how_to_check}",
                cause=error,
                **_identity(operation, fields),
            ) from error
        if isinstance(error, OutcomeUnknown) and not error.operation:  # a fault that said so
            for name, value in _identity(operation, fields).items():
                setattr(error, name, value)
    if not retryable or attempt >= policy.attempts:
        raise error
    if isinstance(error, RateLimited) and error.retry_after is not None:
        if error.retry_after > policy.max_retry_after:
            raise error
        return error.retry_after
    return policy.delay(attempt)


def log_retry(
    operation: str, attempt: int, policy: RetryPolicy, error: SmsMobileError, wait: float
) -> None:
    """The DEBUG line of a retry (the exception's type only: its text may name a host)."""
    logger.debug(
        "%s failed on attempt %d/%d (%s); retrying in %.2f s",
        operation,
        attempt,
        policy.attempts,
        type(error).__name__,
        wait,
    )


def call_with_retries(
    operation: str,
    call: Callable[[], T],
    policy: RetryPolicy,
    *,
    idempotent: bool,
    transport: str = "",
    fields: Mapping[str, object] | None = None,
) -> T:
    """Run `call` under `policy`, waiting and repeating as `decide` says (`fields`: the call's
    wire fields, for what an `OutcomeUnknown` says about it).

    The one place a logical call is made: a raw reply (`_raw`) and a trace (`_tracing`) are
    taken here, through a `CallWatch` that exists only when one of them is asked for.
    """
    watch = open_watch(operation, transport)
    attempt = 1
    while True:
        token = _attempt.set(attempt)
        if watch is not None:
            watch.attempt_starts(attempt)
        try:
            result = call()
        except SmsMobileError as error:
            wait = _next_wait(watch, error, attempt, policy, idempotent, operation, fields)
        except BaseException as error:
            _abandon(watch, error)
            raise
        else:
            if watch is not None:
                watch.attempt_ends(None)
                watch.finish(None)
            return result
        finally:
            _attempt.reset(token)
        _wait(watch, time.sleep, wait)
        attempt += 1


async def async_call_with_retries(
    operation: str,
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    idempotent: bool,
    transport: str = "",
    fields: Mapping[str, object] | None = None,
) -> T:
    """`call_with_retries` for a coroutine: the same `decide`, waiting with `asyncio.sleep`."""
    import asyncio  # here: `import smsmobile` does not pay for asyncio

    watch = open_watch(operation, transport)
    attempt = 1
    while True:
        token = _attempt.set(attempt)
        if watch is not None:
            watch.attempt_starts(attempt)
        try:
            result = await call()
        except SmsMobileError as error:
            wait = _next_wait(watch, error, attempt, policy, idempotent, operation, fields)
        except BaseException as error:
            _abandon(watch, error)
            raise
        else:
            if watch is not None:
                watch.attempt_ends(None)
                watch.finish(None)
            return result
        finally:
            _attempt.reset(token)
        try:
            await asyncio.sleep(wait)
        except BaseException as error:  # cancelled between attempts
            _abandon(watch, error)
            raise
        attempt += 1


def _next_wait(
    watch: CallWatch | None,
    error: SmsMobileError,
    attempt: int,
    policy: RetryPolicy,
    idempotent: bool,
    operation: str,
    fields: Mapping[str, object] | None,
) -> float:
    """`decide`, with the watch (if any) told how the attempt, and maybe the call, ended."""
    if watch is not None:
        watch.attempt_ends(error)
    try:
        wait = decide(
            error, attempt, policy, idempotent=idempotent, operation=operation, fields=fields
        )
    except SmsMobileError as final:
        if watch is not None:
            watch.finish(final)
        raise
    log_retry(operation, attempt, policy, error, wait)
    return wait


def _wait(watch: CallWatch | None, sleep: Callable[[float], None], seconds: float) -> None:
    try:
        sleep(seconds)
    except BaseException as error:  # interrupted between attempts
        _abandon(watch, error)
        raise


def _abandon(watch: CallWatch | None, error: BaseException) -> None:
    """A call ended by something other than our errors (a bug, a cancellation)."""
    if watch is not None:
        watch.attempt_ends(error)
        watch.finish(error)


def _identity(operation: str, fields: Mapping[str, object] | None) -> dict[str, Any]:
    """What `OutcomeUnknown` carries about the call: its operation, recipient and guid."""
    fields = fields or {}
    recipient, guid = fields.get("recipients"), fields.get("guid")
    return {
        "operation": operation,
        "recipient": recipient if isinstance(recipient, str) else None,
        "guid": guid if isinstance(guid, str) else None,
    }


def _outcome_unknown(error: SmsMobileError) -> bool:
    """A failure after a non-idempotent request may have reached the service."""
    if error.before_request or isinstance(error, OutcomeUnknown | ConnectError | RedirectRefused):
        return False
    if isinstance(error, TransportError):
        return True
    return isinstance(error, ServiceError) and (error.http_status or 0) >= 500
