"""The WhatsApp replies the spec can type (send, resend, check number, set retrieval) are read by
the one reader of the derived types, from the spec's schemas: their fields, spellings and
conversions are the spec's, and only what the request knows stays a hand part."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import smsmobile
from smsmobile import (
    MalformedReply,
    NumberCheck,
    RetrievalState,
    SentMessage,
    ServiceError,
    SyncWindow,
)
from smsmobile._account_parse import number_check, retrieval_state, sent_message, sync_window
from smsmobile._derived import replies

SCHEMAS = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml").read_text()
)["components"]["schemas"]


@pytest.mark.parametrize(
    ("kind", "schema"),
    [
        (SentMessage, "SendResult"),
        (NumberCheck, "CheckNumberReply"),
        (RetrievalState, "RetrievalReply"),
        (SyncWindow, "SyncReply"),
    ],
)
def test_the_type_is_derived_from_its_schema_with_its_spellings(kind: type, schema: str) -> None:
    assert getattr(smsmobile, kind.__name__) is getattr(replies, kind.__name__)
    assert SCHEMAS[schema]["x-smsmobile-type"] == kind.__name__
    tolerated = SCHEMAS[schema].get("x-tolerated", {})
    for field in replies.FIELDS[kind]:
        assert field.wires[0] in SCHEMAS[schema]["properties"]
        assert list(field.wires[1:]) == tolerated.get(field.wires[0], [])
    assert dataclasses.fields(kind)[0].name in ("guid", "number", "enabled", "expires_at")


@pytest.mark.parametrize(
    "reply",
    [
        {"result": {"error": 0, "sent": "1", "id": "g1", "datetime": "2025-03-11 11:27:00"}},
        {"error": "0", "sent": 1, "guid": "g1", "date": "2025-03-11T11:27:00Z"},
        {"result": {" id ": "g1", "sent": True, "send_with_whatsapp": "1", "datetime": 1741692420}},
    ],
    ids=["published", "tolerated-spellings", "spaced-key-typed-values"],
)
def test_a_send_reply_in_any_shape_the_spec_says(reply: dict[str, Any]) -> None:
    sent = sent_message(reply)
    assert sent == SentMessage("g1", True, dt.datetime(2025, 3, 11, 11, 27, tzinfo=dt.UTC), True)


def test_a_send_reply_with_an_unreadable_flag_or_no_id_is_malformed() -> None:
    with pytest.raises(MalformedReply, match="sent unreadable"):
        sent_message({"result": {"id": "g1", "sent": "maybe"}})
    with pytest.raises(MalformedReply, match="without id"):
        sent_message({"result": {"error": 0, "note": "queued"}})
    with pytest.raises(ServiceError):
        sent_message({"result": {"error": 5, "note": "refused"}})


def test_a_resend_reply_without_the_id_is_about_the_guid_sent() -> None:
    resent = sent_message({"result": {"error": 0, "note": "resent"}}, resent_guid="g0")
    assert (resent.guid, resent.accepted, resent.note) == ("g0", True, "resent")
    echoed = sent_message({"result": {"id": "g9"}}, resent_guid="g0")
    assert echoed.guid == "g9"


def test_a_number_check_reads_the_echo_else_the_number_asked() -> None:
    assert number_check({"error": 0, "whatsapp": "1"}, "324") == NumberCheck("324", True)
    assert number_check({"recipients": 325, "exists": "no"}, "324") == NumberCheck("325", False)
    with pytest.raises(MalformedReply, match="without whatsapp"):
        number_check({"error": 0, "whatsapp": "maybe"}, "324")


def test_a_retrieval_state_reads_statut_and_its_spellings() -> None:
    assert retrieval_state({"error": 0, "statut": "1"}) == RetrievalState(enabled=True)
    assert retrieval_state({"enabled": False}) == RetrievalState(enabled=False)
    with pytest.raises(MalformedReply, match="without statut"):
        retrieval_state({"error": 0, "message": "done"})


EXPIRES = dt.datetime(2025, 3, 11, 11, 27, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "reply",
    [
        {"error": "0", "expire_at ": "2025-03-11 11:27:00", "expire_at_unix": "1741692420"},
        {"error": "0", "expire_at": "1999-01-01 00:00:00", "expire_at_unix": 1741692420},
        {"error": 0, "expire_at": "2025-03-11 11:27:00", "expire_at_unix": ""},
        {"expires_at": "2025-03-11T11:27:00+00:00"},
    ],
    ids=["published", "unix-wins", "empty-unix-then-text", "tolerated-spelling"],
)
def test_a_sync_window_reads_the_unix_time_else_the_text(reply: dict[str, Any]) -> None:
    window = sync_window(reply)
    assert window == SyncWindow(expires_at=EXPIRES)
    assert window.is_open(EXPIRES - dt.timedelta(seconds=1)) and not window.is_open(EXPIRES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        window.expires_at = EXPIRES  # type: ignore[misc]


def test_a_sync_reply_without_a_time_is_malformed() -> None:
    with pytest.raises(MalformedReply, match="without expire_at_unix"):
        sync_window({"error": "0", "messages": "synchronized"})
