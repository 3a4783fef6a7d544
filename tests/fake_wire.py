"""Fake transports for the fast unit tests: written per operation, spoken as the seam's exchange.

Imported by name (tests/ is on sys.path through its conftest). A fake subclasses
`ExchangeByMethods` and writes `synchronize()` / `fetch_messages(...)` returning dataclasses;
`exchange(operation, fields)` calls them and hands back the plain data the wire would carry, so
the facade's real parsers, paging and retries run on it.
"""

from __future__ import annotations

from typing import Any

from smsmobile import InboundMessage, SyncWindow
from smsmobile._operations import Operation, WireFields


def wire_message(message: InboundMessage) -> dict[str, object]:
    """An inbound message as the service writes it."""
    return {
        "guid": message.guid,
        "number": message.number,
        "contact": message.contact,
        "message": message.text,
        "timestamp": message.timestamp,
    }


class ExchangeByMethods:
    """`exchange` for a fake that implements the operations it needs as methods."""

    def synchronize(self) -> SyncWindow:
        raise AssertionError("this fake does not synchronise")

    def fetch_messages(
        self, *, before: int | None = None, date: Any = None, message_type: Any = None
    ) -> list[InboundMessage]:
        raise AssertionError("this fake has no inbox")

    def exchange(self, operation: Operation[Any], fields: WireFields) -> object:
        if operation.name == "synchronize":
            window = self.synchronize()
            return {"error": 0, "expire_at_unix": int(window.expires_at.timestamp())}
        if operation.name == "fetch_messages":
            page = self.fetch_messages(
                before=fields.get("before"),  # type: ignore[arg-type]
                date=fields.get("date"),
                message_type=fields.get("message_type"),
            )
            return [wire_message(message) for message in page]
        raise AssertionError(f"this fake does not answer {operation.name}")

    def close(self) -> None:
        pass
