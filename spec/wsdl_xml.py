"""The WSDL's XML, written line by line so the generated file reads like the hand-written one did
(one element per line, two-space indents): the pieces spec/wsdl_from_spec.py puts together."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

Node = dict[str, Any]
Operation = tuple[str, str, str, Node]  # SOAP name, HTTP method, path, the spec's operation


@dataclass(frozen=True)
class Restriction:
    """An XSD simple type: its base and facets (comparable, so equal constraints share a name)."""

    base: str
    facets: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[str]:
        if not self.facets:
            return [f'<xs:restriction base="{self.base}"/>']
        inner = [f"  <xs:{facet} value={quoteattr(value)}/>" for facet, value in self.facets]
        return [f'<xs:restriction base="{self.base}">', *inner, "</xs:restriction>"]


@dataclass
class Element:
    """One xs:element of a sequence: a named type, or an inline simple type."""

    name: str
    type: str | None
    inline: Restriction | None = None
    optional: bool = True
    many: bool = False
    doc: str | None = None

    def lines(self) -> list[str]:
        attributes = f"name={quoteattr(self.name)}"
        if self.type is not None:
            attributes += f" type={quoteattr(self.type)}"
        if self.optional:
            attributes += ' minOccurs="0"'
        if self.many:
            attributes += ' maxOccurs="unbounded"'
        annotation = "" if self.doc is None else annotate(self.doc)
        if self.inline is None:
            if not annotation:
                return [f"<xs:element {attributes}/>"]
            return [f"<xs:element {attributes}>{annotation}</xs:element>"]
        simple = ["  <xs:simpleType>", *indent(self.inline.lines(), 4), "  </xs:simpleType>"]
        head = [f"<xs:element {attributes}>"] + ([f"  {annotation}"] if annotation else [])
        return [*head, *simple, "</xs:element>"]


def annotate(text: str) -> str:
    return f"<xs:annotation><xs:documentation>{escape(text)}</xs:documentation></xs:annotation>"


def indent(lines: list[str], width: int) -> list[str]:
    return [" " * width + line if line else line for line in lines]


def documentation(template: str, routes: str) -> list[str]:
    """The WSDL's documentation, the paragraph naming each operation's route re-wrapped."""
    lines: list[str] = []
    for paragraph in template.rstrip("\n").split("\n\n"):
        if "{routes}" in paragraph:
            filled = " ".join(paragraph.split()).replace("{routes}", routes)
            paragraph = textwrap.fill(filled, width=94, break_on_hyphens=False)
        lines += ([""] if lines else []) + escape(paragraph).split("\n")
    return lines


def sequence_element(name: str, elements: list[Element]) -> list[str]:
    inner = indent([line for element in elements for line in element.lines()], 6)
    return [
        f"<xs:element name={quoteattr(name)}>",
        "  <xs:complexType>",
        "    <xs:sequence>",
        *inner,
        "    </xs:sequence>",
        "  </xs:complexType>",
        "</xs:element>",
    ]


def messages(names: list[str]) -> list[str]:
    lines = []
    for name in names:
        for suffix, element in (("Input", "Request"), ("Output", "Response")):
            lines.append(
                f'<wsdl:message name="{name}{suffix}"><wsdl:part name="parameters" '
                f'element="tns:{name}{element}"/></wsdl:message>'
            )
    lines.append(
        '<wsdl:message name="ServiceFaultMessage"><wsdl:part name="detail" '
        'element="tns:ServiceFault"/></wsdl:message>'
    )
    return lines


def port_type(soap: Node, operations: list[tuple[str, str, str, Node]]) -> list[str]:
    lines = [f'<wsdl:portType name="{soap["port_type"]}">']
    for name, method, path, operation in operations:
        settings = soap.get("operations", {}).get(name, {})
        text = settings.get("documentation") or f"{operation['summary']} ({method} {path})."
        lines += [
            f'  <wsdl:operation name="{name}">',
            f"    <wsdl:documentation>{escape(text)}</wsdl:documentation>",
            f'    <wsdl:input message="tns:{name}Input"/>',
            f'    <wsdl:output message="tns:{name}Output"/>',
            '    <wsdl:fault name="ServiceFault" message="tns:ServiceFaultMessage"/>',
            "  </wsdl:operation>",
        ]
    return [*lines, "</wsdl:portType>"]


def binding(prefix: str, name: str, soap: Node, names: list[str]) -> list[str]:
    lines = [
        f'<wsdl:binding name="{name}" type="tns:{soap["port_type"]}">',
        f'  <{prefix}:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>',
    ]
    for operation in names:
        action = f"{soap['namespace']}#{operation}"
        lines += [
            f'  <wsdl:operation name="{operation}">',
            f'    <{prefix}:operation soapAction="{action}" style="document"/>',
            f'    <wsdl:input><{prefix}:body use="literal"/></wsdl:input>',
            f'    <wsdl:output><{prefix}:body use="literal"/></wsdl:output>',
            f'    <wsdl:fault name="ServiceFault"><{prefix}:fault name="ServiceFault" '
            'use="literal"/></wsdl:fault>',
            "  </wsdl:operation>",
        ]
    return [*lines, "</wsdl:binding>"]


def document(soap: Node, operations: list[Operation], schema: list[str]) -> str:
    """The whole WSDL around the schema's lines: documentation, messages, port type, bindings."""
    tns = soap["namespace"]
    routes = ", ".join(
        f"{name}{' is' if i == 0 else ''} {method} {path}"
        for i, (name, method, path, _) in enumerate(operations)
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<!--"]
    out += [*indent(soap["comment"].rstrip("\n").split("\n"), 2), "-->"]
    out += [
        "<wsdl:definitions",
        '    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"',
        '    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"',
        '    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"',
        '    xmlns:xs="http://www.w3.org/2001/XMLSchema"',
        f"    xmlns:tns={quoteattr(tns)}",
        f"    targetNamespace={quoteattr(tns)}",
        f"    name={quoteattr(soap['name'])}>",
        "",
        "  <wsdl:documentation>",
        *indent(documentation(soap["documentation"], routes), 4),
        "  </wsdl:documentation>",
        "",
        "  <wsdl:types>",
        f'    <xs:schema targetNamespace="{tns}" elementFormDefault="qualified"',
        f'               xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{tns}">',
        "",
        *indent(schema, 6),
        "    </xs:schema>",
        "  </wsdl:types>",
        "",
    ]
    names = [name for name, _, _, _ in operations]
    out += [*indent(messages(names), 2), ""]
    out += [*indent(port_type(soap, operations), 2), ""]
    for prefix, entry in soap["bindings"].items():
        out += [*indent(binding(prefix, entry["binding"], soap, names), 2), ""]
    out += [f"  <wsdl:service name={quoteattr(soap['service'])}>"]
    for prefix, entry in soap["bindings"].items():
        out += [
            f'    <wsdl:port name="{entry["port"]}" binding="tns:{entry["binding"]}">',
            f"      <{prefix}:address location={quoteattr(soap['address'])}/>",
            "    </wsdl:port>",
        ]
    out += ["  </wsdl:service>", "</wsdl:definitions>"]
    return "\n".join(line.rstrip() for line in out) + "\n"
