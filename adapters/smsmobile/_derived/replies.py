# ruff: noqa: E501 (the spec's descriptions, verbatim)
"""The reply types read from the spec's reply schemas (`x-smsmobile-type`, `-fields`).

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

import msgspec

#: The public typed results: `smsmobile` exports each (a star import).
__all__: list[str] = []


class AutoReplyFlagsFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"forwarded_to_email": "transfert_to_email"},
):
    """The spec's exact shape of this reply object. A reply object of the spec."""

    auto_reply: bool
    forwarded_to_email: bool
    chatgpt_reply: bool


class ChatGptUsageFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"cost": "total_tokens_cost"},
):
    """The spec's exact shape of this reply object. Token counts and cost as strings, and the reply ChatGPT gave."""

    response: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cost: Decimal = Decimal("0")


class InboundMessageFields(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=True,
    rename={"received_at": "timestamp", "text": "message", "auto_reply": "more"},
):
    """The spec's exact shape of this reply object. A reply object of the spec."""

    received_at: dt.datetime
    guid: str
    date: str | None = None
    hour: str | None = None
    number: str = ""
    contact: str = ""
    text: str = ""
    message_type: str | None = None
    auto_reply: AutoReplyFlagsFields | None = None
    chatgpt: ChatGptUsageFields | None = None


#: Every reply type by name (an overlay `reply:` naming one decodes into it).
REPLY_TYPES: Final[dict[str, type[msgspec.Struct]]] = {
    "AutoReplyFlagsFields": AutoReplyFlagsFields,
    "ChatGptUsageFields": ChatGptUsageFields,
    "InboundMessageFields": InboundMessageFields,
}
