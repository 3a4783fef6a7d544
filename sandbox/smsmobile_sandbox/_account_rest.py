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


Reader = Callable[[Caller, dict[str, str]], object]


def account_readers(store: SandboxStore) -> dict[str, Reader]:
    """One reader per route of `ACCOUNT_ROUTES`: the reply's JSON value (the SOAP front turns
    the same value into its response)."""
    sms, devices, calls = SmsBox(store), Devices(store), CallLog(store)
    notifications, mailbox = Notifications(store), Mailbox(store)

    def params_only(read: Callable[[dict[str, str]], object]) -> Reader:
        return lambda caller, params: read(params)

    return {
        "/getsms/": params_only(sms.received),
        "/log/sent/sms/": params_only(sms.sent_log),
        "/gateway/mobile/list/": params_only(devices.listing),
        "/call/missed/list/": params_only(calls.missed),
        "/call/incoming/list/": params_only(calls.incoming),
        "/call/outgoing/list/": params_only(calls.outgoing),
        "/notification/send": notifications.send,
        "/notification/list/": params_only(notifications.listing),
        "/sendemail/": params_only(mailbox.send),
        "/getemail/": params_only(mailbox.listing),
    }


def account_handlers(store: SandboxStore) -> dict[str, Handler]:
    """One handler per route of `ACCOUNT_ROUTES`; each answers HTTP 200 with its JSON."""

    def reply(read: Reader) -> Handler:
        return lambda caller, params: json_response(200, read(caller, params))

    return {path: reply(read) for path, read in account_readers(store).items()}
