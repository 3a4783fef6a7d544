"""REST routes of the account's operations beyond WhatsApp (issue 22), registered by `_rest`.

Each route maps to the behaviour's module: `_sms` (received SMS, sent log), `_account` (phones),
`_calls` (call logs), `_notifications`, `_mailbox` (e-mail). Sending an SMS is `/sendsms/`.
"""

from __future__ import annotations

from collections.abc import Callable

from ._account import Devices
from ._calls import CallLog
from ._http import Response, json_response
from ._mailbox import Mailbox
from ._notifications import Notifications
from ._service import Caller
from ._sms import SmsBox
from ._store import SandboxStore

Handler = Callable[[Caller, dict[str, str]], Response]

#: Canonical path -> allowed methods, merged into `_rest.REST_ROUTES`.
ACCOUNT_ROUTES: dict[str, tuple[str, ...]] = {
    "/getsms/": ("GET",),
    "/log/sent/sms/": ("GET",),
    "/gateway/mobile/list/": ("GET",),
    "/call/missed/list/": ("GET",),
    "/call/incoming/list/": ("GET",),
    "/call/outgoing/list/": ("GET",),
    "/notification/send": ("POST",),
    "/notification/list/": ("GET",),
    "/sendemail/": ("POST",),
    "/getemail/": ("GET",),
}


def account_handlers(store: SandboxStore) -> dict[str, Handler]:
    """One handler per route of `ACCOUNT_ROUTES`; each answers HTTP 200 with its JSON."""
    sms, devices, calls = SmsBox(store), Devices(store), CallLog(store)
    notifications, mailbox = Notifications(store), Mailbox(store)

    def reply(read: Callable[[dict[str, str]], object]) -> Handler:
        return lambda caller, params: json_response(200, read(params))

    return {
        "/getsms/": reply(sms.received),
        "/log/sent/sms/": reply(sms.sent_log),
        "/gateway/mobile/list/": reply(devices.listing),
        "/call/missed/list/": reply(calls.missed),
        "/call/incoming/list/": reply(calls.incoming),
        "/call/outgoing/list/": reply(calls.outgoing),
        "/notification/send": lambda caller, params: json_response(
            200, notifications.send(caller, params)
        ),
        "/notification/list/": reply(notifications.listing),
        "/sendemail/": reply(mailbox.send),
        "/getemail/": reply(mailbox.listing),
    }
