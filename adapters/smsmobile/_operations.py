"""The operation table: each service operation written down once.

A row says everything that is not the same for every operation: its REST method, path and
generated module, its SOAP operation, whether repeating it is safe, its request fields (wire
names, as both the REST service and our WSDL spell them) and how its reply becomes a dataclass.
The facade, both transports, the gateway and the sandbox's fronts read these rows; a parity test
(tests/spec/test_parity.py) checks them against spec/openapi.yaml and the WSDL, so a spec change
that is not wired here fails CI.

The rows are built from the derived table (`_derived/table.py`: spec/openapi.yaml's fields and
spec/overlay.yaml's names, by `make generate`); what stays here is code the overlay names: each
reply parser and each retry rule. A new endpoint is its spec path and its overlay entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

from ._checker import soap_fields
from ._derived.table import OPERATION_SPECS
from ._lazy import LazyModule
from ._table import OperationSpec

if TYPE_CHECKING:
    from . import _account_parse, _parse, _reply_objects
    from ._models import InboundMessage, NumberCheck, RetrievalState, SentMessage, SyncWindow
else:  # the readers (and the reply types they build) are imported by a first reply
    _account_parse = LazyModule("smsmobile._account_parse", globals(), "_account_parse")
    _parse = LazyModule("smsmobile._parse", globals(), "_parse")
    _reply_objects = LazyModule("smsmobile._reply_objects", globals(), "_reply_objects")

__all__ = [
    "BY_NAME",
    "CHECK_NUMBER",
    "GET_MESSAGES",
    "OPERATIONS",
    "RESEND",
    "SEND",
    "SET_RETRIEVAL",
    "SYNCHRONIZE",
    "Decoded",
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
class Decoded:
    """A reply a transport decoded straight into the operation's result (`Operation.read_json`,
    `Operation.read_soap`)."""

    value: Any


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
    spec: OperationSpec | None = field(default=None, repr=False, compare=False)
    #: The result read straight from a 2xx reply's JSON bytes, or None when the reply is not in
    #: the spec's exact shape (then it is decoded as plain data and `parse_reply` reads it).
    read_json: Callable[[bytes], R | None] | None = field(default=None, repr=False, compare=False)
    #: The result read straight from zeep's reply object (SOAP), or None when the reply is not
    #: in the shape the reader takes (then it becomes plain data and `parse_reply` reads it).
    read_soap: Callable[[Any], R | None] | None = field(default=None, repr=False, compare=False)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional

    def is_retry_safe(self, fields: WireFields) -> bool:
        """Whether repeating this call with these fields can never do the work twice."""
        return self.retry_safe(fields)

    def parse(self, reply: object, fields: WireFields) -> R:
        """The reply (plain data from either transport) as a dataclass, or the service's error;
        absurd values are `MalformedReply`, the same way for both transports."""
        if type(reply) is Decoded:
            return reply.value  # type: ignore[no-any-return]
        return _parse.guarded(lambda body: self.parse_reply(body, fields), reply)


def _sent(reply: object, fields: WireFields) -> SentMessage:
    return _account_parse.sent_message(reply)


def _resent(reply: object, fields: WireFields) -> SentMessage:
    return _account_parse.sent_message(reply, resent_guid=str(fields["guid"]))


def _retrieval(reply: object, fields: WireFields) -> RetrievalState:
    return _account_parse.retrieval_state(reply)


def _window(reply: object, fields: WireFields) -> SyncWindow:
    return _account_parse.sync_window(reply)


def _page(reply: object, fields: WireFields) -> list[InboundMessage]:
    return _parse.inbound_messages(reply)


def _number(reply: object, fields: WireFields) -> NumberCheck:
    return _account_parse.number_check(reply, str(fields["recipients"]))


def _plain(reply: object, fields: WireFields) -> dict[str, Any]:
    """An operation the overlay gives no parser: the reply's mapping, once `error` is checked,
    with a `result` object unwrapped as the WSDL's response is, so REST and SOAP give equal
    values (`contract.soap_fields`)."""
    return soap_fields(_parse.plain_reply(reply))


def _typed_page(content: bytes) -> list[InboundMessage] | None:
    return _parse.typed_page(content)


def _soap_page(reply: Any) -> list[InboundMessage] | None:
    return _reply_objects.inbound_page(reply)


_PARSERS: Final[Mapping[str | None, Callable[[object, WireFields], Any]]] = {
    "sent": _sent,
    "resent": _resent,
    "retrieval": _retrieval,
    "window": _window,
    "page": _page,
    "number": _number,
    None: _plain,
}
#: The replies read straight from their JSON bytes (`Operation.read_json`), by `reply:` name.
_JSON_READERS: Final[Mapping[str | None, Callable[[bytes], Any]]] = {"page": _typed_page}
#: The replies read straight from zeep's reply objects (`Operation.read_soap`), by `reply:` name.
_SOAP_READERS: Final[Mapping[str | None, Callable[[Any], Any]]] = {"page": _soap_page}
_RETRY_RULES: Final[Mapping[str, Callable[[WireFields], bool]]] = {
    "always": _always,
    "never": _never,
    "not_a_toggle": _not_a_toggle,
}


def _row(spec: OperationSpec) -> Operation[Any]:
    """A row from the derived table: everything but the parser and the retry rule's code."""
    return Operation(
        name=spec.name,
        soap_operation=spec.soap,
        rest_method=spec.rest_method,
        rest_path=spec.rest_path,
        rest_module=_snake(spec.operation_id),
        required=tuple(f.wire for f in spec.fields if f.required),
        optional=tuple(f.wire for f in spec.fields if not f.required),
        # a hand parser the overlay names, or the reader of the spec's typed reply
        parse_reply=_PARSERS.get(spec.reply) or _typed_reader(str(spec.reply)),
        retry_safe=_RETRY_RULES[spec.retry],
        query_fields=tuple(f.wire for f in spec.fields if f.location == "query"),
        spec=spec,
        read_json=_JSON_READERS.get(spec.reply),
        read_soap=_SOAP_READERS.get(spec.reply),
    )


