"""The logic above the seam, on a scripted fake of `exchange(operation, fields)`: no socket, no
sleep (the retry waits are zero), milliseconds. What is decided once for every transport:
which calls are repeated, what a lost send becomes, and how bulk rows move through the journal's
states. Wire behaviour (statuses, bodies, faults) stays tested against the sandbox over HTTP.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smsmobile import (
    AuthenticationError,
    ConnectError,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    RetryPolicy,
    ServiceError,
    TransportError,
    WhatsApp,
)
from smsmobile._operations import Operation, WireFields
from smsmobile.cli.bulk._runner import BulkOptions, BulkStopped, run

#: Repeats at once: the decision is what is tested, not the wait.
NO_WAIT = RetryPolicy(attempts=3, backoff=0, max_backoff=0, jitter=False)

Step = BaseException | object


class ScriptedSeam:
    """Answers each call of an operation with the next step of its script (an exception to
    raise, or the plain data to return) and records every exchange."""

    name = "scripted"

    def __init__(self, **scripts: list[Step]) -> None:
        self.scripts = {name: list(steps) for name, steps in scripts.items()}
        self.exchanges: list[tuple[str, dict[str, Any]]] = []

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        self.exchanges.append((operation.name, dict(fields)))
        script = self.scripts[operation.name]
        step = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(step, BaseException):
            raise step
        return step

    def close(self) -> None:
        pass

    def calls(self, name: str) -> int:
        return sum(1 for called, _ in self.exchanges if called == name)


def accepted(guid: str = "a" * 40) -> dict[str, object]:
    return {"result": {"error": 0, "sent": "1", "id": guid, "note": "queued"}}


def client(seam: ScriptedSeam) -> WhatsApp:
    return WhatsApp(transport=seam, retry=NO_WAIT)


# -- retries, decided once above the seam ----------------------------------------------------------


@pytest.mark.parametrize(
    "failure", [ConnectError("refused"), RequestTimeout("slow"), ServiceError("busy", code="503")]
)
def test_a_read_is_repeated_until_it_answers(failure: Exception) -> None:
    if isinstance(failure, ServiceError):
        failure.http_status = 503
    seam = ScriptedSeam(check_number=[failure, failure, {"error": 0, "whatsapp": "1"}])
    assert client(seam).check_number("32470123456").on_whatsapp
    assert seam.calls("check_number") == 3


def test_a_send_whose_reply_was_lost_is_sent_once_and_is_an_unknown_outcome() -> None:
    seam = ScriptedSeam(send=[TransportError("connection lost after sending"), accepted()])
    with pytest.raises(OutcomeUnknown):
        client(seam).send("32470123456", "hello")
    assert seam.calls("send") == 1


def test_a_send_that_provably_did_not_leave_is_repeated() -> None:
    refused = ConnectError("refused")
    refused.before_request = True
    seam = ScriptedSeam(send=[refused, accepted()])
    assert client(seam).send("32470123456", "hello").accepted
    assert seam.calls("send") == 2


def test_a_refused_key_is_never_repeated() -> None:
    seam = ScriptedSeam(check_number=[AuthenticationError("refused")])
    with pytest.raises(AuthenticationError):
        client(seam).check_number("32470123456")
    assert seam.calls("check_number") == 1


@pytest.mark.parametrize(("switch", "repeated"), [(True, True), (False, True), ("toggle", False)])
def test_setting_retrieval_is_repeated_but_a_toggle_is_not(
    switch: bool | str, repeated: bool
) -> None:
    """`statut=1`/`0` sets a state (the row says it is safe to repeat); `x` flips it."""
    seam = ScriptedSeam(set_retrieval=[TransportError("lost"), {"error": 0, "statut": "1"}])
    wa = client(seam)
    if repeated:
        wa.set_retrieval(switch)  # type: ignore[arg-type]
        assert seam.calls("set_retrieval") == 2
    else:
        with pytest.raises(OutcomeUnknown):
            wa.set_retrieval(switch)  # type: ignore[arg-type]
        assert seam.calls("set_retrieval") == 1


def test_the_fields_reaching_the_seam_are_the_wire_mapping() -> None:
    seam = ScriptedSeam(send=[accepted()])
    client(seam).send("+32 470 12 34 56", "hi", also_sms=True, sim_port=2)
    assert seam.exchanges == [
        (
            "send",
            {
                "recipients": "32470123456",
                "message": "hi",
                "sendwa": "1",
                "sendsms": "1",
                "port": 2,
            },
        )
    ]


# -- the bulk state machine ------------------------------------------------------------------------


@pytest.fixture
def bulk(tmp_path: Path) -> Iterator[Callable[..., tuple[int, dict[int, str], ScriptedSeam]]]:
    csv = tmp_path / "rows.csv"
    csv.write_text("recipient,message\n32470000001,one\n32470000002,two\n32470000003,three\n")

    def send_rows(
        *steps: Step, journal_name: str = "rows.db", **options: Any
    ) -> tuple[int, dict[int, str], ScriptedSeam]:
        journal = tmp_path / journal_name
        seam = ScriptedSeam(send=list(steps))
        settings = BulkOptions(
            csv, journal, rate_per_minute=0, workers=1, progress=False, **options
        )
        try:
            code = run(settings, lambda: client(seam), out=io.StringIO(), err=io.StringIO())
        except BulkStopped as stopped:  # what the CLI turns into its exit code
            code = stopped.exit_code
        with sqlite3.connect(journal) as db:
            states = dict(db.execute("SELECT line, state FROM rows").fetchall())
        return code, states, seam

    yield send_rows


def test_every_row_accepted_once_and_a_second_run_sends_nothing(bulk: Any) -> None:
    code, states, seam = bulk(accepted())
    assert (code, states, seam.calls("send")) == (
        0,
        {2: "accepted", 3: "accepted", 4: "accepted"},
        3,
    )
    code, states, seam = bulk(accepted())
    assert (code, seam.calls("send")) == (0, 0)


def test_a_lost_reply_is_unknown_and_resent_only_when_asked(bulk: Any) -> None:
    code, states, seam = bulk(accepted(), TransportError("lost"), accepted())
    assert code == 5  # some row's outcome is unknown
    assert sorted(states.values()) == ["accepted", "accepted", "unknown"]
    code, _, seam = bulk(accepted())
    assert (code, seam.calls("send")) == (5, 0)  # not resent by default
    code, states, seam = bulk(accepted(), retry_unknown=True)
    assert (code, seam.calls("send"), set(states.values())) == (0, 1, {"accepted"})


def test_a_refused_row_fails_and_is_retried_only_when_asked(bulk: Any) -> None:
    refusal = ServiceError("blocked", code="12")
    code, states, _ = bulk(accepted(), refusal, accepted())
    assert (code, sorted(states.values())) == (4, ["accepted", "accepted", "failed"])
    code, states, seam = bulk(accepted(), retry_failed=True)
    assert (code, seam.calls("send"), set(states.values())) == (0, 1, {"accepted"})


def test_a_rate_limit_requeues_the_row_and_refused_credentials_stop_the_run(bulk: Any) -> None:
    limited = RateLimited("slow down", retry_after=0)
    code, states, seam = bulk(accepted(), limited, accepted())
    assert (code, set(states.values())) == (0, {"accepted"})
    assert seam.calls("send") == 4  # the limited row once more
    code, states, seam = bulk(
        accepted(), AuthenticationError("key revoked"), journal_name="revoked.db"
    )
    assert code == 3  # credentials refused: the run stops
    assert seam.calls("send") == 2
    assert sorted(states.values()) == ["accepted", "failed", "pending"]
    code, states, seam = bulk(accepted(), journal_name="revoked.db")  # the key fixed
    assert (code, seam.calls("send")) == (0, 2)  # the refused row too: it was not its fault
    assert set(states.values()) == {"accepted"}
