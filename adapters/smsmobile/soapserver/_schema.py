"""The WSDL's inline XSD, read once: an lxml validator plus the element sequences it declares.

The SOAP front validates every request against it and reads and writes fields in schema order.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from datetime import date

from lxml import etree

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
_INTEGER_TYPES = {"long", "int", "integer", "short", "byte", "unsignedInt", "unsignedLong"}


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


@dataclass(frozen=True, slots=True)
class SchemaField:
    name: str
    type_name: str | None  # local name of a named type, or None when declared inline
    builtin: bool
    many: bool
    complex_type: etree._Element | None


class WsdlSchema:
    """The WSDL's inline XSD: an lxml validator plus the element sequences it declares."""

    def __init__(self, wsdl: etree._Element) -> None:
        source = wsdl.find(f"{_q(WSDL_NS, 'types')}/{_q(XS, 'schema')}")
        if source is None:
            raise ValueError("the WSDL has no inline xs:schema in wsdl:types")
        # A fresh root that keeps every in-scope prefix: QNames in attribute values use them.
        root = etree.Element(source.tag, dict(source.attrib), nsmap=dict(source.nsmap))
        for child in source:
            root.append(copy.deepcopy(child))
        self.root = root
        self._validator = etree.XMLSchema(etree.ElementTree(root))
        self._lock = threading.Lock()  # an lxml validator keeps one error log
        self._named = {(el.tag, el.get("name")): el for el in root if el.get("name") is not None}

    def validate(self, element: etree._Element) -> str | None:
        """None when `element` (as a document of its own) is valid, else the first problem."""
        document = etree.ElementTree(copy.deepcopy(element))
        with self._lock:
            if self._validator.validate(document):
                return None
            error = self._validator.error_log.last_error
        return f"line {error.line}: {error.message}" if error is not None else "invalid"

    def element(self, name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "element"), name))

    def _complex(self, type_name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "complexType"), type_name))

    def _simple(self, type_name: str) -> etree._Element | None:
        return self._named.get((_q(XS, "simpleType"), type_name))

    def fields(self, complex_type: etree._Element) -> list[SchemaField]:
        result: list[SchemaField] = []
        sequence = complex_type.find(_q(XS, "sequence"))
        if sequence is None:
            return result
        for child in sequence.findall(_q(XS, "element")):
            type_attr = child.get("type")
            prefix, _, local = (type_attr or "").rpartition(":")
            builtin = type_attr is not None and child.nsmap.get(prefix or None) == XS
            inline = child.find(_q(XS, "complexType"))
            named = None if builtin or type_attr is None else self._complex(local)
            result.append(
                SchemaField(
                    name=str(child.get("name")),
                    type_name=local or None,
                    builtin=builtin,
                    many=child.get("maxOccurs", "1") != "1",
                    complex_type=inline if inline is not None else named,
                )
            )
        return result

    def global_fields(self, element_name: str) -> list[SchemaField]:
        element = self.element(element_name)
        complex_type = None if element is None else element.find(_q(XS, "complexType"))
        if complex_type is None:
            raise KeyError(element_name)
        return self.fields(complex_type)

    def python_kind(self, field: SchemaField) -> str:
        """'int', 'date' or 'str': how a request value of this field reaches the backend."""
        type_name = field.type_name
        if type_name is not None and not field.builtin:
            simple = self._simple(type_name)
            restriction = None if simple is None else simple.find(_q(XS, "restriction"))
            base = "" if restriction is None else str(restriction.get("base", ""))
            type_name = base.rpartition(":")[2]
        if type_name in _INTEGER_TYPES:
            return "int"
        if type_name == "date":
            return "date"
        return "str"


def xml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
