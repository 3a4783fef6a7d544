"""Replies decoded with msgspec into the typed results (issue 25 item 1): a page of inbound
messages in the spec's exact shape is read straight from its JSON bytes, and gives exactly what
the tolerant reader gives; any other shape is left to the tolerant reader (None here)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from smsmobile import InboundMessage
from smsmobile._operations import GET_MESSAGES, Decoded
from smsmobile._parse import inbound_messages, typed_page
from smsmobile.transports.rest import decode_reply


def page() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "date": "2026-01-01",
            "hour": "10:00:00",
            "timestamp": str(1767261600 + index),
            "number": "32470123456",
            "contact": "Ann",
            "message": f"hello {index}",
            "guid": f"guid-{index}",
            "message_type": "text",
            "more": {"auto_reply": "0", "transfert_to_email": "1", "chatgpt_reply": "0"},
        }
        for index in range(3)
    ]
    items[1]["chatgpt"] = {
        "prompt_tokens": "3",
        "completion_tokens": "4",
        "total_tokens": "7",
        "total_tokens_cost": "0.0012",
        "response": "hi",
    }
    return items


def test_a_page_in_the_spec_shape_is_read_from_its_bytes_as_the_tolerant_reader_reads_it() -> None:
    items = page()
    typed = typed_page(json.dumps(items).encode())
    assert typed is not None and typed == inbound_messages(items)
    assert all(type(message) is InboundMessage for message in typed)
    assert typed[1].chatgpt is not None and typed[1].chatgpt.cost == Decimal("0.0012")
    assert typed[0].auto_reply is not None and typed[0].auto_reply.forwarded_to_email is True
    assert inbound_messages({"error": "0", "message": items}) == typed  # SOAP's form


@pytest.mark.parametrize(
    "change",
    [
        {"transfer_to_email": "1"},  # a tolerated spelling (x-tolerated), inside `more`
        {"guid ": "padded"},  # a key written with a space
        {"timestamp": "2026-01-01 10:00:00"},  # a time as text, not unix seconds
        {"more": {}},  # an empty `more`: no flags, not three false ones
        {"guid": "  "},  # an empty guid: the tolerant reader refuses it
    ],
)
def test_any_other_shape_is_left_to_the_tolerant_reader(change: dict[str, Any]) -> None:
    items = page()
    if "transfer_to_email" in change:
        items[0]["more"] = {**items[0]["more"], **change}
    else:
        items[0].update(change)
    assert typed_page(json.dumps(items).encode()) is None


def test_the_rest_transport_hands_a_decoded_page_to_the_row() -> None:
    content = json.dumps(page()).encode()
    reply = decode_reply(200, content, {}, GET_MESSAGES.read_json)
    assert isinstance(reply, Decoded)
    assert GET_MESSAGES.parse(reply, {}) == inbound_messages(page())
    assert decode_reply(200, content, {}) == page()  # without a reader: plain data, as before
