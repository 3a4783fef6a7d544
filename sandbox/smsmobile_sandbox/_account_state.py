"""The state of the account beyond WhatsApp (issue 22): its phones and what happened on them.

It lives inside the store's state, so `/_sandbox/reset` puts it back with the rest; the phones
are configured once (`--phones N`) and come back connected after a reset. Each phone has a
stable SID ("sandbox-sid-1", ...). This module imports nothing of the sandbox: the store holds it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DEFAULT_PHONES = 1
MAX_PHONES = 20
PHONE_STATUSES = ("connected", "disconnected")


def phone_sid(index: int) -> str:
    return f"sandbox-sid-{index}"


@dataclass(slots=True)
class Phone:
    sid: str
    name: str
    status: str = "connected"
    last_seen: float = field(default_factory=time.time)

    def public(self) -> dict[str, Any]:
        return {
            "sid": self.sid,
            "name": self.name,
            "status": self.status,
            "last_seen": datetime.fromtimestamp(self.last_seen, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sim_slots": 2,
        }


@dataclass(slots=True)
class AccountState:
    """Phones, received SMS, calls, notifications and mailboxes; reset with the store."""

    phones: list[Phone]
    received_sms: list[dict[str, Any]] = field(default_factory=list)
    mobile_sent_sms: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    sent_emails: list[dict[str, Any]] = field(default_factory=list)
    #: folder name -> messages, oldest first ("INBOX", "Sent", ...).
    mailbox: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    next_id: int = 1

    @classmethod
    def fresh(cls, phones: int) -> AccountState:
        return cls([Phone(phone_sid(i), f"Sandbox phone {i}") for i in range(1, phones + 1)])

    def take_id(self) -> int:
        number = self.next_id
        self.next_id += 1
        return number

    def phone(self, sid: str | None) -> Phone | None:
        return next((p for p in self.phones if p.sid == sid), None)

    def phone_for(self, sid: str | None) -> str | None:
        """The SID of the phone that takes a send: the one asked for, else the first one."""
        if sid:
            return sid
        return self.phones[0].sid if self.phones else None
