"""The account's connected phones (issue 22): `/gateway/mobile/list/` and the status control.

Each phone has a stable SID ("sandbox-sid-1", ...) that `/gateway/mobile/list/` lists,
`/sendsms/` takes as `sIdentifiant` and `/notification/send` as `sid`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from . import _account_checks as check
from ._account_state import PHONE_STATUSES, AccountState
from ._service import bad
from ._store import SandboxStore


def account_of(store: SandboxStore) -> AccountState:
    account: AccountState = store.state.account
    return account


class Devices:
    """`/gateway/mobile/list/` and the phones' status control."""

    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    def listing(self, params: Mapping[str, str]) -> dict[str, Any]:
        sid = check.text(params, "sid", max_length=64)
        search = check.text(params, "search")
        with self.store.lock:
            phones = [
                phone.public()
                for phone in account_of(self.store).phones
                if (sid is None or phone.sid == sid)
                and (
                    search is None
                    or search.lower() in phone.sid.lower()
                    or search.lower() in phone.name.lower()
                )
            ]
        return {"error": "0", "mobiles": phones}

    def set_status(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """{"sid", "status" (connected|disconnected), "name"?}: a reconnecting phone shows the
        notifications that waited for it."""
        check.json_only(fields, {"sid", "status", "name"})
        sid = check.json_required_text(fields, "sid")
        status = check.json_text(fields, "status")
        name = check.json_text(fields, "name")
        if status is not None and status not in PHONE_STATUSES:
            raise bad("status", "must be connected or disconnected")
        with self.store.lock:
            account = account_of(self.store)
            phone = account.phone(sid)
            if phone is None:
                raise bad("sid", "no phone of the account has this SID")
            if name:
                phone.name = name
            if status is not None:
                phone.status = status
                phone.last_seen = time.time()
            if phone.status == "connected":
                for notification in account.notifications:
                    if notification["sid"] == sid:
                        notification["distribued"] = "1"
            return phone.public()


def chosen_phone(store: SandboxStore, fields: Mapping[str, Any]) -> str:
    """The phone a control names (`sid`), else the first one; call under the store's lock."""
    account = account_of(store)
    sid = check.json_text(fields, "sid")
    if sid is None:
        if not account.phones:
            raise bad("sid", "the account has no phone")
        return account.phones[0].sid
    if account.phone(sid) is None:
        raise bad("sid", "no phone of the account has this SID")
    return sid
