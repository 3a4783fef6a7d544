"""Every input rule is checked before any I/O: the error names the field and the rule, and the
sandbox sees nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from adapter_support import MakeClient

from smsmobile import InvalidRequest, RetryPolicy, Timeouts, WhatsApp
from smsmobile._validation import normalise_number, validate_media_url
from smsmobile_sandbox.testing import RunningSandbox

PAST = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
PDF = "https://example.com/a.pdf"

SEND_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("to", {"to": "12345"}, "6 to 15 digits"),
    ("to", {"to": "1234567890123456"}, "6 to 15 digits"),
    ("to", {"to": "+0612345678"}, "not starting with 0"),
    ("to", {"to": "0612345678"}, "not starting with 0"),
    ("to", {"to": "33 6 12 ab 56"}, "digits"),
    ("to", {"to": "+33/612345678"}, "digits"),
    (
        "to",
        {"to": "\uff13\uff13\uff16\uff11\uff12\uff13\uff14\uff15\uff16"},
        "digits",
    ),  # full-width
    ("to", {"to": ""}, "digits"),
    ("to", {"to": 33612345678}, "string"),
    ("message", {"message": ""}, "empty"),
    ("message", {"message": " \n\t "}, "whitespace"),
    ("message", {"message": "x" * 4097}, "4096"),
    ("message", {"message": None}, "string"),
    ("media_url", {"media_url": "http://example.com/a.pdf"}, "https://"),
    ("media_url", {"media_url": "ftp://example.com/a.pdf"}, "https://"),
    ("media_url", {"media_url": "https:///a.pdf"}, "host"),
    ("media_url", {"media_url": "https://example.com/a.gif"}, "extension"),
    ("media_url", {"media_url": "https://example.com/a"}, "extension"),
    ("media_url", {"media_url": "https://example.com/pdf"}, "extension"),
    ("media_url", {"media_url": "https://example.com/a.exe?f=a.pdf"}, "extension"),
    ("media_url", {"media_url": "https://example.com/a b.pdf"}, "whitespace"),
    ("pdf_preview", {"pdf_preview": True}, ".pdf"),
    ("pdf_preview", {"pdf_preview": True, "media_url": "https://example.com/a.png"}, ".pdf"),
    ("short_url", {"short_url": True, "media_url": PDF}, "pdf_preview"),
    ("also_sms", {"also_sms": "yes"}, "True or False"),
    ("schedule_at", {"schedule_at": PAST}, "future"),
    ("schedule_at", {"schedule_at": 1_000}, "future"),
    ("schedule_at", {"schedule_at": "tomorrow"}, "unix timestamp"),
    ("device_sid", {"device_sid": "  "}, "non-empty"),
    ("sim_port", {"sim_port": 3}, "1 or 2"),
    ("sim_port", {"sim_port": True}, "1 or 2"),
]


@pytest.mark.parametrize(("field", "change", "rule"), SEND_CASES)
def test_send_rules(
    sandbox: RunningSandbox, make_client: MakeClient, field: str, change: dict[str, Any], rule: str
) -> None:
    arguments: dict[str, Any] = {"to": "33612345678", "message": "hello", **change}
    wa = make_client()

    with pytest.raises(InvalidRequest) as invalid:
        wa.send(**arguments)

    assert invalid.value.field == field
    assert rule in invalid.value.rule
    assert str(invalid.value).startswith(f"{field}: ")
    assert sandbox.control.messages() == []
    assert sandbox.control.stats()["requests"] == {}


READ_CASES: list[tuple[str, Callable[[WhatsApp], object], str]] = [
    ("guid", lambda wa: wa.resend("   "), "empty"),
    ("guid", lambda wa: wa.resend("a" * 129), "at most 128"),
    ("guid", lambda wa: wa.resend("two words"), "no spaces"),
    ("guid", lambda wa: wa.resend("a\x00b"), "controls"),
    ("guid", lambda wa: wa.resend("caf\u00e9"), "ASCII"),
    ("date", lambda wa: wa.fetch_page(date="11/03/2025"), "yyyy-mm-dd"),
    ("date", lambda wa: wa.fetch_page(date="2025-02-30"), "yyyy-mm-dd"),
    ("date", lambda wa: wa.messages(date="20250311"), "yyyy-mm-dd"),
    ("message_type", lambda wa: wa.fetch_page(message_type="video"), "'text' or 'audio'"),  # type: ignore[arg-type]
    ("before", lambda wa: wa.fetch_page(before=-1), "negative"),
    ("before", lambda wa: wa.messages(before="yesterday"), "unix timestamp"),  # type: ignore[arg-type]
    ("limit", lambda wa: wa.messages(limit=-1), "non-negative"),
    ("number", lambda wa: wa.check_number("123"), "6 to 15 digits"),
    ("enabled", lambda wa: wa.set_retrieval("on"), "'toggle'"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("field", "call", "rule"), READ_CASES)
def test_other_rules(
    sandbox: RunningSandbox,
    make_client: MakeClient,
    field: str,
    call: Callable[[WhatsApp], object],
    rule: str,
) -> None:
    wa = make_client()

    with pytest.raises(InvalidRequest) as invalid:
        call(wa)

    assert (invalid.value.field, rule in invalid.value.rule) == (field, True)
    assert sandbox.control.stats()["requests"] == {}


def test_accepted_guids(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    """Any GUID the spec allows passes validation (the service then answers): a 40-hex send
    id, an inbound UUID, and forms the service has not promised never to use."""
    from smsmobile import ServiceError

    wa = make_client()
    for guid in ("A" * 40, "652fcfc0-12a8-46f5-b5ba-9391135b8b4c", "msg_42", "a" * 128):
        with pytest.raises(ServiceError) as unknown:
            wa.resend(f"  {guid} ")
        assert unknown.value.code == "10"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 917 286 60", "191728660"),
        ("191728660", "191728660"),
        ("0033 (6) 12.34.56-78", "33612345678"),
        ("+33 [6] 12 34 56 78", "33612345678"),
        ("\t+44 20 7946 0958\n", "442079460958"),
        ("123456", "123456"),
        ("123456789012345", "123456789012345"),
    ],
)
def test_number_normalisation_is_idempotent(raw: str, expected: str) -> None:
    assert normalise_number(raw) == expected
    assert normalise_number(normalise_number(raw)) == expected


def test_media_url_extensions_are_judged_on_the_path_case_insensitively() -> None:
    for extension in ("pdf", "DOCX", "Jpeg", "7z", "gz", "csv", "png"):
        url = f"https://cdn.example.com/x/file.{extension}?token=abc#top"
        assert validate_media_url(url) == url
    assert validate_media_url(" HTTPS://example.com/a.png ") == "HTTPS://example.com/a.png"


def test_message_limit_is_inclusive(sandbox: RunningSandbox, make_client: MakeClient) -> None:
    make_client().send("33612345678", "x" * 4096)
    assert len(sandbox.control.messages()) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": Timeouts(connect=1, read=-1)}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"base_url": "api.smsmobileapi.com"}, "base_url"),
        ({"transport": "grpc"}, "transport"),
        ({"retry": 3}, "retry"),
    ],
)
def test_constructor_rules(make_client: MakeClient, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRequest) as invalid:
        make_client(**kwargs)
    assert invalid.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"attempts": 0}, "retry.attempts"),
        ({"backoff": -1}, "retry.backoff"),
        ({"max_retry_after": -1}, "retry.max_retry_after"),
    ],
)
def test_retry_policy_rules(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRequest) as invalid:
        RetryPolicy(**kwargs)
    assert invalid.value.field == field
