"""The seam between the `WhatsApp` facade and the wire: one generic exchange per call.

A transport sends one call of an operation (a row of `_operations`) with its wire fields (from
`_wire`) and returns the reply's plain data (dicts, lists, strings and numbers, as JSON would
give them); the row's parser makes the dataclass, the same for every transport. A transport does
not validate user input and does not retry: the facade does both, once, for every transport.

Error mapping every transport follows (statuses, bodies and faults through `errors`):
- connection could not be made                    -> ConnectError (the request never left)
- read timeout or the attempt's deadline (`Timeouts.total`) passed -> RequestTimeout
- connection lost after sending                    -> TransportError
- any 3xx (never followed: every request carries a credential) -> RedirectRefused
- unreadable or wrongly shaped reply, one over MAX_REPLY_BYTES once decompressed, or a stack of
  Content-Encodings                               -> MalformedReply
- HTTP 401/403, refused credentials                -> AuthenticationError
- HTTP 429                                         -> RateLimited(retry_after)
- other 4xx/5xx, a fault with the service's code   -> ServiceError(code, http_status)
A non-zero `error` inside a successful reply is left in the plain data: the parser raises it.
"""

from __future__ import annotations

from typing import Any, Protocol

from .._operations import Operation, WireFields

__all__ = ["MAX_REPLY_BYTES", "Transport"]

#: Replies larger than this are refused as `MalformedReply` while they are read, so a broken or
#: hostile server cannot make the client buffer and parse unbounded data (an inbox page of 50
#: messages is about 25 KB).
MAX_REPLY_BYTES = 4 * 1024 * 1024


class Transport(Protocol):
    """One exchange per call; see the module docstring for the error mapping."""

    name: str  # "rest" or "soap"

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        """Send one call of `operation` and return the reply's plain data, or raise the shared
        exception; no retry, no validation."""
        ...

    def close(self) -> None: ...
