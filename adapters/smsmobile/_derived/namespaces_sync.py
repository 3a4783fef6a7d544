"""One class of typed methods per namespace (the service's tags), for the
clients (`SmsMobile`).

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, TypeVar, cast

from .. import _calls, _record_pages
from .._operations import BY_NAME

if TYPE_CHECKING:
    from .._models import SentMessage
    from .._operations import Operation, WireFields
    from .replies import (
        CallRecord,
        Device,
        MailboxPage,
        Notification,
        ReceivedSms,
        SentEmail,
        SentNotification,
        SentSms,
    )

__all__ = [
    "CallsOperations",
    "DevicesOperations",
    "EmailOperations",
    "NotificationsOperations",
    "SmsOperations",
]

R = TypeVar("R")


class SmsOperations:
    """The `sms` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def received(
        self,
        *,
        since: int | None = None,
        device_sid: str | None = None,
        unread_only: Literal["yes"] | None = None,
    ) -> Iterator[ReceivedSms]:
        """List the SMS the account's phones received

        Args:
            since: Only SMS received after this unix timestamp.
            device_sid: Only SMS received by this phone (its SID).
            unread_only: "yes": only SMS not read yet. ASSUMPTION (not published): an SMS counts
                as read once `/getsms/` has returned it.
        """
        call = _calls.prepare(
            BY_NAME["sms_received"],
            {"since": since, "device_sid": device_sid, "unread_only": unread_only},
        )
        return _record_pages.records(self._call, call, "sms")

    def sent(
        self,
        *,
        guid: str | None = None,
        keyword: str | None = None,
        api_errors: Literal["0", "1"] | None = None,
        phone_errors: Literal["0", "1"] | None = None,
    ) -> list[SentSms]:
        """The log of sent SMS (by guid, keyword, errors)

        Args:
            guid: Only the message with this guid (a send's `result.id`).
            keyword: Only messages whose text contains this.
            api_errors: "1": only messages the API refused; "0": only the others.
            phone_errors: "1": only messages the phone failed to send; "0": only the others.
        """
        call = _calls.prepare(
            cast("Operation[list[SentSms]]", BY_NAME["sms_sent"]),
            {
                "guid": guid,
                "keyword": keyword,
                "api_errors": api_errors,
                "phone_errors": phone_errors,
            },
        )
        return self._call(*call)

    def send(
        self,
        to: str,
        message: str,
        *,
        schedule_at: dt.datetime | int | None = None,
        device_sid: str | None = None,
        sim_port: Literal[1, 2] | None = None,
    ) -> SentMessage:
        """Send an SMS (no WhatsApp): `sendsms=1`, neither `waonly` nor `sendwa`.

        Repeated only when the request provably never reached the service; if it may have,
        raises `OutcomeUnknown` instead of risking a double send.

        Args:
            to: Country code and number; spaces, dashes, brackets and a leading + or 00 are fine.
            message: The text of the SMS.
            schedule_at: Send later, at this datetime (or unix seconds); sent as unix seconds.
            device_sid: The SID of the phone to send from (`devices.list()`), when the account has
                several.
            sim_port: The SIM slot to send from.
        """
        call = _calls.prepare(
            cast("Operation[SentMessage]", BY_NAME["sms_send"]),
            {
                "to": to,
                "message": message,
                "schedule_at": schedule_at,
                "device_sid": device_sid,
                "sim_port": sim_port,
            },
        )
        return self._call(*call)


class DevicesOperations:
    """The `devices` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def list(
        self,
        *,
        sid: str | None = None,
        search: str | None = None,
    ) -> list[Device]:
        """The phones connected to the account, with their SIDs and status

        Args:
            sid: Only the phone with this SID.
            search: Only phones whose name or SID contains this.
        """
        call = _calls.prepare(
            cast("Operation[list[Device]]", BY_NAME["devices_list"]), {"sid": sid, "search": search}
        )
        return self._call(*call)


class CallsOperations:
    """The `calls` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def missed(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
        search: str | None = None,
        date_start: str | None = None,
        date_end: str | None = None,
    ) -> Iterator[CallRecord]:
        """Missed calls, newest first, one page

        Args:
            offset: How many records to skip.
            limit: How many records at most (default 100).
            search: Only calls whose number or name contains this.
            date_start: Only calls on or after this day (yyyy-mm-dd).
            date_end: Only calls on or before this day (yyyy-mm-dd).
        """
        call = _calls.prepare(
            BY_NAME["calls_missed"],
            {
                "offset": offset,
                "limit": limit,
                "search": search,
                "date_start": date_start,
                "date_end": date_end,
            },
        )
        return _record_pages.records(self._call, call, "data")

    def incoming(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
        q: str | None = None,
        sort_dir: Literal["asc", "desc"] | None = None,
    ) -> Iterator[CallRecord]:
        """Incoming (answered) calls, one page

        Args:
            offset: How many records to skip.
            limit: How many records at most (default 50).
            q: Only calls whose number or cached name contains this.
            sort_dir: By call time; newest first by default.
        """
        call = _calls.prepare(
            BY_NAME["calls_incoming"],
            {"offset": offset, "limit": limit, "q": q, "sort_dir": sort_dir},
        )
        return _record_pages.records(self._call, call, "rows")

    def outgoing(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
        q: str | None = None,
        sort_dir: Literal["asc", "desc"] | None = None,
    ) -> Iterator[CallRecord]:
        """Outgoing calls, one page

        Args:
            offset: How many records to skip.
            limit: How many records at most (default 50).
            q: Only calls whose number or cached name contains this.
            sort_dir: By call time; newest first by default.
        """
        call = _calls.prepare(
            BY_NAME["calls_outgoing"],
            {"offset": offset, "limit": limit, "q": q, "sort_dir": sort_dir},
        )
        return _record_pages.records(self._call, call, "rows")


