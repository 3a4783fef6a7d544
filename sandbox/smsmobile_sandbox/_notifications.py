"""Notifications shown on the account's phones (issue 22): `/notification/send` and
`/notification/list/`.

The reply of a send is the published one and echoes the caller's API key as `apikey` (empty for a
bearer caller, who sent none): the SDK redacts it. A notification to a connected phone is shown at
once (`distribued` "1"); one to a disconnected phone waits ("0") until the phone reconnects
(`POST /_sandbox/phones`). ASSUMPTIONs (not published): an unknown `sid` is HTTP 200 with
`success: false`; the history is `{"success", "notifications"}`, newest first.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from . import _account_checks as check
from ._account import account_of
from ._service import Caller
from ._store import SandboxStore


class Notifications:
    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    def send(self, caller: Caller, params: Mapping[str, str]) -> dict[str, Any]:
        sid = check.text(params, "sid", max_length=64, required=True)
        message = check.text(params, "message", max_length=2000, required=True)
        title = check.text(params, "title") or "Notification"
        kind = check.text(params, "type", max_length=64) or "notification"
        key = caller.credential.removeprefix("apikey:") if caller.auth == "apikey" else ""
        with self.store.lock:
            account = account_of(self.store)
            phone = account.phone(sid)
            if phone is None:
                return {
                    "success": False,
                    "message": "unknown sid: no phone of the account has it",
                    "apikey": key,
                    "sid": sid,
                }
            number = account.take_id()
            record = {
                "id": number,
                "guid": f"notification-{number}",
                "sid": sid,
                "title": title,
                "message": message,
                "type": kind,
                "distribued": "1" if phone.status == "connected" else "0",
                "created_at": check.utc_iso(time.time()),
            }
            account.notifications.append(record)
            self.store.publish("notification", record)
        return {
            "success": True,
            "message": "notification sent",
            "id": number,
            "apikey": key,
            "sid": sid,
        }

    def listing(self, params: Mapping[str, str]) -> dict[str, Any]:
        sid = check.text(params, "sidentifiant", max_length=64)
        shown = check.choice(params, "distribued", ("0", "1"))
        start = check.day(params, "date_start")
        end = check.day(params, "date_end")
        with self.store.lock:
            records = [dict(r) for r in account_of(self.store).notifications]
        found = [
            {k: v for k, v in record.items() if k != "guid"}
            for record in reversed(records)
            if (sid is None or record["sid"] == sid)
            and (shown is None or record["distribued"] == shown)
            and (start is None or record["created_at"][:10] >= start.isoformat())
            and (end is None or record["created_at"][:10] <= end.isoformat())
        ]
        return {"success": True, "notifications": found}
