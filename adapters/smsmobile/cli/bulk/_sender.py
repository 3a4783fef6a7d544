"""The send pass's worker: claim a row for a phone, send it, record how it ended.

A row is claimed (`sending`, with the phone that takes it, committed) just before its request
leaves; its outcome is committed with the next claim. With `--devices`, a phone whose send is
refused by the service or ends unknown is retired (see `_phones`); the row keeps its outcome
(`failed` rows go back with --retry-failed, `unknown` ones are never resent blindly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..._errors import (
    AuthenticationError,
    ConnectError,
    InvalidRequest,
    RateLimited,
    ServiceError,
    TransportError,
)
from ._csv import RowToSend
from ._journal import Journal, Outcome
from ._phones import Phone, Phones
from ._workers import RunOutput

if TYPE_CHECKING:
    from ..._client import WhatsApp

__all__ = [
    "DEFAULT_PAUSE",
    "EXIT_AUTH",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNKNOWN",
    "MAX_PAUSE",
    "BulkStopped",
    "Sender",
]

EXIT_OK, EXIT_INVALID, EXIT_AUTH, EXIT_FAILED, EXIT_UNKNOWN = 0, 2, 3, 4, 5
EXIT_INTERRUPTED = 130
DEFAULT_PAUSE = 5.0  # seconds, when a 429 comes without Retry-After
MAX_PAUSE = 300.0


class BulkStopped(Exception):
    """The run stopped before the end; `exit_code` says why (3 credentials, 5 unreachable)."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.exit_code = exit_code
        super().__init__(message)


class Sender:
    """Sends rows, recording each transition in the journal around the request."""

    def __init__(
        self, client: WhatsApp, journal: Journal, phones: Phones, output: RunOutput
    ) -> None:
        self.client = client
        self.journal = journal
        self.phones = phones
        self.output = output
        self.stop = threading.Event()
        self.stopped: BulkStopped | None = None
        self._lock = threading.Lock()

    def work(self, take: Callable[[], RowToSend | None]) -> None:
        """One worker: send the rows `take` hands out until there are none or the run stops.

        A row is claimed (`sending`, committed) just before its request leaves; its outcome is
        committed with the next claim (one commit per row), or before any wait for the rate
        limit, or when the pass ends. A row someone else claimed is skipped.
        """
        while not self.stop.is_set():
            row = take()
            if row is None:
                return
            phone = self.phones.take_now()
            if phone is None:  # a wait: no outcome stays unwritten meanwhile
                self.journal.write_outcomes()
                phone = self.phones.take(self.stop)
                if phone is None:
                    return  # an untaken row stays pending
            elif self.stop.is_set():
                return
            if not self.journal.claim(row.key, phone.sid):
                continue
            outcome, phone = self._send(row, phone)
            if outcome is not None:
                self.journal.settle_later(outcome)
                self.output.row(row, outcome, phone.sid)
                self._advance()
                if outcome.state == "unknown" or outcome.failure_kind == "service":
                    self._retire(phone, f"line {row.line}: {outcome.state}: {outcome.reason}")

    def _send(self, row: RowToSend, phone: Phone) -> tuple[Outcome | None, Phone]:
        """Send `row` (already `sending`) through `phone`; its outcome and the phone that took
        it, or None if the run stopped while a 429 kept it waiting (then it is `pending`)."""
        key, pauses = row.key, 0
        while True:
            try:
                sent = self.client.send(
                    row.recipient, row.message, media_url=row.media_url, device_sid=phone.sid
                )
            except RateLimited as error:
                # a 429 means the service did not take it: back to pending, pause everyone
                self.journal.mark_pending(key, "rate limited; re-queued")
                wait = error.retry_after or min(DEFAULT_PAUSE * 2**pauses, MAX_PAUSE)
                pauses += 1
                self.phones.pause(wait)
                self.output.event(
                    "paused",
                    f"smsmobile: rate limited by the service: pausing for {wait:g} s",
                    seconds=wait,
                    line=row.line,
                )
                again = self.phones.take(self.stop)
                if again is None or not self.journal.claim(key, again.sid):
                    return None, phone
                phone = again
                continue
            except InvalidRequest as error:
                return Outcome(key, "failed", reason=str(error), failure_kind="validation"), phone
            except AuthenticationError as error:
                self._halt(
                    f"authentication refused ({error}); the run stopped, the other rows are "
                    "still pending: fix the credentials and re-run the same command",
                    EXIT_AUTH,
                )
                reason = f"authentication refused: {error}"
                return Outcome(key, "failed", reason=reason, failure_kind="auth"), phone
            except ServiceError as error:
                reason = f"service error {error.code}: {error}"
                return Outcome(key, "failed", reason=reason, failure_kind="service"), phone
            except ConnectError as error:
                self._halt(
                    f"cannot reach the service ({error}); the run stopped, the remaining rows "
                    "are still pending: re-run the same command to continue",
                    EXIT_UNKNOWN,
                )
                return Outcome(key, "pending", reason="service unreachable"), phone
            except TransportError as error:  # OutcomeUnknown and anything after the request left
                return Outcome(key, "unknown", reason=f"outcome unknown: {error}"), phone
            except BaseException as error:
                self.journal.settle(
                    Outcome(key, "unknown", reason=f"outcome unknown: {type(error).__name__}")
                )
                raise
            return Outcome(key, "accepted", guid=sent.guid), phone

    def _retire(self, phone: Phone, reason: str) -> None:
        """With --devices: `phone` takes no more rows; the run stops when none is left."""
        retired, none_left = self.phones.retire(phone, reason)
        if not retired:
            return
        self.output.event(
            "device_retired",
            f"smsmobile: phone {phone.sid} takes no more rows ({reason})"
            + (
                "; no phone is left: the run stops, the other rows stay pending"
                if none_left
                else "; the other phones go on"
            ),
            device=phone.sid,
            reason=reason,
            phones_left=not none_left,
        )
        if none_left:
            self.stop.set()

    def _halt(self, message: str, exit_code: int) -> None:
        with self._lock:
            if self.stopped is None:
                self.stopped = BulkStopped(message, exit_code)
        self.stop.set()

    def _advance(self) -> None:
        progress = self.output.progress
        if progress is not None:
            progress.advance(progress.task_ids[0])
