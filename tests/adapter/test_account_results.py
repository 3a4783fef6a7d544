"""The account's typed results (issue 22): each reply read into its frozen, slotted dataclass,
tolerant where the shape is unpublished (unreadable fields None, the record kept as `raw`),
strict where it is published, refusals raised; and the API key a notification's reply echoes is
in no result, repr, JSON output or log line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest

from smsmobile import (
    ApiKey,
    CallRecord,
    Device,
    MalformedReply,
    Notification,
    ReceivedSms,
    SentNotification,
    SentSms,
    ServiceError,
    SmsMobile,
)
from smsmobile._account_parse import (
    call_records,
    devices,
    mailbox_page,
    notifications,
    received_sms,
    sent_notification,
    sent_sms,
)
from smsmobile._json import to_json
from smsmobile_sandbox.testing import RunningSandbox

SID = "sandbox-sid-1"


def test_every_model_is_frozen_and_slotted_and_keeps_raw_out_of_eq_and_repr() -> None:
    record = {"sid": "a", "name": "Phone", "colour": "blue"}
    device = devices({"error": 0, "mobiles": [record]})[0]
    assert device == Device(sid="a", name="Phone")  # raw not compared
    assert device.raw == record  # an unpublished field is kept
    assert "colour" not in repr(device) and "raw" not in to_json(device)
    assert not hasattr(device, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        device.sid = "b"  # type: ignore[misc]


def test_the_published_received_sms_shape_is_read_from_rest_and_soap_alike() -> None:
    record = {"id": "7", "number": "+3247", "message": "hi", "timestamp_unix": 1_800_000_000}
    rest = received_sms({"result": {"error": 0, "sms": [record]}})
    soap = received_sms({"error": "0", "sms": [record]})
    assert (
        rest
        == soap
        == [
            ReceivedSms(
                id=7,
                number="+3247",
                message="hi",
                received_at=dt.datetime.fromtimestamp(1_800_000_000, dt.UTC),
            )
        ]
    )
    assert received_sms({"result": {"error": 0}}) == []
    with pytest.raises(MalformedReply, match="without number"):
        received_sms({"result": {"error": 0, "sms": [{"id": 1, "message": "x"}]}})


def test_unpublished_shapes_are_tolerant() -> None:
    [sent] = sent_sms({"sms": {"guid": "g", "timestamp_unix": "not a time", "error_api": "1"}})
    assert sent == SentSms(guid="g", api_error=True)  # one record unwrapped, bad time is None
    assert sent.raw["timestamp_unix"] == "not a time"
    [note] = notifications({"notifications": [{"id": "3", "distribued": "0", "other": 1}]})
    assert note == Notification(id=3, shown=False)
    page = mailbox_page({"error": "0", "emails": [{"uid": 1, "from": "a@b.c"}], "total": "4"})
    assert (page.total, page.messages[0].sender, page.messages[0].uid) == (4, "a@b.c", 1)
    with pytest.raises(MalformedReply, match="list of objects"):
        notifications({"notifications": ["text"]})


def test_call_records_read_either_spelling() -> None:
    rows = call_records(
        {"success": True, "rows": [{"phone_number": "+1", "cached_name": "A"}]}, "rows"
    )
    assert rows == [CallRecord(number="+1", name="A")]


@pytest.mark.parametrize(
    "reply",
    [
        {"success": False, "message": "unknown sid", "apikey": "k-123"},
        {"error": "30", "message": "unknown sid"},
    ],
)
def test_a_refusal_is_a_service_error_without_the_key(reply: dict[str, object]) -> None:
    with pytest.raises(ServiceError, match="unknown sid") as raised:
        sent_notification(reply)
    assert "k-123" not in str(raised.value) + repr(raised.value)


def test_the_echoed_api_key_is_in_no_result_repr_json_or_log(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="smsmobile")
    for transport in ("rest", "soap"):
        with SmsMobile(
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport
        ) as client:
            sent = client.notifications.send(SID, f"over {transport}")
        assert isinstance(sent, SentNotification) and sent.device_sid == SID
        shown = repr(sent) + str(sent) + json.dumps(to_json(sent)) + repr(sent.raw)
        assert sandbox.api_key not in shown and "apikey" not in sent.raw
    # the service did echo it (the sandbox, as published): it was there to be dropped
    assert sandbox.control.calls()[-1]["operation"] == "notifications_send"
    assert caplog.records, "debug logging was on"
    assert all(sandbox.api_key not in record.getMessage() for record in caplog.records)


def test_the_cli_prints_the_typed_fields_without_the_key(
    sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    from smsmobile.cli import main

    words = ["--base-url", sandbox.url, "--api-key", sandbox.api_key]
    assert main(["--json", *words, "notifications", "send", "--sid", SID, "--message", "x"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out).keys() == {"id", "device_sid", "note"}
    assert sandbox.api_key not in out
    assert main([*words, "devices"]) == 0
    assert SID in capsys.readouterr().out
