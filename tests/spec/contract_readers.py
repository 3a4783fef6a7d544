"""Readers of the two contract files for the parity test: spec/openapi.yaml's operations with
their request fields and reply schemas resolved, and the WSDL's request and response elements
with their XSD types as the JSON Schema keywords they amount to, so the two can be compared."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

__all__ = ["CONSTRAINTS", "CREDENTIAL", "Spec", "SpecOperation", "Wsdl", "json_constraints"]

XS = "http://www.w3.org/2001/XMLSchema"
CREDENTIAL = "apikey"


# -- the spec ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecOperation:
    """One method of one path in spec/openapi.yaml, its request fields resolved."""

    method: str
    path: str
    fields: Mapping[str, Mapping[str, Any]]  # wire name -> JSON Schema (refs resolved)
    required: frozenset[str]
    reply: Mapping[str, Any] | None  # the 200 reply's schema

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


class Spec:
    def __init__(self, path: Path) -> None:
        self.document: dict[str, Any] = yaml.safe_load(path.read_text())

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def schema(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON Schema with its `$ref`s and `allOf`s flattened into one mapping."""
        flat: dict[str, Any] = {}
        resolved = self.resolve(node)
        for part in resolved.get("allOf", []):
            flat.update(self.schema(part))
        flat.update({k: v for k, v in resolved.items() if k != "allOf"})
        return flat

    def operations(self) -> Iterator[SpecOperation]:
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                fields: dict[str, Mapping[str, Any]] = {}
                required: set[str] = set()
                for parameter in operation.get("parameters", []):
                    parameter = self.resolve(parameter)
                    if parameter["in"] != "query" or parameter["name"] == CREDENTIAL:
                        continue
                    fields[parameter["name"]] = self.schema(parameter["schema"])
                    if parameter.get("required"):
                        required.add(parameter["name"])
                body = operation.get("requestBody", {}).get("content", {})
                form = body.get("application/x-www-form-urlencoded")
                if form is not None:
                    form_schema = self.schema(form["schema"])
                    for name, node in form_schema.get("properties", {}).items():
                        if name != CREDENTIAL:
                            fields.setdefault(name, self.schema(node))
                    required.update(form_schema.get("required", []))
                reply = self.resolve(operation["responses"].get("200", {}))
                content = reply.get("content", {}).get("application/json")
                yield SpecOperation(
                    method.upper(),
                    path,
                    fields,
                    frozenset(required),
                    None if content is None else content["schema"],
                )

    def reply_fields(self, node: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        """The fields of a reply, flattened as the WSDL response holds them: a `result` object's
        fields, the items of an array, and every alternative of a oneOf/anyOf but `ErrorBody`
        (an error is a SOAP fault, not a response)."""
        if node.get("$ref", "").endswith("/ErrorBody"):
            return {}
        schema = self.schema(node)
        fields: dict[str, dict[str, Any]] = {}
        for alternative in schema.get("oneOf", []) + schema.get("anyOf", []):
            fields.update(self.reply_fields(alternative))
        if schema.get("type") == "array":
            fields.update(self.reply_fields(schema["items"]))
        for name, property_node in schema.get("properties", {}).items():
            property_schema = self.schema(property_node)
            if name in ("result", "messages") and (
                "properties" in property_schema or property_schema.get("type") == "array"
            ):
                fields.update(self.reply_fields(property_node))
            else:
                fields[name] = property_schema
        return fields


# -- the WSDL ---------------------------------------------------------------------------------


class Wsdl:
    def __init__(self, path: Path) -> None:
        tree = etree.parse(str(path))
        self.schema = tree.find(f".//{{{XS}}}schema")
        assert self.schema is not None, f"{path} has no xs:schema"

    def _named(self, kind: str, name: str) -> Any:
        return self.schema.find(f"{{{XS}}}{kind}[@name='{name}']")

    def _sequence(self, node: Any) -> dict[str, Any]:
        return {
            child.get("name"): child
            for child in node.iterfind(f".//{{{XS}}}sequence/{{{XS}}}element")
        }

    def request(self, soap_operation: str) -> dict[str, Any] | None:
        element = self._named("element", f"{soap_operation}Request")
        return None if element is None else self._sequence(element)

    def response(self, soap_operation: str) -> dict[str, Any]:
        """The response's fields, a repeated complex element's own fields included."""
        element = self._named("element", f"{soap_operation}Response")
        if element is None:
            return {}
        fields: dict[str, Any] = {}
        for name, child in self._sequence(element).items():
            complex_type = self._named("complexType", local(child.get("type", "")))
            if complex_type is not None and child.get("maxOccurs") == "unbounded":
                for inner_name, inner in self._sequence(complex_type).items():
                    fields[inner_name] = inner
            else:
                fields[name] = child
        return fields

    def constraints(self, element: Any) -> dict[str, Any]:
        """An element's type as the JSON Schema keywords it amounts to."""
        type_name = element.get("type")
        simple = element.find(f"{{{XS}}}simpleType")
        if simple is None and type_name is not None and type_name.startswith("tns:"):
            simple = self._named("simpleType", local(type_name))
            if simple is None:
                return {"complex": local(type_name)}
        if simple is None:
            return dict(
                BUILTINS.get(local(type_name or "xs:string"), {"type": "?" + str(type_name)})
            )
        restriction = simple.find(f"{{{XS}}}restriction")
        result = dict(BUILTINS.get(local(restriction.get("base")), {"type": "?"}))
        integer = result.get("type") == "integer"
        enum = [facet.get("value") for facet in restriction.iterfind(f"{{{XS}}}enumeration")]
        if enum:
            result["enum"] = [int(value) for value in enum] if integer else enum
        pattern = restriction.find(f"{{{XS}}}pattern")
        if pattern is not None:
            result["pattern"] = f"^{pattern.get('value')}$"
        for facet, keyword in FACETS.items():
            found = restriction.find(f"{{{XS}}}{facet}")
            if found is not None:
                result[keyword] = int(found.get("value"))
        return result


def local(qualified: str) -> str:
    return qualified.rpartition(":")[2]


BUILTINS: Mapping[str, Mapping[str, Any]] = {
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "long": {"type": "integer"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}
FACETS = {
    "minLength": "minLength",
    "maxLength": "maxLength",
    "minInclusive": "minimum",
    "maxInclusive": "maximum",
}
#: The JSON Schema keywords that constrain a value (descriptions and names do not).
CONSTRAINTS = ("type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "format")


def json_constraints(schema: Mapping[str, Any]) -> dict[str, Any]:
    if "oneOf" in schema or "anyOf" in schema:
        return {"type": "one of several"}
    return {key: schema[key] for key in CONSTRAINTS if key in schema}
