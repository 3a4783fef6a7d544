"""Write spec/smsmobileapi.wsdl from spec/openapi.yaml, so the SOAP contract cannot drift from REST.

From the spec: each SOAP operation's request fields (a POST's form body, then its query parameters
the body lacks; a GET's query parameters), their order, which are required, their XSD types with
the spec's enums, patterns, bounds and lengths, and the reply's fields. From spec/overlay.yaml:
which operations have a SOAP form and their names (`operations: {operationId: {soap: Name}}`).
From spec/wsdl_soap_only.yaml: what only SOAP says (documentation, names, the fault type, the few
deliberate type differences). spec/wsdl_xml.py writes the XML. `make generate` runs this;
`make check-generated` diffs its output with the committed file.

    python spec/wsdl_from_spec.py [--spec S] [--overlay O] [--soap-only W] [--output F]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import wsdl_xml
import yaml
from wsdl_xml import Element, Restriction, annotate, indent, sequence_element

HERE = Path(__file__).resolve().parent
SCHEMAS = "#/components/schemas/"
INT32 = range(-(2**31), 2**31)
# Facets in the order the XSD lists them, with the JSON Schema keyword each comes from.
FACETS = (
    ("minLength", "minLength"),
    ("maxLength", "maxLength"),
    ("minInclusive", "minimum"),
    ("maxInclusive", "maximum"),
    ("minExclusive", "exclusiveMinimum"),
    ("maxExclusive", "exclusiveMaximum"),
)

Node = dict[str, Any]


@dataclass
class Generator:
    spec: Node
    overlay: Node
    soap: Node
    named_simple: dict[str, Restriction] = field(default_factory=dict)  # XSD name -> type
    used_simple: set[str] = field(default_factory=set)
    emitted_complex: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        renames = self.soap.get("type_names", {})
        for name, node in self.spec["components"]["schemas"].items():
            if is_scalar(self.resolve(node)):
                self.named_simple[renames.get(name, name)] = self.restriction(node)

    # -- reading the spec ------------------------------------------------------------------

    def resolve(self, node: Node) -> Node:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def restriction(self, node: Node) -> Restriction:
        """The XSD simple type a scalar JSON Schema amounts to."""
        schema = self.resolve(node)
        if "oneOf" in schema or "anyOf" in schema:  # e.g. a string or an integer: any text
            return Restriction("xs:string")
        kind = schema.get("type")
        facets: list[tuple[str, str]] = []
        if kind == "integer":
            values = [*schema.get("enum", []), *(schema.get(k) for _, k in FACETS[2:])]
            low = {"minimum", "exclusiveMinimum"} & schema.keys()
            high = {"maximum", "exclusiveMaximum"} & schema.keys()
            bounded = "enum" in schema or bool(low and high)
            small = bounded and all(v in INT32 for v in values if v is not None)
            base = "xs:int" if small else "xs:long"
        elif kind == "boolean":
            base = "xs:boolean"
        elif kind == "number":
            base = "xs:double"
        elif kind == "string" and schema.get("format") in ("date", "date-time"):
            base = "xs:date" if schema["format"] == "date" else "xs:dateTime"
        elif kind == "string":
            base = "xs:string"
        else:
            raise SystemExit(f"wsdl_from_spec: no XSD type for the JSON Schema {schema!r}")
        for facet, keyword in FACETS[:2]:
            if keyword in schema:
                facets.append((facet, str(schema[keyword])))
        if "pattern" in schema:
            facets.append(("pattern", xsd_pattern(schema["pattern"])))
        for facet, keyword in FACETS[2:]:
            if keyword in schema:
                facets.append((facet, str(schema[keyword])))
        facets += [("enumeration", json_text(value)) for value in schema.get("enum", [])]
        return Restriction(base, tuple(facets))

    def element(self, name: str, node: Node, owner: str, required: bool) -> Element:
        """The element for one field of `owner` (a request, response or complex type)."""
        forced = self.soap.get("xsd_types", {}).get(f"{owner}.{name}")
        if forced is not None:
            return Element(name, forced, optional=not required)
        target = self.resolve(node)
        if target.get("type") == "array":
            item = self.element(name, target["items"], owner, required=False)
            item.many = True
            return item
        if target.get("type") == "object" or "properties" in target:
            if "$ref" not in node:
                raise SystemExit(f"wsdl_from_spec: {owner}.{name}: give the object a component")
            type_name = node["$ref"].removeprefix(SCHEMAS)  # a reply's nested object: named
            return Element(name, f"tns:{type_name}", optional=not required)
        reference = node.get("$ref", "").removeprefix(SCHEMAS)
        restriction = self.restriction(node)
        if reference:
            type_name = self.soap.get("type_names", {}).get(reference, reference)
        elif restriction.facets:  # inline constraints: a named type with the same ones, if any
            type_name = next((n for n, r in self.named_simple.items() if r == restriction), "")
            if not type_name:
                return Element(name, None, inline=restriction, optional=not required)
        else:
            return Element(name, restriction.base, optional=not required)
        self.used_simple.add(type_name)
        return Element(name, f"tns:{type_name}", optional=not required)

    def request(self, operation: Node, soap_name: str) -> list[Element]:
        """A POST's form fields then the query parameters it lacks; a GET's query parameters."""
        owner = f"{soap_name}Request"
        fields: list[Element] = []
        body = operation.get("requestBody", {}).get("content", {})
        form = body.get("application/x-www-form-urlencoded")
        if form is not None:
            schema = self.resolve(form["schema"])
            required = set(schema.get("required", []))
            for name, node in schema.get("properties", {}).items():
                fields.append(self.element(name, node, owner, name in required))
        for parameter in map(self.resolve, operation.get("parameters", [])):
            if parameter["in"] == "query" and all(f.name != parameter["name"] for f in fields):
                needed = bool(parameter.get("required"))
                fields.append(self.element(parameter["name"], parameter["schema"], owner, needed))
        return fields

    def error_schemas(self, operation: Node) -> list[Node]:
        """The schemas of the operation's 4xx replies: an error is a SOAP fault, not a reply."""
        found = []
        for status, reply in operation["responses"].items():
            if str(status).startswith("4"):
                content = self.resolve(reply).get("content", {}).get("application/json")
                if content is not None:
                    found.append(content["schema"])
        return found

    def response(self, operation: Node, soap_name: str) -> list[Element]:
        """The 200 reply's fields: its success shape (a `result` envelope unwrapped, an array's
        items repeated), with the error body's `error` first and required."""
        owner = f"{soap_name}Response"
        settings = self.soap.get("operations", {}).get(soap_name, {})
        reply = self.resolve(operation["responses"].get("200", {}))
        schema = reply.get("content", {}).get("application/json", {}).get("schema", {})
        errors = self.error_schemas(operation)
        shapes = schema.get("oneOf") or schema.get("anyOf") or [schema]
        success = self.resolve(next((s for s in shapes if s not in errors), {}))
        error_fields = {
            name: node
            for error in errors[:1]
            for name, node in self.resolve(error).get("properties", {}).items()
            if name == "error"
        }
        if success.get("type") == "array":
            items = success["items"].get("$ref", "item").removeprefix(SCHEMAS)
            name = settings.get("reply_items", items[:1].lower() + items[1:])
            properties, required = dict(error_fields), {"error"}
            repeated = [self.element(name, success, owner, required=False)]
        else:
            properties = success.get("properties", {})
            if len(properties) == 1:  # an envelope such as {"result": {...}}
                (only,) = properties.values()
                if "properties" in self.resolve(only):
                    success = self.resolve(only)
                    properties = success["properties"]
            properties = {**error_fields, **properties}
            required, repeated = set(success.get("required", [])) | set(error_fields), []
        elements = [self.element(n, s, owner, n in required) for n, s in properties.items()]
        kept = settings.get("reply_fields")
        return [e for e in elements + repeated if kept is None or e.name in kept]

    # -- writing the WSDL ------------------------------------------------------------------

    def complex_types(self, elements: list[Element]) -> list[str]:
        """Named complex types the elements use, each after the ones it uses, each once."""
        lines: list[str] = []
        for element in elements:
            name = (element.type or "").removeprefix("tns:")
            schema = self.spec["components"]["schemas"].get(name)
            if schema is None or name in self.emitted_complex or is_scalar(self.resolve(schema)):
                continue
            self.emitted_complex.add(name)
            required = set(schema.get("required", []))
            inner = [
                self.element(n, s, name, n in required) for n, s in schema["properties"].items()
            ]
            lines += self.complex_types(inner)
            lines += [f"<xs:complexType name={quoteattr(name)}>", "  <xs:sequence>"]
            lines += indent([line for e in inner for line in e.lines()], 4)
            lines += ["  </xs:sequence>", "</xs:complexType>"]
        return lines

    def operations(self) -> list[tuple[str, str, str, Node]]:
        """(SOAP name, method, path, operation) for each operation the overlay names for SOAP."""
        names = {
            op: entry["soap"] for op, entry in self.overlay["operations"].items() if "soap" in entry
        }
        found = []
        for path, item in self.spec["paths"].items():
            for method, operation in item.items():
                soap_name = names.pop(operation.get("operationId"), None)
                if soap_name is not None:
                    found.append((soap_name, method.upper(), path, operation))
        if names:
            raise SystemExit(
                f"wsdl_from_spec: the overlay names operations the spec lacks: {names}"
            )
        return found

    def wsdl(self) -> str:
        soap = self.soap
        operations = self.operations()
        body: list[str] = []
        for soap_name, _, _, operation in operations:
            settings = soap.get("operations", {}).get(soap_name, {})
            request = self.request(operation, soap_name)
            response = self.response(operation, soap_name)
            for elements, suffix in ((request, "Request"), (response, "Response")):
                docs = {"apikey": soap["apikey_doc"]} if suffix == "Request" else {}
                docs.update(settings.get(suffix.lower(), {}))
                for element in elements:
                    element.doc = docs.get(element.name, element.doc)
            note = f": {settings['comment']}" if "comment" in settings else ""
            body += ["", f"<!-- {soap_name}{note} -->"]
            body += sequence_element(f"{soap_name}Request", request)
            body += self.complex_types(response)
            body += sequence_element(f"{soap_name}Response", response)
        simple: list[str] = []
        for name, restriction in self.named_simple.items():
            if name in self.used_simple:
                simple.append(f"<xs:simpleType name={quoteattr(name)}>")
                if name in soap.get("type_docs", {}):
                    simple.append(f"  {annotate(soap['type_docs'][name])}")
                simple += [*indent(restriction.lines(), 2), "</xs:simpleType>"]
        schema = ["<!-- Shared simple types (the OpenAPI spec's components, one to one). -->"]
        schema += simple + body + ["", "<!-- The detail of every SOAP fault. -->"]
        schema += soap["fault"].rstrip("\n").split("\n")
        return wsdl_xml.document(soap, operations, schema)


# -- small pieces -------------------------------------------------------------------------------


def is_scalar(schema: Node) -> bool:
    return schema.get("type") not in ("object", "array") and "properties" not in schema


def xsd_pattern(pattern: str) -> str:
    """An XSD pattern is anchored at both ends; a JSON Schema one only where it says so."""
    start = pattern[1:] if pattern.startswith("^") else ".*" + pattern
    return start[:-1] if start.endswith("$") and not start.endswith("\\$") else start + ".*"


def json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate(spec: Path, overlay: Path, soap_only: Path) -> str:
    """The WSDL text for these three files."""
    return Generator(load(spec), load(overlay), load(soap_only)).wsdl()


def load(path: Path) -> Node:
    loaded: Node = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=HERE / "openapi.yaml")
    parser.add_argument("--overlay", type=Path, default=HERE / "overlay.yaml")
    parser.add_argument("--soap-only", type=Path, default=HERE / "wsdl_soap_only.yaml")
    parser.add_argument("--output", type=Path, default=HERE / "smsmobileapi.wsdl")
    args = parser.parse_args(argv)
    text = generate(args.spec, args.overlay, args.soap_only)
    # Write through the path: the packaged copies are symlinks to spec/smsmobileapi.wsdl.
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
