"""The facade over the generic seam: each method validates, maps to wire fields, and makes one
`exchange(row, fields)` on whatever transport it was given (no HTTP: a recording fake)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smsmobile import InvalidRequest, RetryPolicy, SentMessage, WhatsApp
from smsmobile._operations import Operation, WireFields

REPLIES: dict[str, object] = {
    "send": {"result": {"error": 0, "sent": "1", "id": "g-1"}},
    "resend": {"result": {"error": 0}},
    "set_retrieval": {"error": 0, "statut": "1"},
    "synchronize": {"error": 0, "expire_at_unix": "1741694400"},
    "fetch_messages": [],
    "check_number": {"error": 0, "whatsapp": "1"},
}


class RecordingTransport:
    """Answers every row with a canned reply and notes (row name, fields) of each exchange."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, object]]] = []

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        self.calls.append((operation.name, dict(fields)))
        return REPLIES[operation.name]

    def close(self) -> None:
        pass


@pytest.fixture
def recorded() -> tuple[WhatsApp, RecordingTransport]:
    transport = RecordingTransport()
    return WhatsApp(transport=transport, retry=RetryPolicy(attempts=1)), transport


def test_each_method_is_one_exchange_of_its_row_with_the_wire_fields(
    recorded: tuple[WhatsApp, RecordingTransport],
) -> None:
    wa, transport = recorded

    sent = wa.send("+1 917 286 60", "hi", also_sms=True, sim_port=2)
    resent = wa.resend("g-0")
    wa.set_retrieval("toggle")
    wa.synchronize()
    wa.fetch_page(date=dt.date(2025, 3, 11), message_type="audio", before=1_741_694_400)
    wa.check_number("+32 470 12 34 56")

    assert transport.calls == [
        (
            "send",
            {"recipients": "191728660", "message": "hi", "sendwa": "1", "sendsms": "1", "port": 2},
        ),
        ("resend", {"guid": "g-0"}),
        ("set_retrieval", {"statut": "x"}),
        ("synchronize", {}),
        (
            "fetch_messages",
            {"before": 1_741_694_400, "date": "2025-03-11", "message_type": "audio"},
        ),
        ("check_number", {"recipients": "32470123456"}),
    ]
    assert sent == SentMessage(guid="g-1", accepted=True, sent_at=None, via_whatsapp=True)
    assert resent.guid == "g-0"  # a resend reply without an id is about the GUID sent


def test_bad_input_never_reaches_the_transport(
    recorded: tuple[WhatsApp, RecordingTransport],
) -> None:
    wa, transport = recorded

    with pytest.raises(InvalidRequest) as caught:
        wa.send("33612345678", "hi", media_url="http://example.com/a.jpg")

    assert caught.value.field == "media_url"
    assert transport.calls == []


def test_an_object_without_exchange_is_refused_at_construction() -> None:
    class PerOperation:  # the seam before this one: a method per operation
        name = "old"

        def send(self, request: object) -> SentMessage:
            raise AssertionError("never called")

        def close(self) -> None:
            pass

    with pytest.raises(InvalidRequest) as caught:
        WhatsApp(transport=PerOperation())  # type: ignore[arg-type]

    assert caught.value.field == "transport"
