"""The README promises no more than the code does (issue 23, item 8): where it says how retries
treat a send, what `send()` covers, and what `make demo` installs and shows."""

from __future__ import annotations

from pathlib import Path

from doc_examples import pages

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
EVERY_PAGE = "\n".join(page.read_text(encoding="utf-8") for page in pages())
FIRST_BULLET = README.split("\n- ", 1)[1].split("\n- ", 1)[0]


def test_the_first_bullet_says_when_a_send_is_repeated() -> None:
    assert "never send a message twice" not in EVERY_PAGE
    assert "retry_send_on_429=False" in FIRST_BULLET and "429" in FIRST_BULLET


def test_sms_is_promised_as_far_as_the_clients_go() -> None:
    """WhatsApp.send never sends an SMS alone; SmsMobile's sms.send does (tests/gateway)."""
    intro = README.split("\n- ", 1)[0]
    assert "(and SMS)" in intro and "WhatsApp only" in intro and "`sms.send`" in intro


def test_make_demo_says_what_it_installs_and_shows() -> None:
    line = README.split("make demo", 1)[1].split("make test", 1)[0]
    assert ".venv-demo" in line and "not the test tools" in line
    for shown in ("check", "token", "watch", "async", "webhooks"):
        assert shown in line
