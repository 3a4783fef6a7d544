"""SMS beyond sending (issue 22): the received SMS (`/getsms/`), the sent log (`/log/sent/sms/`),
and the controls that make a phone receive an SMS or send one by hand.

Sending an SMS is `/sendsms/` without `waonly` (`_service.send`), which records the phone that took
it. ASSUMPTIONs (not published): `/getsms/` lists oldest first and an SMS counts as read once
`/getsms/` has returned it (what `onlyunread=yes` filters on); the sent log lists newest first.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import _account_checks as check
from ._account import account_of, chosen_phone
from ._service import bad
from ._store import SandboxStore

SMS_CHANNELS = ("sms", "whatsapp+sms")


class SmsBox:
    """Received and sent SMS of the account, over the store."""

    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    # -- REST -----------------------------------------------------------------------------

    def received(self, params: Mapping[str, str]) -> dict[str, Any]:
        after = check.integer(params, "after_timestamp_unix")
        phone = check.text(params, "sIdentifiantPhone", max_length=64)
        unread_only = check.choice(params, "onlyunread", ("yes",)) == "yes"
        with self.store.lock:
            found = [
                record
                for record in account_of(self.store).received_sms
                if (after is None or record["timestamp_unix"] > after)
                and (phone is None or record["sIdentifiantPhone"] == phone)
                and (not unread_only or not record["read"])
            ]
            for record in found:
                record["read"] = True
            sms = [{k: v for k, v in r.items() if k != "read"} for r in found]
        return {"result": {"error": "0", "sms": sms}}

    def sent_log(self, params: Mapping[str, str]) -> dict[str, Any]:
        guid = check.guid(params, "guid_message")
        keyword = check.text(params, "keyword")
        error_api = check.choice(params, "error_api", ("0", "1"))
        error_mobile = check.choice(params, "error_mobile", ("0", "1"))
        with self.store.lock:
            account = account_of(self.store)
            sent = [
                _sent_record(m) for m in self.store.state.messages if m["channel"] in SMS_CHANNELS
            ] + [dict(record) for record in account.mobile_sent_sms]
        sent.sort(key=lambda record: record["timestamp_unix"], reverse=True)
        found = [
            record
            for record in sent
            if (guid is None or record["guid"] == guid)
            and (keyword is None or keyword.lower() in record["message"].lower())
            # a send the API refused is never stored: error_api=1 finds nothing
            and (error_api is None or error_api == record["error_api"])
            and (error_mobile is None or error_mobile == record["error_mobile"])
        ]
        return {"error": "0", "sms": found}

    # -- /_sandbox/ controls ---------------------------------------------------------------

    def receive(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A phone of the account receives an SMS: {"number", "message", "sid"?, "alias"?,
        "timestamp"?, "guid"?}; fires `sms.received`."""
        check.json_only(fields, {"number", "message", "sid", "alias", "timestamp", "guid"})
        number = check.json_number(fields)
        message = check.json_text(fields, "message")
        if message is None:
            raise bad("message", "required, a string")
        alias = check.json_text(fields, "alias")
        timestamp = check.json_timestamp(fields)
        guid = check.json_text(fields, "guid") or secrets.token_hex(16)
        with self.store.lock:
            account = account_of(self.store)
            sid = chosen_phone(self.store, fields)
            record = {
                "id": account.take_id(),
                "sIdentifiantPhone": sid,
                "timestamp_unix": timestamp,
                "message": message,
                "number": number,
                "guid": guid,
                "alias": alias,
                "read": False,
            }
            account.received_sms.append(record)
            self.store.publish("sms_received", record)
        return {k: v for k, v in record.items() if k != "read"}

    def send_from_phone(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Someone sends an SMS from the phone itself: {"number", "message", "sid"?,
        "timestamp"?}; it joins the sent log and fires `sms.mobile.sent`."""
        check.json_only(fields, {"number", "message", "sid", "timestamp"})
        number = check.json_number(fields)
        message = check.json_required_text(fields, "message")
        timestamp = check.json_timestamp(fields)
        with self.store.lock:
            account = account_of(self.store)
            record = {
                "guid": secrets.token_hex(20),
                "number": number,
                "message": message,
                "sIdentifiant": chosen_phone(self.store, fields),
                "timestamp_unix": timestamp,
                "status": "sent",
                "error_api": "0",
                "error_mobile": "0",
                "source": "phone",
            }
            account.mobile_sent_sms.append(record)
            self.store.publish("sms_mobile_sent", record)
        return dict(record)


def _sent_record(message: Mapping[str, Any]) -> dict[str, Any]:
    """A stored `/sendsms/` send as the sent log lists it."""
    return {
        "guid": message["guid"],
        "number": "+" + message["recipients"],
        "message": message["message"],
        "sIdentifiant": message.get("device_sid") or message.get("sIdentifiant"),
        "timestamp_unix": _unix(message["created_at"]),
        "status": message["status"],
        "error_api": "0",
        "error_mobile": "1" if message["status"] == "error" else "0",
        "source": "api",
    }


def _unix(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
