"""WhatsApp formatting helpers: markers around the text, inner markers neutralised with U+200B."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from adapter_support import MakeClient

from smsmobile.formatting import ZWSP, bold, escape, italic, monospace, strike
from smsmobile_sandbox.testing import RunningSandbox


def test_plain_wrapping() -> None:
    assert bold("world") == "*world*"
    assert italic("Hello") == "_Hello_"
    assert strike("today") == "~today~"
    assert monospace("SMSMobileAPI") == "```SMSMobileAPI```"


def test_styles_nest() -> None:
    assert bold(italic("x")) == "*_x_*"
    assert strike(bold("a b")) == "~*a b*~"


def test_own_marker_inside_is_neutralised() -> None:
    assert bold("2*3") == f"*2{ZWSP}*{ZWSP}3*"
    assert italic("snake_case") == f"_snake{ZWSP}_{ZWSP}case_"
    assert strike("~5") == f"~{ZWSP}~{ZWSP}5~"
    assert monospace("a```b") == f"```a{ZWSP}`{ZWSP}{ZWSP}`{ZWSP}{ZWSP}`{ZWSP}b```"


def test_whitespace_stays_outside_and_empty_text_is_unchanged() -> None:
    assert bold("  hi there \n") == "  *hi there* \n"
    assert bold("") == ""
    assert italic("   ") == "   "


def test_escape_neutralises_every_marker_and_is_idempotent() -> None:
    text = "*not bold* _not italic_ ~no~ ```no```"
    escaped = escape(text)
    assert escaped.replace(ZWSP, "") == text
    for marker in "*_~`":
        assert marker not in escaped.replace(f"{ZWSP}{marker}{ZWSP}", "")
    assert escape(escaped) == escaped


@pytest.mark.parametrize("helper", [bold, italic, strike, monospace])
def test_formatted_text_is_sent_as_is(
    sandbox: RunningSandbox, make_client: MakeClient, helper: Callable[[str], str]
) -> None:
    wa = make_client()
    text = f"Order {helper('#576 *shipped*')} today"
    wa.send("33612345678", text)
    assert sandbox.control.messages()[0]["message"] == text
