"""What the API returns, as frozen dataclasses with real types (never the wire's strings).

`SentMessage`, `NumberCheck`, `RetrievalState` and `SyncWindow` are derived from the spec's
reply schemas (`_derived/replies.py`; `SyncWindow.is_open` from `_reply_behaviour`) and
re-exported here. `InboundMessage` (with its `AutoReplyFlags` and `ChatGptReply`) stays written
by hand: a page of messages is decoded straight into it by msgspec (`_parse.typed_page`, the
spec's shape `InboundMessageFields`), and its tolerant reader's shapes (date and hour for a
missing timestamp, a message wrapped in `messages`/`data`/`result`) are the spec's ASSUMPTIONs.

Both transports build exactly these, so equal sandbox state gives equal values over REST and SOAP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

# Derived from the spec's reply schemas (`x-smsmobile-type`), kept importable from here; built
# on first use (`__getattr__`), not by `import smsmobile`.
if TYPE_CHECKING:
    from ._derived.replies import NumberCheck, RetrievalState, SentMessage, SyncWindow

__all__ = [
    "AutoReplyFlags",
    "ChatGptReply",
    "InboundMessage",
    "MessageType",
    "NumberCheck",
    "RetrievalState",
    "SendRequest",
    "SentMessage",
    "SyncWindow",
    "Timeouts",
]

MessageType = Literal["text", "audio"]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds allowed to connect, to wait for each read, and for one whole attempt.

    `read` bounds each wait for data, so a server that drips its reply a byte at a time could
    hold a call for as long as it liked; `total` bounds an attempt from the connect to the last
    byte of the reply (checked as the reply arrives, so a call ends at most one `read` after
    it). None means `connect + read + 5`: one slow connect and one full wait, plus a margin.
    Each retry gets a fresh deadline.
    """

    connect: float = 5.0
    read: float = 30.0
    total: float | None = None

    @property
    def total_seconds(self) -> float:
        """The deadline of one attempt, in seconds (`total`, or its default)."""
        return self.total if self.total is not None else self.connect + self.read + 5.0


@dataclass(frozen=True, slots=True)
class SendRequest:
    """A send after validation and normalisation: what a transport puts on the wire.

    `recipient` is digits only (country code first); `media_url` is https with a documented
    extension. `also_sms` False means WhatsApp only (`waonly=yes`); True means WhatsApp and SMS
    (`sendwa=1`, `sendsms=1`).
    """

    recipient: str
    message: str
    media_url: str | None = None
    pdf_preview: bool = False
    short_url: bool = False
    also_sms: bool = False
    schedule_at: int | None = None
    device_sid: str | None = None
    sim_port: Literal[1, 2] | None = None


@dataclass(frozen=True, slots=True)
class AutoReplyFlags:
    """What the service did with an inbound message on its own."""

    auto_reply: bool
    forwarded_to_email: bool
    chatgpt_reply: bool


@dataclass(frozen=True, slots=True)
class ChatGptReply:
    """The ChatGPT auto-reply to an inbound message, with its token usage and cost."""

    response: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cost: Decimal


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A WhatsApp message received by the phone (voice messages arrive transcribed)."""

    guid: str
    number: str
    contact: str
    text: str
    received_at: dt.datetime
    auto_reply: AutoReplyFlags | None = None
    chatgpt: ChatGptReply | None = None

    @property
    def timestamp(self) -> int:
        """The unix timestamp the service pages with (`before`)."""
        return int(self.received_at.timestamp())


_DERIVED = frozenset({"NumberCheck", "RetrievalState", "SentMessage", "SyncWindow"})

if not TYPE_CHECKING:  # the type checker reads the imports above

    def __getattr__(name: str) -> object:
        """The derived reply types, imported when first asked for (`_derived/replies.py`)."""
        if name not in _DERIVED:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from ._derived import replies

        return getattr(replies, name)
