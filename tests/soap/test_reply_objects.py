"""A SOAP page of inbound messages read straight from zeep's reply objects (issue 25 item 1):
the same messages as plain data read by the tolerant reader, for every shape it takes; any other
shape is left to the tolerant reader (None), which says what is wrong with it."""

from __future__ import annotations

from typing import Any

import pytest
from soap_scripted import ScriptedServer

from smsmobile import ApiKey, InboundMessage, MalformedReply, Timeouts, WhatsApp
from smsmobile._operations import GET_MESSAGES, Decoded
from smsmobile._parse import inbound_messages
from smsmobile._reply_objects import inbound_page
from smsmobile.transports.soap import NAMESPACE, SoapTransport, shared_document
from smsmobile.transports.soap_plain import plain_data
from smsmobile_sandbox.testing import RunningSandbox

START = 1_741_694_400  # 2025-03-11 12:00:00 UTC
CHATGPT = {
    "prompt_tokens": "3",
    "completion_tokens": "4",
    "total_tokens": "7",
    "total_tokens_cost": "0.0012",
    "response": "hi",
}


def _schema() -> Any:
    return shared_document(None, Timeouts()).types


def _reply(*messages: dict[str, Any], error: str = "0") -> Any:
    """A `GetMessagesResponse` as zeep builds it, each message given by its elements."""
    schema = _schema()
    message = schema.get_type(f"{{{NAMESPACE}}}InboundMessage")
    flags = schema.get_type(f"{{{NAMESPACE}}}AutoReplyFlags")
    usage = schema.get_type(f"{{{NAMESPACE}}}ChatGptUsage")
    built = []
    for elements in messages:
        values = dict(elements)
        if "more" in values:
            values["more"] = flags(**values["more"])
        if "chatgpt" in values:
            values["chatgpt"] = usage(**values["chatgpt"])
        built.append(message(**values))
    return schema.get_element(f"{{{NAMESPACE}}}GetMessagesResponse")(error=error, message=built)


def _full(index: int = 0) -> dict[str, Any]:
    return {
        "date": "2025-03-11",
        "hour": "12:00:00",
        "timestamp": START + index,
        "number": "32470123456",
        "contact": "Ann",
        "message": f"hello {index}",
        "guid": f"guid-{index}",
        "message_type": "text",
        "more": {"auto_reply": "0", "transfert_to_email": "1", "chatgpt_reply": "0"},
    }


READ_SHAPES = {
    "every element": [_full(0), _full(1)],
    "a ChatGPT reply": [{**_full(), "chatgpt": CHATGPT}],
    "a ChatGPT reply with only some elements": [{**_full(), "chatgpt": {"response": "ok"}}],
    "a ChatGPT element without children": [{**_full(), "chatgpt": {}}],
    "only a guid and a timestamp": [{"guid": "g", "timestamp": START}],
    "some flags": [{**_full(), "more": {"chatgpt_reply": "1"}}],
    "a `more` without flags": [{**_full(), "more": {}}],
    "a flag the WSDL does not allow": [{**_full(), "more": {"auto_reply": "yes"}}],
    "a guid padded with spaces": [{**_full(), "guid": " g "}],
    "timestamp 0": [{**_full(), "timestamp": 0}],
    "no message": [],
}


@pytest.mark.parametrize("messages", READ_SHAPES.values(), ids=READ_SHAPES.keys())
def test_a_page_is_read_as_the_tolerant_reader_reads_its_plain_data(
    messages: list[dict[str, Any]],
) -> None:
    reply = _reply(*messages)
    page = inbound_page(reply)
    assert page is not None
    assert page == inbound_messages(plain_data(reply))
    assert all(type(message) is InboundMessage for message in page)


def test_the_values_are_the_typed_ones() -> None:
    [message] = inbound_page(_reply({**_full(), "chatgpt": CHATGPT})) or []
    assert message.guid == "guid-0" and message.timestamp == START
    assert message.received_at.utcoffset() is not None
    assert message.auto_reply is not None and message.auto_reply.forwarded_to_email is True
    assert message.chatgpt is not None and message.chatgpt.total_tokens == 7


LEFT_SHAPES = {
    "an error": ({"error": "20"}, [_full()]),
    "a date and hour instead of a timestamp": ({}, [{"guid": "g", "date": "2025-03-11"}]),
    "no guid": ({}, [{"timestamp": START}]),
    "an empty guid": ({}, [{"guid": "  ", "timestamp": START}]),
    "a timestamp no datetime holds": ({}, [{"guid": "g", "timestamp": 10**17}]),
    "a ChatGPT count that is not a number": (
        {},
        [{**_full(), "chatgpt": {**CHATGPT, "total_tokens": "many"}}],
    ),
}


@pytest.mark.parametrize(("reply", "messages"), LEFT_SHAPES.values(), ids=LEFT_SHAPES.keys())
def test_any_other_shape_is_left_to_the_tolerant_reader(
    reply: dict[str, str], messages: list[dict[str, Any]]
) -> None:
    assert inbound_page(_reply(*messages, **reply)) is None
    assert inbound_page(None) is None and inbound_page({"error": "0"}) is None


def test_the_soap_transport_hands_the_row_a_decoded_page(sandbox: RunningSandbox) -> None:
    """Over the wire: the page zeep read becomes the row's result as it is, equal to the
    plain data's reading and to what REST gives for the same messages."""
    for index in range(3):
        usage = {"chatgpt": CHATGPT} if index == 1 else {}
        sandbox.control.inject_inbound(
            number="33612345678", message=f"m{index}", timestamp=START + index,
            more={"auto_reply": "1"}, **usage,
        )  # fmt: skip
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as rest:
        rest.set_retrieval(True)
        rest.synchronize()
        expected = list(rest.messages())
    transport = SoapTransport(
        base_url=sandbox.url, auth=ApiKey(sandbox.api_key), timeouts=Timeouts()
    )
    try:
        reply = transport.fetch(GET_MESSAGES, {})
        plain = transport.exchange(GET_MESSAGES, {})
    finally:
        transport.close()
    assert isinstance(reply, Decoded)
    assert GET_MESSAGES.parse(reply, {}) == GET_MESSAGES.parse(plain, {}) == expected
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport="soap") as soap:
        assert list(soap.messages()) == expected
    assert [m.chatgpt is not None for m in expected] == [False, True, False]


def test_a_page_the_tolerant_reader_refuses_is_still_refused(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.reply.body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        f'<tns:GetMessagesResponse xmlns:tns="{NAMESPACE}"><tns:error>0</tns:error>'
        "<tns:message><tns:timestamp>99999999999999999</tns:timestamp><tns:guid>g</tns:guid>"
        "</tns:message></tns:GetMessagesResponse></soap:Body></soap:Envelope>"
    ).encode()
    transport = SoapTransport(
        base_url="http://127.0.0.1:9",
        auth=ApiKey("k"),
        timeouts=Timeouts(),
        endpoint=scripted_server.url,
    )
    try:
        reply = transport.fetch(GET_MESSAGES, {})
        assert not isinstance(reply, Decoded)
        with pytest.raises(MalformedReply):
            GET_MESSAGES.parse(reply, {})
    finally:
        transport.close()
