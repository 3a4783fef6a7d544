"""The SOAP reply to a forwarded operation: the REST reply's own fields, under the WSDL's names.

Text passes through as the service wrote it (its note, its datetime, its message). The fields
the WSDL types (ZeroOne flags, xs:long times) come from the parsed reply, which has already
settled where the service put them (its spellings vary: `expire_at `, `statut` or `status`, a
bare array of messages or a wrapped one), so every reply the client accepts is one the WSDL
accepts, and every reply it refuses was refused before this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._models import InboundMessage, NumberCheck, RetrievalState, SentMessage, SyncWindow
from ..contract import soap_fields
from ..soapserver import Operation

__all__ = ["soap_reply"]

Fields = dict[str, Any]


def _plain(value: object) -> Fields:
    """An object's fields with the spaces some replies put around a key removed."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key).strip(): item for key, item in value.items()}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _sent(reply: object, parsed: SentMessage) -> Fields:
    body = _plain(reply)
    result = _plain(body["result"]) if isinstance(body.get("result"), Mapping) else body
    return {**result, "error": "0", "id": parsed.guid}


def _retrieval(reply: object, parsed: RetrievalState) -> Fields:
    return {**_plain(reply), "error": "0", "statut": _flag(parsed.enabled)}


def _window(reply: object, parsed: SyncWindow) -> Fields:
    fields = {**_plain(reply), "error": "0", "expire_at_unix": int(parsed.expires_at.timestamp())}
    if not fields.get("expire_at"):
        fields["expire_at"] = parsed.expires_at.strftime("%Y-%m-%d %H:%M:%S")
    return fields


def _records(reply: object) -> list[object]:
    """The raw message objects, found where the parser found them."""
    if isinstance(reply, list):
        return reply
    body = _plain(reply)
    for key in ("messages", "data", "result"):
        wrapped = body.get(key)
        if isinstance(wrapped, list):
            return wrapped
        if isinstance(wrapped, Mapping):
            return [wrapped] if "guid" in wrapped else _records(wrapped)
    return [body] if "guid" in body else []


def _message(record: object, parsed: InboundMessage) -> Fields:
    fields = {**_plain(record), "guid": parsed.guid, "timestamp": parsed.timestamp}
    flags = parsed.auto_reply
    fields["more"] = None
    if flags is not None:
        fields["more"] = {
            "auto_reply": _flag(flags.auto_reply),
            "transfert_to_email": _flag(flags.forwarded_to_email),
            "chatgpt_reply": _flag(flags.chatgpt_reply),
        }
    fields["chatgpt"] = _plain(fields.get("chatgpt")) if parsed.chatgpt is not None else None
    return fields


def _page(reply: object, parsed: list[InboundMessage]) -> Fields:
    records = _records(reply)
    return {"error": "0", "message": [_message(r, m) for r, m in zip(records, parsed, strict=True)]}


def _number(reply: object, parsed: NumberCheck) -> Fields:
    return {
        **_plain(reply),
        "error": "0",
        "number": parsed.number,
        "whatsapp": _flag(parsed.on_whatsapp),
    }


_BY_NAME: dict[str, Callable[[object, Any], Fields]] = {
    "send": _sent,
    "resend": _sent,
    "set_retrieval": _retrieval,
    "synchronize": _window,
    "fetch_messages": _page,
    "check_number": _number,
}


def _as_is(reply: object, parsed: object) -> Fields:
    """An operation without a typed model: the reply's own fields (`error` already checked),
    as the sandbox's SOAP front answers them (`contract.soap_fields`)."""
    return soap_fields(reply)


def soap_reply(operation: Operation[Any], reply: object, parsed: object) -> Fields:
    """The response fields of `operation` for a REST `reply` that parsed as `parsed`."""
    return _BY_NAME.get(operation.name, _as_is)(reply, parsed)
