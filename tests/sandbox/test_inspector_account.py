"""The inspector shows the account beyond WhatsApp (issue 22): the phones with their SIDs, what
the phones received and the notifications and e-mail sent; its forms inject SMS, calls and
mailbox messages as the controls do."""

from __future__ import annotations

import httpx

from smsmobile_sandbox._mailbox import DEFAULT_MAILBOX_KEY
from smsmobile_sandbox.testing import RunningSandbox, run_sandbox

from .test_inspector import page, post_form


def test_the_phones_and_their_sids_are_shown() -> None:
    with run_sandbox(phones=2) as sandbox:
        html = page(sandbox)
    assert "<code>sandbox-sid-1</code>" in html and "<code>sandbox-sid-2</code>" in html


def test_notifications_and_sent_email_are_shown(sandbox: RunningSandbox) -> None:
    key = sandbox.api_key
    httpx.post(
        f"{sandbox.url}/notification/send",
        data={"apikey": key, "sid": "sandbox-sid-1", "message": "Low <stock>", "title": "Alert"},
    ).raise_for_status()
    httpx.post(
        f"{sandbox.url}/sendemail/",
        data={
            "apikey": key,
            "apikeybox": DEFAULT_MAILBOX_KEY,
            "sender_name": "Shop",
            "sender_email": "shop@example.com",
            "recipient_email": "ada@example.org",
            "mail_subject": "Your order",
            "mail_body": "It shipped.",
            "allow_self_signed": "no",
        },
    ).raise_for_status()
    html = page(sandbox)
    assert "<b>Alert</b> \u2192 sandbox-sid-1: Low &lt;stock&gt;" in html
    assert "sent to <b>ada@example.org</b>: Your order" in html
    assert DEFAULT_MAILBOX_KEY not in html


def test_the_forms_inject_an_sms_a_call_and_an_email(sandbox: RunningSandbox) -> None:
    assert (
        post_form(sandbox, "account_sms", {"number": "+32470123456", "message": "Hi"}).status_code
        == 303
    )
    assert (
        post_form(sandbox, "account_call", {"kind": "missed", "number": "32470123457"}).status_code
        == 303
    )
    assert (
        post_form(
            sandbox, "account_email", {"from": "ada@example.org", "subject": "Re"}
        ).status_code
        == 303
    )
    account = sandbox.control.account()
    assert [s["message"] for s in account["received_sms"]] == ["Hi"]
    assert [(c["kind"], c["number"]) for c in account["calls"]] == [("missed", "+32470123457")]
    assert [m["subject"] for m in account["mailbox"]["INBOX"]] == ["Re"]
    html = page(sandbox)
    assert "<b>+32470123456</b> \u2192 sandbox-sid-1: Hi" in html
    assert "missed <b>+32470123457</b>" in html
    refused = post_form(sandbox, "account_call", {"kind": "missed", "number": "not a number"})
    assert refused.status_code == 400 and "number:" in refused.text
