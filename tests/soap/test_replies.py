"""What `SoapTransport` makes of replies the sandbox never sends: hostile XML, broken bodies,
bare HTTP errors. Each is served by a scripted server on 127.0.0.1."""

from __future__ import annotations

import logging
import time

import pytest
from soap_scripted import ScriptedServer

from smsmobile import (
    ApiKey,
    AuthenticationError,
    MalformedReply,
    OutcomeUnknown,
    RateLimited,
    ServiceError,
)
from smsmobile._models import SentMessage, Timeouts
from smsmobile._operations import GET_MESSAGES, SEND
from smsmobile._validation import send_values
from smsmobile._wire import send_fields
from smsmobile.transports.soap import SoapTransport

KEY = "soap-test-key-5f0c2a"
NS = "urn:smsmobile:whatsapp:v1"


def envelope(body: str, prolog: str = "") -> bytes:
    return (
        f'{prolog}<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<soap-env:Body xmlns:t="{NS}">{body}</soap-env:Body></soap-env:Envelope>'
    ).encode()


SEND_BODY = (
    "<t:SendWhatsAppResponse><t:error>0</t:error><t:sent>1</t:sent><t:id>abc123</t:id>"
    "<t:note>queued</t:note><t:datetime>2025-03-11T12:00:00Z</t:datetime>"
    "<t:send_with_whatsapp>1</t:send_with_whatsapp></t:SendWhatsAppResponse>"
)
SEND_OK = envelope(SEND_BODY)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def transport(server: ScriptedServer) -> SoapTransport:
    return SoapTransport(
        base_url="http://127.0.0.1:9",
        auth=ApiKey(KEY),
        timeouts=Timeouts(connect=2, read=5),
        endpoint=server.url,
    )


def send_once(client: SoapTransport) -> SentMessage:
    """One exchange and the row's parser: what the facade does, without its retries."""
    fields = send_fields(*send_values(to="32470123456", message="hello"))
    return SEND.parse(client.exchange(SEND, fields), fields)


def send(server: ScriptedServer) -> SentMessage:
    client = transport(server)
    try:
        return send_once(client)
    finally:
        client.close()


