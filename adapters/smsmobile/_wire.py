"""The one mapping between the facade's typed requests and the wire fields of the operation table.

REST and SOAP carry the same fields under the same names (our WSDL uses the service's), so this
is written once for both transports, and the gateway forwards a SOAP caller's fields unchanged.

The channel rule lives here and nowhere else:

- `WhatsApp.send(...)` is WhatsApp only: `waonly=yes`;
- `WhatsApp.send(..., also_sms=True)` is WhatsApp and SMS: `sendwa=1&sendsms=1`;
- a SOAP `SendWhatsApp` that names no channel flag at all is WhatsApp only, as the operation's
  name says (`soap_send_defaults`); REST without a flag is left to the service (it sends SMS).

`ARGUMENTS` says which facade keyword and which CLI flag set which wire field (derived from
spec/overlay.yaml and the spec); the parity test reads it to prove every field of
spec/openapi.yaml is reachable from Python and the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ._derived.table import OPERATION_SPECS
from ._models import MessageType
from ._operations import WireFields, WireValue

__all__ = [
    "ARGUMENTS",
    "CHANNEL_FIELDS",
    "ENTRY_POINTS",
    "Argument",
    "EntryPoint",
    "check_number_fields",
    "messages_fields",
    "resend_fields",
    "retrieval_fields",
    "send_fields",
    "soap_send_defaults",
]

#: The wire fields that choose the channel of a send.
CHANNEL_FIELDS: Final = ("waonly", "sendwa", "sendsms")
_WHATSAPP_ONLY: Final[Mapping[str, WireValue]] = {"waonly": "yes"}
_WHATSAPP_AND_SMS: Final[Mapping[str, WireValue]] = {"sendwa": "1", "sendsms": "1"}
_STATUT: Final[Mapping[str, str]] = {"on": "1", "off": "0", "toggle": "x"}


@dataclass(frozen=True, slots=True)
class Argument:
    """A facade keyword, the CLI flag for it, and the wire fields it sets."""

    keyword: str
    cli_flag: str | None
    wire: tuple[str, ...]


#: By operation name (the `Operation.name` of the row), from the derived table: every facade
#: keyword with its CLI flag and the wire fields it sets.
ARGUMENTS: Final[Mapping[str, tuple[Argument, ...]]] = {
    spec.name: tuple(
        Argument(a.python, a.cli.flag if a.cli else None, a.wire) for a in spec.arguments
    )
    for spec in OPERATION_SPECS
}


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """Where a user reaches an operation: the `WhatsApp` method and the CLI command's words."""

    method: str
    command: tuple[str, ...]


#: By operation name; the parity test looks the `ARGUMENTS` up in these signatures and parsers.
ENTRY_POINTS: Final[Mapping[str, EntryPoint]] = {
    spec.name: EntryPoint(spec.method_name, spec.command) for spec in OPERATION_SPECS
}


def send_fields(
    recipient: str,
    message: str,
    media_url: str | None,
    pdf_preview: bool,
    short_url: bool,
    also_sms: bool,
    schedule_at: int | None,
    device_sid: str | None,
    sim_port: int | None,
) -> dict[str, WireValue]:
    """The wire fields of a validated send (`_validation.send_values`, in its order), the
    channel flags included (never left implicit)."""
    fields: dict[str, WireValue] = {"recipients": recipient, "message": message}
    fields.update(_WHATSAPP_AND_SMS if also_sms else _WHATSAPP_ONLY)
    if media_url is not None:
        fields["url_media"] = media_url
    if pdf_preview:
        fields["pdf_with_image"] = "yes"
    if short_url:
        fields["url_media_shorted"] = "yes"
    if schedule_at is not None:
        fields["schedule_timestamp"] = schedule_at
    if device_sid is not None:
        fields["sIdentifiant"] = device_sid
    if sim_port is not None:
        fields["port"] = sim_port
    return fields


def soap_send_defaults(fields: WireFields) -> dict[str, WireValue]:
    """A SOAP `SendWhatsApp`'s fields with the channel rule applied: no flag means WhatsApp only."""
    result = dict(fields)
    if not any(name in result for name in CHANNEL_FIELDS):
        result.update(_WHATSAPP_ONLY)
    return result


def resend_fields(guid: str) -> dict[str, WireValue]:
    return {"guid": guid}


def retrieval_fields(switch: str) -> dict[str, WireValue]:
    """`switch` is "on", "off" or "toggle"."""
    return {"statut": _STATUT[switch]}


def messages_fields(
    before: int | None, date: dt.date | None, message_type: MessageType | None
) -> dict[str, WireValue]:
    fields: dict[str, WireValue] = {}
    if before is not None:
        fields["before"] = before
    if date is not None:
        fields["date"] = date.isoformat()
    if message_type is not None:
        fields["message_type"] = message_type
    return fields


def check_number_fields(number: str) -> dict[str, WireValue]:
    return {"recipients": number}
