"""spec/openapi.yaml holds the whole published API (issue 22): every operation of the service's
description with its tag, its fields, their published constraints and its reply schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from contract_readers import Spec

OPENAPI = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"

#: label -> (operationId, tag, required fields, every field)
WHOLE_API: dict[str, tuple[str, str, set[str], set[str]]] = {
    "GET /getsms/": (
        "listReceivedSms",
        "SMS",
        set(),
        {"after_timestamp_unix", "sIdentifiantPhone", "onlyunread"},
    ),
    "GET /log/sent/sms/": (
        "listSentSms",
        "SMS",
        set(),
        {"guid_message", "keyword", "error_api", "error_mobile"},
    ),
    "GET /gateway/mobile/list/": ("listDevices", "Devices", set(), {"sid", "search"}),
    "GET /call/missed/list/": (
        "listMissedCalls",
        "Calls",
        set(),
        {"offset", "limit", "search", "date_start", "date_end"},
    ),
    "GET /call/incoming/list/": (
        "listIncomingCalls",
        "Calls",
        set(),
        {"offset", "limit", "q", "sort_dir"},
    ),
    "GET /call/outgoing/list/": (
        "listOutgoingCalls",
        "Calls",
        set(),
        {"offset", "limit", "q", "sort_dir"},
    ),
    "POST /notification/send": (
        "sendNotification",
        "Notifications",
        {"sid", "message"},
        {"sid", "message", "title", "type"},
    ),
    "GET /notification/list/": (
        "listNotifications",
        "Notifications",
        set(),
        {"sidentifiant", "distribued", "date_start", "date_end"},
    ),
    "POST /sendemail/": (
        "sendEmail",
        "Email",
        {
            "apikeybox",
            "sender_name",
            "sender_email",
            "recipient_email",
            "mail_subject",
            "mail_body",
            "allow_self_signed",
        },
        {
            "apikeybox",
            "sender_name",
            "sender_email",
            "recipient_email",
            "mail_subject",
            "mail_body",
            "allow_self_signed",
            "unsubscribe",
            "attachmentBase64",
            "attachmentBase64_name_1",
        },
    ),
    "GET /getemail/": (
        "listEmails",
        "Email",
        {"apikeybox", "mbox", "start"},
        {"apikeybox", "mbox", "start"},
    ),
}

CONSTRAINT_KEYS = ("enum", "pattern", "minimum", "maximum", "minLength", "format")


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec(OPENAPI)


def operation(spec: Spec, label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    found: dict[str, Any] = spec.document["paths"][path][method.lower()]
    return found


def test_operation_ids_are_unique(spec: Spec) -> None:
    ids = [op["operationId"] for item in spec.document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("label", sorted(WHOLE_API))
def test_each_published_operation_is_in_the_spec(spec: Spec, label: str) -> None:
    operation_id, tag, required, fields = WHOLE_API[label]
    written = operation(spec, label)
    assert written["operationId"] == operation_id
    assert written["tags"] == [tag]
    parsed = next(op for op in spec.operations() if op.label == label)
    assert set(parsed.fields) == fields
    assert parsed.required == required
    assert parsed.reply is not None, f"{label}: no 200 reply schema"
    for name, schema in parsed.fields.items():
        # every field says what it refuses, so validation can be derived from the spec
        assert any(key in schema for key in CONSTRAINT_KEYS), f"{label}: {name} has no rule"


def test_published_bounds_and_enums(spec: Spec) -> None:
    by_label = {op.label: op for op in spec.operations()}
    missed = by_label["GET /call/missed/list/"].fields
    assert (missed["limit"]["minimum"], missed["limit"]["maximum"]) == (1, 500)
    assert missed["limit"]["default"] == 100
    assert missed["offset"]["minimum"] == 0
    assert missed["date_start"]["format"] == "date"
    for label in ("GET /call/incoming/list/", "GET /call/outgoing/list/"):
        fields = by_label[label].fields
        assert (fields["limit"]["minimum"], fields["limit"]["maximum"]) == (1, 200)
        assert fields["limit"]["default"] == 50
        assert fields["sort_dir"]["enum"] == ["asc", "desc"]
    assert by_label["GET /getsms/"].fields["onlyunread"]["enum"] == ["yes"]
    assert by_label["GET /log/sent/sms/"].fields["error_api"]["enum"] == ["0", "1"]
    assert by_label["GET /notification/list/"].fields["distribued"]["enum"] == ["0", "1"]
    notification = by_label["POST /notification/send"].fields
    assert notification["title"]["default"] == "Notification"
    assert notification["type"]["default"] == "notification"
    email = by_label["POST /sendemail/"].fields
    assert email["allow_self_signed"]["enum"] == ["yes", "no"]
    assert email["unsubscribe"]["enum"] == ["1"]
    assert email["sender_email"]["format"] == "email"
    assert by_label["GET /getemail/"].fields["mbox"]["default"] == "INBOX"
    assert by_label["GET /getemail/"].fields["start"]["minimum"] == 0


def test_published_replies_and_assumptions(spec: Spec) -> None:
    schemas = spec.document["components"]["schemas"]
    sms = schemas["ReceivedSms"]["properties"]
    assert sms["id"]["type"] == "integer" and sms["timestamp_unix"]["type"] == "integer"
    assert {"type": "null"} in sms["alias"]["anyOf"]
    assert set(schemas["CallRecord"]["properties"]) == {
        "number",
        "phone_number",
        "name",
        "cached_name",
        "date",
        "call_datetime_utc",
        "duration_sec",
    }
    assert set(schemas["MissedCallsReply"]["properties"]) == {
        "success",
        "offset",
        "limit",
        "count",
        "data",
    }
    assert set(schemas["CallListReply"]["properties"]) == {"success", "count", "rows"}
    assert set(schemas["NotificationSendReply"]["properties"]) == {
        "success",
        "message",
        "id",
        "apikey",
        "sid",
    }
    # every reply object allows extra properties; unpublished shapes say so
    for name in ("SentSmsLogReply", "DeviceListReply", "NotificationListReply", "EmailSendReply"):
        assert schemas[name]["additionalProperties"] is True
        assert "ASSUMPTION" in schemas[name]["description"]
    assert "ASSUMPTION" in schemas["EmailListReply"]["description"]
