"""Reading a SOAP reply: bounded while it is read, parsed without DTDs, and read into plain data.

zeep turns every reply element into an object and `serialize_object` turns those back into
dicts; for an inbox page that is most of the client's CPU. Here the reply's body element is read
straight into the dicts `_parse` expects, along a plan compiled once per operation from zeep's
own parse of the WSDL (so a WSDL given by the user is followed as zeep would follow it). The plan
covers only what zeep would read the same way: qualified elements in schema order, no attributes
(so no xsi:type or xsi:nil), simple values converted by the schema type's own `pythonvalue`.
Anything else (an unexpected element, a value zeep would not convert, a schema the plan cannot
describe) is `Defer`: the caller hands the same parsed document to zeep, which decides exactly as
it did before.
"""

from __future__ import annotations

import threading
from typing import Any, Final, NamedTuple

import requests
import zeep.xsd
from lxml import etree
from zeep.xsd.elements.element import Element
from zeep.xsd.types.builtins import String

from ._reply_body import Deadline, read_requests_body
from .transports.base import MAX_REPLY_BYTES

__all__ = ["Defer", "HostileReply", "ReplyPlan", "ReplyTooLarge", "parse_envelope", "read_bounded"]

_CHUNK: Final = 64 * 1024
_MAX_DEPTH: Final = 8  # deeper (or recursive) schemas are left to zeep

_ComplexType: Any = zeep.xsd.ComplexType
_AnySimpleType: Any = zeep.xsd.AnySimpleType
_Sequence: Any = zeep.xsd.Sequence
_string_value: Any = String.pythonvalue


class ReplyTooLarge(Exception):
    """The reply is (or says it is) longer than the limit; reading stopped there."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"reply larger than {limit} bytes")


class HostileReply(Exception):
    """The reply carries a DTD, an entity declaration or a reference to something outside."""


class Defer(Exception):
    """The reply is not of the plain shape the plan reads: zeep must read it instead."""


def read_bounded(
    response: requests.Response,
    limit: int = MAX_REPLY_BYTES,
    *,
    deadline: Deadline | None = None,
) -> None:
    """Read a streamed `response` into `response.content` with `_reply_body.read_requests_body`
    (refused past `limit` decoded bytes or past `deadline`)."""
    response._content = read_requests_body(response, limit, deadline=deadline)


class _RefuseAll(etree.Resolver):
    """Never load anything a reply points at (a DTD, an entity, an XInclude)."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> Any:
        raise HostileReply("external reference")


_parsers = threading.local()


def _parser() -> etree.XMLParser:
    parser: etree.XMLParser | None = getattr(_parsers, "parser", None)
    if parser is None:  # lxml parsers are not to be shared between threads
        parser = etree.XMLParser(
            remove_comments=True,
            resolve_entities=False,
            recover=False,
            huge_tree=False,
            no_network=True,
            load_dtd=False,
        )
        parser.resolvers.add(_RefuseAll())
        _parsers.parser = parser
    return parser


def parse_envelope(content: bytes) -> Any:
    """The reply's root element; `etree.XMLSyntaxError` or `HostileReply` if it is not one.

    The same parse zeep does with `forbid_dtd`, `forbid_entities` and `forbid_external`.
    """
    root = etree.fromstring(content, _parser())
    docinfo = root.getroottree().docinfo
    if docinfo.doctype:
        raise HostileReply("DTD")
    for dtd in (docinfo.internalDTD, docinfo.externalDTD):
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise HostileReply("entity declaration")
    return root


class _Field(NamedTuple):
    tag: str  # the qualified tag, "{namespace}name"
    name: str
    multiple: bool
    required: bool
    convert: Any  # a simple type's `pythonvalue`, or None for a plain string
    fields: tuple[_Field, ...] | None  # a complex type's own fields, or None for a simple one


