"""The account's mailbox (issue 22): `/sendemail/`, `/getemail/`, and the control that delivers
a message into it.

The sandbox account has one mailbox, whose key (`apikeybox`) is `DEFAULT_MAILBOX_KEY` unless the
app is given another. A sent e-mail is stored (without any key) and filed in the "Sent" folder;
`/getemail/` pages a folder with `start`, newest first. ASSUMPTIONs (not published): a wrong
`apikeybox` is HTTP 200 with `error` "30"; the replies are `{"error", "message", "id"}` and
`{"error", "mbox", "start", "total", "emails"}`; a page holds the settings' `page_size` messages.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from . import _account_checks as check
from ._account import account_of
from ._service import bad
from ._store import SandboxStore

DEFAULT_MAILBOX_KEY = "sandbox-mailbox-key"
MAILBOX_ADDRESS = "sandbox@example.com"
WRONG_KEY = {"error": "30", "message": "unknown mailbox key (apikeybox)"}


class Mailbox:
    def __init__(self, store: SandboxStore, key: str = DEFAULT_MAILBOX_KEY) -> None:
        self.store = store
        self._key = key

    def _key_ok(self, given: str) -> bool:
        return secrets.compare_digest(given.encode(), self._key.encode())

    def send(self, params: Mapping[str, str]) -> dict[str, Any]:
        key = check.text(params, "apikeybox", required=True)
        sender_name = check.text(params, "sender_name", required=True)
        sender = check.email(params, "sender_email")
        recipient = check.email(params, "recipient_email")
        subject = check.text(params, "mail_subject", max_length=998, required=True)
        body = check.text(params, "mail_body", max_length=1_000_000, required=True)
        self_signed = params.get("allow_self_signed")
        if self_signed is None or self_signed == "":
            raise bad("allow_self_signed", "required")
        check.choice(params, "allow_self_signed", ("yes", "no"))
        unsubscribe = check.choice(params, "unsubscribe", ("1",)) == "1"
        attachment = check.base64_text(params, "attachmentBase64")
        attachment_name = check.text(params, "attachmentBase64_name_1")
        assert key is not None
        if not self._key_ok(key):
            return dict(WRONG_KEY)
        now = time.time()
        with self.store.lock:
            account = account_of(self.store)
            record = {
                "uid": account.take_id(),
                "guid": secrets.token_hex(16),
                "from": f"{sender_name} <{sender}>",
                "to": recipient,
                "subject": subject,
                "date": check.utc_iso(now),
                "body": body,
                "seen": True,
                "unsubscribe": unsubscribe,
                "attachment": None
                if attachment is None
                else {"name": attachment_name or "attachment", "bytes": len(attachment)},
            }
            account.sent_emails.append(record)
            account.mailbox.setdefault("Sent", []).append(record)
            self.store.publish("email_sent", record)
        return {"error": 0, "message": "e-mail sent", "id": record["guid"]}

    def listing(self, params: Mapping[str, str]) -> dict[str, Any]:
        key = check.text(params, "apikeybox", required=True)
        folder = check.text(params, "mbox", required=True)
        if params.get("start") in (None, ""):
            raise bad("start", "required")
        start = check.integer(params, "start")
        assert key is not None and folder is not None and start is not None
        if not self._key_ok(key):
            return dict(WRONG_KEY)
        with self.store.lock:
            stored = account_of(self.store).mailbox.get(folder, [])
            newest = [_public(record) for record in reversed(stored)]
            size = int(self.store.settings["page_size"])
        return {
            "error": "0",
            "mbox": folder,
            "start": start,
            "total": len(newest),
            "emails": newest[start : start + size],
        }

    def deliver(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A message arrives in the mailbox: {"from", "subject", "body"?, "to"?, "mbox"?
        (INBOX), "timestamp"?}; fires `email.received`."""
        check.json_only(fields, {"from", "to", "subject", "body", "mbox", "timestamp"})
        sender = check.json_required_text(fields, "from")
        subject = check.json_required_text(fields, "subject")
        body = check.json_text(fields, "body", "") or ""
        recipient = check.json_text(fields, "to") or MAILBOX_ADDRESS
        folder = check.json_text(fields, "mbox") or "INBOX"
        timestamp = check.json_timestamp(fields)
        with self.store.lock:
            account = account_of(self.store)
            record = {
                "uid": account.take_id(),
                "guid": secrets.token_hex(16),
                "from": sender,
                "to": recipient,
                "subject": subject,
                "date": check.utc_iso(timestamp),
                "body": body,
                "seen": False,
                "mbox": folder,
            }
            account.mailbox.setdefault(folder, []).append(record)
            self.store.publish("email_received", record)
        return _public(record)


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ("uid", "from", "to", "subject", "date", "body", "seen")}
