"""One class of typed methods per namespace (the service's tags), for the
clients (`WhatsApp`, `SmsMobile`).

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal, TypeVar, cast

from .. import _calls
from .._operations import BY_NAME

if TYPE_CHECKING:
    from .._models import (
        InboundMessage,
        MessageType,
        NumberCheck,
        RetrievalState,
        SentMessage,
        SyncWindow,
    )
    from .._operations import Operation, WireFields

__all__ = ["WhatsAppOperations"]

R = TypeVar("R")


class WhatsAppOperations:
    """The `whatsapp` operations of spec/overlay.yaml, each checked before any I/O."""

    if TYPE_CHECKING:

        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...

    def send(
        self,
        to: str,
        message: str,
        *,
        media_url: str | None = None,
        pdf_preview: bool = False,
        short_url: bool = False,
        also_sms: bool = False,
        schedule_at: dt.datetime | int | None = None,
        device_sid: str | None = None,
        sim_port: Literal[1, 2] | None = None,
    ) -> SentMessage:
        """Send a WhatsApp message (WhatsApp only, unless `also_sms`).

        Repeated only when the request provably never reached the service; if it may have,
        raises `OutcomeUnknown` instead of risking a double send.

        Args:
            to: Country code and number; spaces, dashes, brackets and a leading + or 00 are fine.
            message: The text (WhatsApp formatting with _ * ~ and ```).
            media_url: A direct, public https:// link to a file to attach.
            pdf_preview: Show a preview image of the PDF given as `media_url`.
            short_url: Shorten the link of the PDF preview.
            also_sms: Send by SMS as well as WhatsApp (the channel rule: False is waonly=yes, True
                sendwa=1&sendsms=1).
            schedule_at: Send later, at this datetime (or unix seconds); sent as unix seconds.
            device_sid: The SID of the phone to send from, when the account has several.
            sim_port: The SIM slot to send from.
        """
        call = _calls.prepare(
            cast("Operation[SentMessage]", BY_NAME["send"]),
            {
                "to": to,
                "message": message,
                "media_url": media_url,
                "pdf_preview": pdf_preview,
                "short_url": short_url,
                "also_sms": also_sms,
                "schedule_at": schedule_at,
                "device_sid": device_sid,
                "sim_port": sim_port,
            },
        )
        return self._call(*call)

    def resend(
        self,
        guid: str,
    ) -> SentMessage:
        """Resend a message in error status (same retry rule as `send`).

        Args:
            guid: The GUID a send returned.
        """
        call = _calls.prepare(cast("Operation[SentMessage]", BY_NAME["resend"]), {"guid": guid})
        return self._call(*call)

    def set_retrieval(
        self,
        enabled: bool | Literal["toggle"],
    ) -> RetrievalState:
        """Turn the retrieval of inbound messages on (True), off (False), or toggle it.

        A toggle is not idempotent, so it follows the send retry rule.

        Args:
            enabled: True (statut=1), False (statut=0) or "toggle" (statut=x).
        """
        call = _calls.prepare(
            cast("Operation[RetrievalState]", BY_NAME["set_retrieval"]), {"enabled": enabled}
        )
        return self._call(*call)

    def synchronize(
        self,
    ) -> SyncWindow:
        """Open the window in which inbound messages can be retrieved."""
        call = _calls.prepare(cast("Operation[SyncWindow]", BY_NAME["synchronize"]), {})
        return self._call(*call)

    def fetch_page(
        self,
        *,
        date: dt.date | str | None = None,
        message_type: MessageType | Literal["all", ""] | None = None,
        before: int | dt.datetime | None = None,
    ) -> list[InboundMessage]:
        """One page of inbound messages, newest first, as the service returns it.

        `message_type` 'text' or 'audio' filters; None (the default), 'all' or '' mean every
        type: the service's "leave empty to see all", done by sending no `message_type`.

        Args:
            date: Only messages of this day (a date or yyyy-mm-dd).
            message_type: 'text' or 'audio'; None, 'all' or '' for every type.
            before: Only messages strictly older than this (unix seconds or a datetime).
        """
        call = _calls.prepare(
            cast("Operation[list[InboundMessage]]", BY_NAME["fetch_messages"]),
            {"date": date, "message_type": message_type, "before": before},
        )
        return self._call(*call)

    def check_number(
        self,
        number: str,
    ) -> NumberCheck:
        """Whether `number` (any common human form) is on WhatsApp.

        Args:
            number: Country code and number, in any common human form.
        """
        call = _calls.prepare(
            cast("Operation[NumberCheck]", BY_NAME["check_number"]), {"number": number}
        )
        return self._call(*call)