def _typed_reader(reply: str) -> Callable[[object, WireFields], Any]:
    """`_account_parse.reader(reply)`, made on the operation's first reply."""
    made: list[Callable[[object, WireFields], Any]] = []

    def read(body: object, fields: WireFields) -> Any:
        if not made:
            made.append(_account_parse.reader(reply))
        return made[0](body, fields)

    return read


def _snake(operation_id: str) -> str:
    """The generated module's name for an operationId (`sendWhatsapp` -> `send_whatsapp`)."""
    return "".join("_" + c.lower() if c.isupper() else c for c in operation_id).lstrip("_")


#: By row name, every operation of spec/overlay.yaml.
BY_NAME: Final[Mapping[str, Operation[Any]]] = {s.name: _row(s) for s in OPERATION_SPECS}
SEND: Final[Operation[SentMessage]] = BY_NAME["send"]
RESEND: Final[Operation[SentMessage]] = BY_NAME["resend"]
SET_RETRIEVAL: Final[Operation[RetrievalState]] = BY_NAME["set_retrieval"]
SYNCHRONIZE: Final[Operation[SyncWindow]] = BY_NAME["synchronize"]
GET_MESSAGES: Final[Operation[list[InboundMessage]]] = BY_NAME["fetch_messages"]
CHECK_NUMBER: Final[Operation[NumberCheck]] = BY_NAME["check_number"]

#: Every operation, in the WSDL's order.
OPERATIONS: Final[tuple[Operation[Any], ...]] = tuple(BY_NAME.values())
#: A variant sharing its SOAP operation (`sms_send` is `SendWhatsApp` with SMS only) does not
#: replace the operation's own row.
_BY_SOAP_NAME: Final[Mapping[str, Operation[Any]]] = {
    op.soap_operation: op for op in reversed(OPERATIONS)
}


def by_soap_name(name: str) -> Operation[Any]:
    """The row of a WSDL operation (`KeyError` for a name the WSDL does not have)."""
    return _BY_SOAP_NAME[name]
