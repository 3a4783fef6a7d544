"""REST and SOAP give EQUAL results for equal sandbox state: same dataclasses, same values, and
the same exception class and code for the same failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from contract_support import AuthKind, Factory, fault_path

from smsmobile import SmsMobileError, WhatsApp
from smsmobile_sandbox.testing import RunningSandbox

INBOUND: list[dict[str, Any]] = [
    {"number": "32470000001", "message": "first", "contact": "Ann", "timestamp": 1741680000},
    {
        "number": "32470000002",
        "message": "a voice note, transcribed",
        "message_type": "audio",
        "timestamp": 1741683600,
        "more": {"auto_reply": "1", "transfert_to_email": "0", "chatgpt_reply": "1"},
        "chatgpt": {
            "prompt_tokens": "7",
            "completion_tokens": "9",
            "total_tokens": "16",
            "total_tokens_cost": "0.00003",
            "response": "Thanks!\nSee you.",
        },
    },
    {"number": "32470000003", "message": "multi\nline *bold* & <tag>", "timestamp": 1741687200},
    {"number": "32470000004", "message": "no contact", "contact": "", "timestamp": 1741690800},
]


@pytest.fixture
def both(make_client: Factory, auth_kind: AuthKind) -> tuple[WhatsApp, WhatsApp]:
    return make_client("rest", auth_kind), make_client("soap", auth_kind)


# A "single" (one bare object) reply can only hold a page of one message.
@pytest.mark.parametrize(
    ("shape", "page_size"),
    [("array", 50), ("array", 1), ("object", 50), ("object", 1), ("single", 1)],
)
def test_the_same_inbound_messages(
    both: tuple[WhatsApp, WhatsApp], sandbox: RunningSandbox, shape: str, page_size: int
) -> None:
    rest, soap = both
    sandbox.control.faults(messages_shape=shape, page_size=page_size)
    for fields in INBOUND:
        sandbox.control.inject_inbound(**fields)
    rest.set_retrieval(True)
    rest.synchronize()
    over_rest = list(rest.messages())
    over_soap = list(soap.messages())
    assert len(over_rest) == len(INBOUND)
    assert over_soap == over_rest
    for query in ({"message_type": "audio"}, {"date": "2025-03-11"}, {"before": 1741687200}):
        assert list(soap.messages(**query)) == list(rest.messages(**query))


def test_the_same_replies_to_every_read(
    both: tuple[WhatsApp, WhatsApp], sandbox: RunningSandbox
) -> None:
    rest, soap = both
    sandbox.control.faults(not_on_whatsapp=["32470000009"])
    for number in ("32470000001", "32470000009"):
        assert soap.check_number(number) == rest.check_number(number)
    for switch in (True, "toggle", False, "toggle"):
        from_rest = rest.set_retrieval(switch)
        rest.set_retrieval("toggle")  # back, so that SOAP starts from the same state
        assert soap.set_retrieval(switch) == from_rest  # type: ignore[arg-type]
    assert abs(soap.synchronize().expires_at - rest.synchronize().expires_at).total_seconds() < 2


def test_the_same_sends(both: tuple[WhatsApp, WhatsApp], sandbox: RunningSandbox) -> None:
    rest, soap = both
    sandbox.control.faults(error_recipients=["32470999999"])
    options = {"media_url": "https://example.com/a.pdf", "pdf_preview": True, "also_sms": True}
    over_rest = rest.send("32470999999", "hello", **options)
    over_soap = soap.send("32470999999", "hello", **options)
    assert (over_soap.accepted, over_soap.via_whatsapp, over_soap.note) == (
        over_rest.accepted,
        over_rest.via_whatsapp,
        over_rest.note,
    )
    stored = sandbox.control.messages()
    ignore = {"guid", "created_at", "via"}
    assert {k: v for k, v in stored[1].items() if k not in ignore} == {
        k: v for k, v in stored[0].items() if k not in ignore
    }
    resent_rest, resent_soap = rest.resend(over_rest.guid), soap.resend(over_soap.guid)
    assert (resent_soap.guid, resent_soap.note) == (over_soap.guid, resent_rest.note)


NUMBER = "32470000001"
FAILURES: list[tuple[str, str, dict[str, Any] | None, Callable[[WhatsApp], object]]] = [
    ("unknown-guid", "resend", None, lambda wa: wa.resend("f" * 40)),
    ("retrieval-off", "messages", None, lambda wa: list(wa.messages())),
    ("503", "synchronize", {"action": "status", "status": 503, "count": 3}, WhatsApp.synchronize),
    (
        "400",
        "check_number",
        {"action": "status", "status": 400},
        lambda wa: wa.check_number(NUMBER),
    ),
    (
        "429",
        "synchronize",
        {"action": "status", "status": 429, "retry_after": 99},
        WhatsApp.synchronize,
    ),
    ("malformed", "synchronize", {"action": "malformed", "count": 3}, WhatsApp.synchronize),
    ("lost-send", "send", {"action": "drop", "when": "after"}, lambda wa: wa.send(NUMBER, "x")),
]


@pytest.mark.parametrize(
    ("operation", "setup", "call"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES]
)
def test_the_same_failures(
    both: tuple[WhatsApp, WhatsApp],
    sandbox: RunningSandbox,
    operation: str,
    setup: dict[str, Any] | None,
    call: Callable[[WhatsApp], object],
) -> None:
    results = []
    for client, transport in zip(both, ("rest", "soap"), strict=True):
        sandbox.control.reset()
        if setup is not None:
            rule = {**setup, "match": fault_path(transport, operation)}
            sandbox.control.faults(rules=[rule])
        with pytest.raises(SmsMobileError) as caught:
            call(client)
        error = caught.value
        results.append(
            (type(error), getattr(error, "code", None), getattr(error, "http_status", None))
        )
    assert results[1] == results[0]
