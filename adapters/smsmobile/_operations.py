"""The operation table: each service operation written down once.

A row says everything that is not the same for every operation: its REST method, path and
generated module, its SOAP operation, whether repeating it is safe, its request fields (wire
names, as both the REST service and our WSDL spell them) and how its reply becomes a dataclass.
The facade, both transports, the gateway and the sandbox's fronts read these rows; a parity test
(tests/spec/test_parity.py) checks them against spec/openapi.yaml and the WSDL, so a spec change
that is not wired here fails CI.

A new endpoint is a row here, its reply parser in `_parse`, and a facade method that validates
its arguments and calls `WhatsApp._call(row, fields)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Generic, Literal, TypeVar

from . import _parse
from ._models import InboundMessage, NumberCheck, RetrievalState, SentMessage, SyncWindow

__all__ = [
    "CHECK_NUMBER",
    "GET_MESSAGES",
    "OPERATIONS",
    "RESEND",
    "SEND",
    "SET_RETRIEVAL",
    "SYNCHRONIZE",
    "Operation",
    "WireFields",
    "WireValue",
    "by_soap_name",
]

#: A request field as it travels: text, or an integer (timestamps, the SIM port).
WireValue = str | int
#: Request fields by wire name; the credential (`apikey` or a bearer token) is not among them.
WireFields = Mapping[str, WireValue]

R = TypeVar("R")


def _always(fields: WireFields) -> bool:
    return True


def _never(fields: WireFields) -> bool:
    return False


def _not_a_toggle(fields: WireFields) -> bool:
    """`statut=1` and `statut=0` set a state (safe to repeat); `x` or no statut toggles it."""
    return fields.get("statut") in ("0", "1")


@dataclass(frozen=True, slots=True)
class Operation(Generic[R]):
    """One service operation. `fields` lists every request field (wire names) but the
    credential, required ones first; `query_fields` are those a REST POST carries in its URL
    (the rest of a POST goes in the form body; a GET carries everything in the URL)."""

    name: str
    soap_operation: str
    rest_method: Literal["GET", "POST"]
    rest_path: str
    rest_module: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse_reply: Callable[[object, WireFields], R]
    retry_safe: Callable[[WireFields], bool] = _always
    query_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional

    def is_retry_safe(self, fields: WireFields) -> bool:
        """Whether repeating this call with these fields can never do the work twice."""
        return self.retry_safe(fields)

    def parse(self, reply: object, fields: WireFields) -> R:
        """The reply (plain data from either transport) as a dataclass, or the service's error;
        absurd values are `MalformedReply`, the same way for both transports."""
        return _parse.guarded(lambda body: self.parse_reply(body, fields), reply)


def _sent(reply: object, fields: WireFields) -> SentMessage:
    return _parse.sent_message(reply)


def _resent(reply: object, fields: WireFields) -> SentMessage:
    return _parse.sent_message(reply, resent_guid=str(fields["guid"]))


def _retrieval(reply: object, fields: WireFields) -> RetrievalState:
    return _parse.retrieval_state(reply)


def _window(reply: object, fields: WireFields) -> SyncWindow:
    return _parse.sync_window(reply)


def _page(reply: object, fields: WireFields) -> list[InboundMessage]:
    return _parse.inbound_messages(reply)


def _number(reply: object, fields: WireFields) -> NumberCheck:
    return _parse.number_check(reply, str(fields["recipients"]))


SEND: Final[Operation[SentMessage]] = Operation(
    name="send",
    soap_operation="SendWhatsApp",
    rest_method="POST",
    rest_path="/sendsms/",
    rest_module="send_whatsapp",
    required=("recipients", "message"),
    optional=(
        "waonly",
        "sendwa",
        "sendsms",
        "url_media",
        "pdf_with_image",
        "url_media_shorted",
        "schedule_timestamp",
        "sIdentifiant",
        "port",
        "shorturl",
    ),
    parse_reply=_sent,
    retry_safe=_never,
)
RESEND: Final[Operation[SentMessage]] = Operation(
    name="resend",
    soap_operation="ResendWhatsApp",
    rest_method="POST",
    rest_path="/resendwa/",
    rest_module="resend_whatsapp",
    required=("guid",),
    optional=(),
    parse_reply=_resent,
    retry_safe=_never,
)
SET_RETRIEVAL: Final[Operation[RetrievalState]] = Operation(
    name="set_retrieval",
    soap_operation="SetRetrieval",
    rest_method="GET",
    rest_path="/getwa/active/",
    rest_module="set_retrieval",
    required=(),
    optional=("statut",),
    parse_reply=_retrieval,
    retry_safe=_not_a_toggle,
)
SYNCHRONIZE: Final[Operation[SyncWindow]] = Operation(
    name="synchronize",
    soap_operation="Synchronize",
    rest_method="GET",
    rest_path="/getwa/synchronisation/",
    rest_module="synchronize",
    required=(),
    optional=(),
    parse_reply=_window,
)
GET_MESSAGES: Final[Operation[list[InboundMessage]]] = Operation(
    name="fetch_messages",
    soap_operation="GetMessages",
    rest_method="GET",
    rest_path="/getwa/",
    rest_module="get_messages",
    required=(),
    optional=("before", "date", "message_type"),
    parse_reply=_page,
)
CHECK_NUMBER: Final[Operation[NumberCheck]] = Operation(
    name="check_number",
    soap_operation="CheckNumber",
    rest_method="GET",
    rest_path="/whatsapp/checknumber/",
    rest_module="check_number",
    required=("recipients",),
    optional=(),
    parse_reply=_number,
)

#: Every operation, in the WSDL's order.
OPERATIONS: Final[tuple[Operation[Any], ...]] = (
    SEND,
    RESEND,
    SET_RETRIEVAL,
    SYNCHRONIZE,
    GET_MESSAGES,
    CHECK_NUMBER,
)
_BY_SOAP_NAME: Final[Mapping[str, Operation[Any]]] = {op.soap_operation: op for op in OPERATIONS}


def by_soap_name(name: str) -> Operation[Any]:
    """The row of a WSDL operation (`KeyError` for a name the WSDL does not have)."""
    return _BY_SOAP_NAME[name]
