"""/_sandbox/ controls of the account beyond WhatsApp (issue 22), registered by `_control`.

GET  /_sandbox/account          phones, received SMS, calls, notifications, e-mail (JSON)
POST /_sandbox/phones           {"sid", "status"?: connected|disconnected, "name"?}
POST /_sandbox/sms              {"number", "message", "sid"?, "alias"?, "timestamp"?, "guid"?}
POST /_sandbox/sms/from-phone   {"number", "message", "sid"?, "timestamp"?}
POST /_sandbox/calls            {"kind"?: missed|incoming|outgoing, "number", "name"?,
                                 "duration_sec"?, "timestamp"?, "sid"?}
POST /_sandbox/mailbox          {"from", "subject", "body"?, "to"?, "mbox"?, "timestamp"?}
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from ._account import Devices, account_of
from ._calls import CallLog
from ._http import Request, Response, json_response
from ._mailbox import Mailbox
from ._service import bad
from ._sms import SmsBox
from ._store import SandboxStore

Control = Callable[[Request], Response]


def _body(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        payload = json.loads(request.body)
    except ValueError:
        raise bad("body", "must be a JSON object") from None
    if not isinstance(payload, dict):
        raise bad("body", "must be a JSON object")
    return payload


def account_view(store: SandboxStore, last: int | None = None) -> dict[str, Any]:
    """Everything the account holds beyond WhatsApp (only the `last` records of each kind when
    given: the inspector re-reads it every second), for the inspector and `GET account`."""
    start = None if last is None else -last

    def copied(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return copy.deepcopy(records[start:])

    with store.lock:
        account = account_of(store)
        return {
            "phones": [phone.public() for phone in account.phones],
            "received_sms": copied(account.received_sms),
            "mobile_sent_sms": copied(account.mobile_sent_sms),
            "calls": copied(account.calls),
            "notifications": copied(account.notifications),
            "sent_emails": copied(account.sent_emails),
            "mailbox": {folder: copied(messages) for folder, messages in account.mailbox.items()},
        }


def account_controls(store: SandboxStore) -> dict[tuple[str, str], Control]:
    """(method, name under /_sandbox/) -> handler; errors are `ServiceError` 400s."""
    sms, calls, mailbox, devices = SmsBox(store), CallLog(store), Mailbox(store), Devices(store)

    def created(key: str, act: Callable[[dict[str, Any]], dict[str, Any]]) -> Control:
        return lambda request: json_response(201, {key: act(_body(request))})

    return {
        ("GET", "account"): lambda request: json_response(200, account_view(store)),
        ("POST", "phones"): lambda request: json_response(
            200, {"phone": devices.set_status(_body(request))}
        ),
        ("POST", "sms"): created("sms", sms.receive),
        ("POST", "sms/from-phone"): created("sms", sms.send_from_phone),
        ("POST", "calls"): created("call", calls.record),
        ("POST", "mailbox"): created("email", mailbox.deliver),
    }
