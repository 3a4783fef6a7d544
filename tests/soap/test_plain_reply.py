"""SOAP replies as plain data: exactly what `zeep.helpers.serialize_object` gives, with absent
elements left out (the shape the reply readers rely on), for every reply element of the WSDL."""

from __future__ import annotations

from typing import Any

import zeep
import zeep.helpers

from smsmobile import Timeouts
from smsmobile.transports.soap import NAMESPACE, shared_document
from smsmobile.transports.soap_plain import plain_data


def _reference(value: Any) -> Any:
    """`serialize_object`'s plain data with every None (an absent element) left out."""
    if isinstance(value, list):
        return [_reference(item) for item in value]
    if isinstance(value, dict):
        return {key: _reference(item) for key, item in value.items() if item is not None}
    return value


def _document() -> Any:
    return shared_document(None, Timeouts())


def test_a_page_of_messages_keeps_its_shape() -> None:
    """Present, absent and nested elements, a repeated element, a number: as before."""
    schema = _document().types
    response = schema.get_element(f"{{{NAMESPACE}}}GetMessagesResponse")
    message = schema.get_type(f"{{{NAMESPACE}}}InboundMessage")
    flags = schema.get_type(f"{{{NAMESPACE}}}AutoReplyFlags")
    reply = response(
        error="0",
        message=[
            message(
                guid="a", timestamp=1700000000, number="32470000000", more=flags(auto_reply="1")
            ),
            message(guid="b", message="hi"),
        ],
    )
    plain = plain_data(reply)
    assert plain == _reference(zeep.helpers.serialize_object(reply, dict))
    assert plain == {
        "error": "0",
        "message": [
            {
                "guid": "a",
                "timestamp": 1700000000,
                "number": "32470000000",
                "more": {"auto_reply": "1"},
            },
            {"guid": "b", "message": "hi"},
        ],
    }
    assert type(plain) is dict and type(plain["message"][0]["more"]) is dict


def test_an_empty_page_keeps_its_empty_list() -> None:
    """zeep gives a repeated element no occurrence of as [], not None: it stays, as before."""
    reply = _document().types.get_element(f"{{{NAMESPACE}}}GetMessagesResponse")(error="0")
    assert plain_data(reply) == _reference(zeep.helpers.serialize_object(reply, dict))
    assert plain_data(reply) == {"error": "0", "message": []}