def test_a_well_formed_reply_is_read(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.body = SEND_OK
    sent = send(scripted_server)
    assert sent.guid == "abc123"
    assert sent.accepted
    assert sent.via_whatsapp
    assert sent.sent_at is not None and sent.sent_at.year == 2025
    assert b"<ns0:waonly>yes</ns0:waonly>" in scripted_server.requests[0]


def test_a_reply_with_a_dtd_is_refused(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.body = envelope(
        SEND_BODY,
        prolog='<?xml version="1.0"?><!DOCTYPE Envelope [<!ELEMENT Envelope ANY>]>',
    )
    with pytest.raises(MalformedReply):
        send(scripted_server)


def test_billion_laughs_is_refused_without_expanding(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.body = envelope(
        "<t:SendWhatsAppResponse><t:error>0</t:error><t:note>&lol9;</t:note>"
        "</t:SendWhatsAppResponse>",
        prolog=BILLION_LAUGHS,
    )
    started = time.perf_counter()
    with pytest.raises(MalformedReply):
        send(scripted_server)
    assert time.perf_counter() - started < 2


def test_an_external_entity_is_neither_fetched_nor_expanded(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.reply.body = envelope(
        "<t:SendWhatsAppResponse><t:error>0</t:error><t:note>&xxe;</t:note>"
        "</t:SendWhatsAppResponse>",
        prolog=f'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "{scripted_server.url}">]>',
    )
    with pytest.raises(MalformedReply) as caught:
        send(scripted_server)
    assert len(scripted_server.requests) == 1  # the entity's URL (this server) was never fetched
    assert "root:" not in str(caught.value)


def test_a_parameter_entity_pointing_outside_is_refused(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.body = envelope(
        "<t:SendWhatsAppResponse><t:error>0</t:error></t:SendWhatsAppResponse>",
        prolog=(
            '<?xml version="1.0"?>'
            f'<!DOCTYPE e [<!ENTITY % ext SYSTEM "{scripted_server.url}"> %ext;]>'
        ),
    )
    with pytest.raises(MalformedReply):
        send(scripted_server)
    assert len(scripted_server.requests) == 1


@pytest.mark.parametrize(
    "body",
    [
        SEND_OK[: len(SEND_OK) // 2],  # truncated
        b"not xml at all",
        b"",
        envelope("<t:SomethingElse><t:error>0</t:error></t:SomethingElse>"),
    ],
    ids=["truncated", "not-xml", "empty", "wrong-element"],
)
def test_an_unreadable_reply_is_malformed(scripted_server: ScriptedServer, body: bytes) -> None:
    scripted_server.reply.body = body
    with pytest.raises(MalformedReply):
        send(scripted_server)


def test_a_plain_503_is_a_service_error(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.status = 503
    scripted_server.reply.headers = {"Content-Type": "text/html"}
    scripted_server.reply.body = b"<html><body>Service Unavailable</body></html>"
    with pytest.raises(ServiceError) as caught:
        send(scripted_server)
    assert caught.value.http_status == 503


def test_an_error_status_with_a_soap_body_but_no_fault(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.status = 502
    scripted_server.reply.body = SEND_OK
    with pytest.raises(ServiceError) as caught:
        send(scripted_server)
    assert caught.value.http_status == 502


def test_a_plain_429_is_rate_limited_with_retry_after(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.status = 429
    scripted_server.reply.headers = {"Content-Type": "text/plain", "Retry-After": "7"}
    scripted_server.reply.body = b"slow down"
    with pytest.raises(RateLimited) as caught:
        send(scripted_server)
    assert caught.value.retry_after == 7


def fault(detail: str, faultcode: str = "Client") -> bytes:
    return envelope(
        f"<soap-env:Fault><faultcode>soap-env:{faultcode}</faultcode>"
        "<faultstring>refused</faultstring>"
        f"<detail><t:ServiceFault>{detail}</t:ServiceFault></detail></soap-env:Fault>"
    )


def test_an_application_fault_is_the_service_error_rest_raises(
    scripted_server: ScriptedServer,
) -> None:
    # The service's own code in a soap:Client fault (HTTP 500, as SOAP 1.1 requires): over REST
    # it is a non-zero `error` inside an HTTP 200, so no HTTP status goes with it.
    scripted_server.reply.status = 500
    scripted_server.reply.body = fault("<t:code>21</t:code><t:httpStatus>500</t:httpStatus>")
    with pytest.raises(ServiceError) as caught:
        send(scripted_server)
    assert (caught.value.code, caught.value.http_status) == ("21", None)


def test_a_server_fault_keeps_its_http_status(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.status = 500  # every SOAP 1.1 fault: the REST status is in the detail
    scripted_server.reply.body = fault(
        "<t:code>503</t:code><t:httpStatus>503</t:httpStatus>", faultcode="Server"
    )
    with pytest.raises(ServiceError) as caught:
        send(scripted_server)
    assert (caught.value.code, caught.value.http_status) == ("503", 503)


@pytest.mark.parametrize(
    ("status", "detail", "expected"),
    [
        (500, "<t:code>403</t:code><t:httpStatus>403</t:httpStatus>", AuthenticationError),
        (401, "<t:code>401</t:code><t:httpStatus>401</t:httpStatus>", AuthenticationError),
        (
            500,
            "<t:code>429</t:code><t:httpStatus>429</t:httpStatus><t:retryAfter>3</t:retryAfter>",
            RateLimited,
        ),
        (
            500,
            "<t:code>504</t:code><t:httpStatus>504</t:httpStatus><t:outcome>unknown</t:outcome>",
            OutcomeUnknown,
        ),
    ],
    ids=["forbidden", "unauthorized", "rate", "unknown-outcome"],
)
def test_a_fault_maps_by_its_service_fault(
    scripted_server: ScriptedServer, status: int, detail: str, expected: type[Exception]
) -> None:
    # Our servers send every SOAP 1.1 fault as HTTP 500 (WS-I BP 1.1 R1126), a refused bearer
    # token as HTTP 401: the error is read from the detail, not from the HTTP status.
    scripted_server.reply.status = status
    scripted_server.reply.body = fault(detail)
    with pytest.raises(expected) as caught:
        send(scripted_server)
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after == 3


def test_a_non_zero_error_in_a_200_reply_is_a_service_error(
    scripted_server: ScriptedServer,
) -> None:
    scripted_server.reply.body = envelope(
        "<t:SendWhatsAppResponse><t:error>10</t:error></t:SendWhatsAppResponse>"
    )
    with pytest.raises(ServiceError) as caught:
        send(scripted_server)
    assert caught.value.code == "10"


def test_envelopes_are_logged_without_the_key(
    scripted_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    scripted_server.reply.body = SEND_OK
    with caplog.at_level(logging.DEBUG):
        send(scripted_server)
    assert KEY.encode() in scripted_server.requests[0]  # it did travel, in the body
    soap_lines = [r.getMessage() for r in caplog.records if "SendWhatsApp" in r.getMessage()]
    assert any("SendWhatsAppRequest" in line for line in soap_lines)
    assert any("SendWhatsAppResponse" in line for line in soap_lines)
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_no_error_or_repr_holds_the_key(scripted_server: ScriptedServer) -> None:
    scripted_server.reply.status = 503
    scripted_server.reply.body = b"nope"
    client = transport(scripted_server)
    try:
        with pytest.raises(ServiceError) as caught:
            send_once(client)
    finally:
        client.close()
    error = caught.value
    assert KEY not in repr(client)
    assert KEY not in str(error) and KEY not in repr(error)
    assert error.__cause__ is None and error.__context__ is None


@pytest.mark.parametrize("timestamp", ["99999999999999999", "-99999999999999999"])
def test_a_timestamp_no_datetime_can_hold_is_malformed(
    scripted_server: ScriptedServer, timestamp: str
) -> None:
    scripted_server.reply.body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<tns:GetMessagesResponse xmlns:tns="urn:smsmobile:whatsapp:v1"><tns:error>0</tns:error>'
        f"<tns:message><tns:timestamp>{timestamp}</tns:timestamp><tns:guid>g</tns:guid>"
        "</tns:message></tns:GetMessagesResponse></soap:Body></soap:Envelope>"
    ).encode()
    client = transport(scripted_server)
    try:
        with pytest.raises(MalformedReply):
            GET_MESSAGES.parse(client.exchange(GET_MESSAGES, {}), {})
    finally:
        client.close()