class NotificationsOperations:
    """The `notifications` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def send(
        self,
        sid: str,
        message: str,
        *,
        title: str | None = None,
        type: str | None = None,
    ) -> SentNotification:
        """Show a notification on one of the account's phones

        Args:
            sid: The SID of the sending device, when the account has several.
            message: (no description in the spec)
            title: (no description in the spec)
            type: (no description in the spec)
        """
        call = _calls.prepare(
            cast("Operation[SentNotification]", BY_NAME["notifications_send"]),
            {"sid": sid, "message": message, "title": title, "type": type},
        )
        return self._call(*call)

    def list(
        self,
        *,
        sidentifiant: str | None = None,
        distribued: Literal["0", "1"] | None = None,
        date_start: str | None = None,
        date_end: str | None = None,
    ) -> list[Notification]:
        """The history of notifications sent to the phones

        Args:
            sidentifiant: Only notifications for this phone (its SID).
            distribued: "1": only those the phone has shown; "0": only the others.
            date_start: Only notifications on or after this day (yyyy-mm-dd).
            date_end: Only notifications on or before this day (yyyy-mm-dd).
        """
        call = _calls.prepare(
            cast("Operation[list[Notification]]", BY_NAME["notifications_list"]),
            {
                "sidentifiant": sidentifiant,
                "distribued": distribued,
                "date_start": date_start,
                "date_end": date_end,
            },
        )
        return self._call(*call)


class EmailOperations:
    """The `email` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def send(
        self,
        apikeybox: str,
        sender_name: str,
        sender_email: str,
        recipient_email: str,
        mail_subject: str,
        mail_body: str,
        allow_self_signed: Literal["yes", "no"],
        *,
        unsubscribe: Literal["1"] | None = None,
        attachment_base64: str | None = None,
        attachment_base64_name_1: str | None = None,
    ) -> SentEmail:
        """Send an e-mail through one of the account's mailboxes

        Args:
            apikeybox: The key of one mailbox of the account (`apikeybox`); a secret like the API
                key.
            sender_name: (no description in the spec)
            sender_email: (no description in the spec)
            recipient_email: (no description in the spec)
            mail_subject: (no description in the spec)
            mail_body: (no description in the spec)
            allow_self_signed: "yes": accept the mailbox server's self-signed TLS certificate.
            unsubscribe: "1": add an unsubscribe link.
            attachment_base64: One attachment, base64-encoded.
            attachment_base64_name_1: The attachment's file name.
        """
        call = _calls.prepare(
            cast("Operation[SentEmail]", BY_NAME["email_send"]),
            {
                "apikeybox": apikeybox,
                "sender_name": sender_name,
                "sender_email": sender_email,
                "recipient_email": recipient_email,
                "mail_subject": mail_subject,
                "mail_body": mail_body,
                "allow_self_signed": allow_self_signed,
                "unsubscribe": unsubscribe,
                "attachment_base64": attachment_base64,
                "attachment_base64_name_1": attachment_base64_name_1,
            },
        )
        return self._call(*call)

    def list(
        self,
        apikeybox: str,
        mbox: str,
        start: int,
    ) -> MailboxPage:
        """Read the messages of one folder of one of the account's mailboxes

        Args:
            apikeybox: The mailbox's own key (a secret).
            mbox: The folder (INBOX by default).
            start: How many messages to skip (0 by default).
        """
        call = _calls.prepare(
            cast("Operation[MailboxPage]", BY_NAME["email_list"]),
            {"apikeybox": apikeybox, "mbox": mbox, "start": start},
        )
        return self._call(*call)