def _compile(xsd_type: Any, depth: int) -> tuple[_Field, ...] | None:
    """The fields of a complex type made of one plain sequence of elements, or None."""
    if (
        depth > _MAX_DEPTH
        or not isinstance(xsd_type, _ComplexType)
        or type(xsd_type).parse_xmlelement is not _ComplexType.parse_xmlelement
        or xsd_type.attributes
        or getattr(xsd_type, "_array_type", None)
        or len(xsd_type.elements_nested) != 1
    ):
        return None
    _, sequence = xsd_type.elements_nested[0]
    if type(sequence) is not _Sequence or sequence.min_occurs != 1 or sequence.max_occurs != 1:
        return None
    if isinstance(xsd_type._element, Element):  # simpleContent: not a sequence of elements
        return None
    fields: list[_Field] = []
    names: set[str] = set()
    for name, element in sequence.elements:
        if type(element) is not Element or element.default is not None:
            return None
        local = etree.QName(element.qname).localname
        if local in names:
            return None
        names.add(local)
        if element.accepts_multiple:
            if element.max_occurs != "unbounded":
                return None
        elif element.max_occurs != 1:
            return None
        child_type = element.type
        convert: Any = None
        children: tuple[_Field, ...] | None = None
        if isinstance(child_type, _AnySimpleType):
            if type(child_type).parse_xmlelement is not _AnySimpleType.parse_xmlelement:
                return None
            if type(child_type).pythonvalue is not _string_value:
                convert = child_type.pythonvalue
        else:
            children = _compile(child_type, depth + 1)
            if children is None:
                return None
        fields.append(
            _Field(
                tag=element.qname.text,
                name=name,
                multiple=element.accepts_multiple,
                required=not element.is_optional,
                convert=convert,
                fields=children,
            )
        )
    return tuple(fields)


class ReplyPlan:
    """How to read one operation's response element into plain data."""

    __slots__ = ("fields", "tag")

    def __init__(self, tag: str, fields: tuple[_Field, ...]) -> None:
        self.tag = tag
        self.fields = fields

    @classmethod
    def compile(cls, operation: Any) -> ReplyPlan | None:
        """The plan for a zeep binding operation, or None when zeep must read its replies."""
        try:
            message = operation.output
            if message is None or message._is_body_wrapped or message.header.type._element:
                return None
            body = message.body
            if type(body) is not Element or body.accepts_multiple:
                return None
            fields = _compile(body.type, 0)
        except AttributeError:  # not the document/literal message this was written for
            return None
        if fields is None or len(fields) < 2:  # zeep unwraps a single child: leave it to zeep
            return None
        return cls(body.qname.text, fields)

    def read(self, envelope: Any, body: Any) -> dict[str, Any]:
        """The response element in `body` as zeep + `serialize_object` + `_plain` would give it.

        Raises `Defer` for anything the plan does not cover.
        """
        if envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Header") is not None:
            raise Defer
        first = body[0] if len(body) else None
        if first is None or first.tag != self.tag or first.attrib or not len(first):
            raise Defer
        return _read(first, self.fields)


def _read(node: Any, fields: tuple[_Field, ...]) -> dict[str, Any]:
    children = list(node)
    count = len(children)
    index = 0
    result: dict[str, Any] = {}
    for field in fields:
        tag = field.tag
        if field.multiple:
            items = []
            while index < count and children[index].tag == tag:
                items.append(_value(children[index], field))
                index += 1
            if not items and field.required and index < count:
                raise Defer
            result[field.name] = items
        elif index < count and children[index].tag == tag:
            value = _value(children[index], field)
            index += 1
            if value is not None:
                result[field.name] = value
        elif field.required and index < count:
            raise Defer  # zeep refuses a missing required element that something else follows
    if index != count:
        raise Defer
    return result


def _value(element: Any, field: _Field) -> Any:
    if element.attrib:
        raise Defer
    if field.fields is not None:
        return _read(element, field.fields) if len(element) else None
    if len(element):
        raise Defer
    text = element.text
    if text is None or field.convert is None:
        return text
    try:
        return field.convert(text)
    except (TypeError, ValueError):
        raise Defer from None
