"""The inspector's view of the account beyond WhatsApp (issue 22): the phones with their SIDs,
the last received SMS, calls, notifications and e-mail, and forms that make a phone receive an
SMS, log a call or the mailbox receive a message (the same behaviour as the /_sandbox/ controls).
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any

from ._calls import CALL_KINDS, CallLog
from ._mailbox import Mailbox
from ._sms import SmsBox
from ._store import SandboxStore

SHOWN = 5  # records of each kind on the page


def e(value: object) -> str:
    return html.escape(str(value))


def _form(action: str, csrf: str, inner: str) -> str:
    return (
        f'<form method="post" action="/_sandbox/ui/{action}" class="fault">'
        f'<input type="hidden" name="csrf" value="{e(csrf)}">{inner}</form>'
    )


def _clock(moment: float) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(moment))


def _items(rows: list[str], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{e(empty)}</p>'
    return '<ul class="hooks">' + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"


def account_panel(view: Mapping[str, Any], csrf: str) -> str:
    """The phones, the last records of each kind, and the injection forms."""
    if not view:
        return ""
    phones = "".join(
        f"<dt>{e(p['name'])}</dt><dd><code>{e(p['sid'])}</code> {e(p['status'])}</dd>"
        for p in view["phones"]
    )
    sms = [
        f"{_clock(r['timestamp_unix'])} <b>{e(r['number'])}</b> \u2192 "
        f"{e(r['sIdentifiantPhone'])}: {e(r['message'])}"
        for r in reversed(view["received_sms"][-SHOWN:])
    ]
    calls = [
        f"{_clock(r['timestamp'])} {e(r['kind'])} <b>{e(r['number'])}</b> "
        f"{e(r['name'] or '')} {e(r['duration_sec'])} s"
        for r in reversed(view["calls"][-SHOWN:])
    ]
    notes = [
        f"<b>{e(n['title'])}</b> \u2192 {e(n['sid'])}: {e(n['message'])}"
        + ("" if n["distribued"] == "1" else " (waiting)")
        for n in reversed(view["notifications"][-SHOWN:])
    ]
    mail = [
        f"sent to <b>{e(m['to'])}</b>: {e(m['subject'])}" for m in view["sent_emails"][-SHOWN:]
    ] + [
        f"{e(folder)} from <b>{e(m['from'])}</b>: {e(m['subject'])}"
        for folder, messages in view["mailbox"].items()
        if folder != "Sent"
        for m in messages[-SHOWN:]
    ]
    kinds = "".join(f'<option value="{k}">{k}</option>' for k in CALL_KINDS)
    number = 'from <input name="number" placeholder="+32470123456" aria-label="number" required>'
    return "".join(
        [
            '<h2>Phones</h2><dl class="creds phones">',
            phones,
            "</dl><h2>Received SMS</h2>",
            _items(sms, "No SMS received yet."),
            _form(
                "account_sms",
                csrf,
                number + ' <input name="message" placeholder="SMS text" aria-label="SMS text" '
                "required><button>Receive SMS</button>",
            ),
            "<h2>Calls</h2>",
            _items(calls, "No call yet."),
            _form(
                "account_call",
                csrf,
                f'<select name="kind" aria-label="kind">{kinds}</select> {number}'
                "<button>Log call</button>",
            ),
            "<h2>Notifications</h2>",
            _items(notes, "No notification sent yet."),
            "<h2>E-mail</h2>",
            _items(mail, "No e-mail yet."),
            _form(
                "account_email",
                csrf,
                'from <input name="from" placeholder="ada@example.org" aria-label="from" required> '
                '<input name="subject" placeholder="subject" aria-label="subject" required>'
                "<button>Receive e-mail</button>",
            ),
        ]
    )


class AccountForms:
    """The inspector's account forms (`/_sandbox/ui/account_*`), mixed into `InspectorFront`."""

    store: SandboxStore

    def _do_account_sms(self, form: dict[str, str]) -> None:
        SmsBox(self.store).receive(
            {"number": form.get("number", "").strip(), "message": form.get("message", "")}
        )

    def _do_account_call(self, form: dict[str, str]) -> None:
        CallLog(self.store).record(
            {"kind": form.get("kind", "missed"), "number": form.get("number", "").strip()}
        )

    def _do_account_email(self, form: dict[str, str]) -> None:
        Mailbox(self.store).deliver(
            {"from": form.get("from", "").strip(), "subject": form.get("subject", "")}
        )
