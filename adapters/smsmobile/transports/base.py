"""The seam between the `WhatsApp` facade and the wire.

A transport turns one validated call into one exchange (REST over the generated client, or SOAP
over zeep) and the reply into the shared dataclasses; failures become the shared exceptions. It
does not validate user input and does not retry: the facade does both, once, for every transport.

Error mapping every transport follows:
- connection could not be made                    -> ConnectError (the request never left)
- read timeout or the attempt's deadline (`Timeouts.total`) passed -> RequestTimeout
- connection lost after sending                    -> TransportError
- any 3xx (never followed: every request carries a credential) -> RedirectRefused
- unreadable or wrongly shaped reply, one over MAX_REPLY_BYTES once decompressed, or a stack of
  Content-Encodings                               -> MalformedReply
- HTTP 401/403, refused credentials                -> AuthenticationError
- HTTP 429                                         -> RateLimited(retry_after)
- non-zero `error` (even in HTTP 200), other 4xx/5xx -> ServiceError(code, http_status)
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

from ._models import (
    InboundMessage,
    MessageType,
    NumberCheck,
    RetrievalState,
    SendRequest,
    SentMessage,
    SyncWindow,
)

__all__ = ["MAX_REPLY_BYTES", "RetrievalSwitch", "Transport"]

RetrievalSwitch = Literal["on", "off", "toggle"]

#: Replies larger than this are refused as `MalformedReply` while they are read, so a broken or
#: hostile server cannot make the client buffer and parse unbounded data (an inbox page of 50
#: messages is about 25 KB).
MAX_REPLY_BYTES = 4 * 1024 * 1024


class Transport(Protocol):
    """One exchange per call; see the module docstring for the error mapping."""

    name: str  # "rest" or "soap"

    def send(self, request: SendRequest) -> SentMessage: ...

    def resend(self, guid: str) -> SentMessage: ...

    def set_retrieval(self, switch: RetrievalSwitch) -> RetrievalState: ...

    def synchronize(self) -> SyncWindow: ...

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: MessageType | None = None,
    ) -> list[InboundMessage]:
        """One page, newest first, as the service returns it."""
        ...

    def check_number(self, number: str) -> NumberCheck: ...

    def close(self) -> None: ...
