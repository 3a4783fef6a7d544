"""Derive the reply types of adapters/smsmobile/_derived/replies.py from the spec's reply schemas.

Two extensions of a schema in spec/openapi.yaml (components/schemas, or a response's inline
schema) make it a type:

- `x-smsmobile-type: Name`   a public typed result (exported by `smsmobile`): a frozen, slotted
                             dataclass, read by `_account_parse.read_typed` from the field table
                             derived with it (`FIELDS`): each field's wire names (its
                             `x-tolerated` spellings after it), its conversion, whether it is
                             required; `additionalProperties: true` keeps the record as `raw`
                             (out of `==`, repr and JSON), less any `x-smsmobile-credential`;
- `x-smsmobile-fields: Name` the spec's exact shape of a hand-written model of `_models`: a
                             reply in it is decoded straight into the model (the field names are
                             the model's); unknown keys refuse it, every property is required
                             unless it has an `x-smsmobile-default` (an object: None), and a
                             refused reply is read by `_parse`'s tolerant reader instead.

`x-smsmobile-order` lists a type's Python field names in order (the schema's order otherwise);
`x-smsmobile-raw: false` keeps no `raw` although the schema allows more fields. Per property,
`x-smsmobile-name` is its Python name (default: the wire name), `x-smsmobile-required: true`
makes the client refuse a reply without it (an ASSUMPTION the schema's `required` does not
say), `x-smsmobile-envelope: true` leaves it to the reader's error check (a refusal's note, not
a field), and `x-smsmobile-convert` the Python type its text becomes (`datetime`, `bool`, `int`,
`decimal`); `x-smsmobile-base: Name` derives the type as a subclass of `_reply_behaviour.Name`
(methods a schema cannot say); a type marked `x-smsmobile-strict: true` refuses a value given
but unreadable (`MalformedReply`) instead of reading it as absent;
otherwise the schema's own type says it (integer, boolean, number, string; a `$ref` to another
typed schema; an array of one). Values are decoded leniently (msgspec's `strict=False`: "1" and
1 and true for a flag, digits or ISO 8601 for a time), which is what the spec's ASSUMPTIONs
about strings-for-numbers say. Every field the schema does not require may be absent (None).
An operation whose 200 reply schema is an `x-smsmobile-type` returns that type, with no `reply:`
or `returns:` in the overlay.
"""

from __future__ import annotations

import keyword
from typing import Any

EXTENSION_TYPE = "x-smsmobile-type"
EXTENSION_FIELDS = "x-smsmobile-fields"
CONVERSIONS = {"datetime": "dt.datetime", "bool": "bool", "int": "int", "decimal": "Decimal"}
#: A reply's status fields: the reader raises on a refusal, so a result never carries them.
ENVELOPE = frozenset({"error", "success"})
PLAIN = {"integer": "int", "boolean": "bool", "number": "float", "string": "str"}


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def type_name(schema: Any) -> str | None:
    """The Python name a schema is derived as, or None."""
    if not isinstance(schema, dict):
        return None
    found = schema.get(EXTENSION_TYPE) or schema.get(EXTENSION_FIELDS)
    return str(found) if found else None


def reply_schema(spec: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The resolved schema of an operation's 200 JSON reply (None when it has none)."""
    reply = operation.get("responses", {}).get("200") or {}
    reply = _resolve(spec, reply)
    schema = reply.get("content", {}).get("application/json", {}).get("schema")
    return _resolve(spec, schema) if schema is not None else None


def _annotation(spec: dict[str, Any], node: Any, found: dict[str, dict[str, Any]]) -> str:
    convert = node.get("x-smsmobile-convert") if isinstance(node, dict) else None
    if convert:
        return CONVERSIONS[convert]
    schema = _resolve(spec, node)
    name = type_name(schema)
    if name:
        _collect(spec, schema, found)
        return name
    if schema.get("type") == "array":
        return f"list[{_annotation(spec, schema.get('items', {}), found)}]"
    for option in schema.get("anyOf") or schema.get("oneOf") or ():
        if option.get("type") not in (None, "null"):
            return _annotation(spec, option, found)
    return PLAIN.get(schema.get("type", "string"), "str")


def _collect(
    spec: dict[str, Any], schema: dict[str, Any], found: dict[str, dict[str, Any]]
) -> None:
    name = type_name(schema)
    if name is None or name in found:
        return
    found[name] = {}  # placeholder: a schema may refer to itself
    required = set(schema.get("required", []))
    tolerated = schema.get("x-tolerated") or {}
    alternates = {other for others in tolerated.values() for other in others}
    fields = []
    for wire, node in (schema.get("properties") or {}).items():
        public = EXTENSION_TYPE in schema
        if public and (
            wire in ENVELOPE
            or wire in alternates
            or _is(node, "x-smsmobile-credential")
            or _is(node, "x-smsmobile-envelope")
        ):
            continue  # checked by the reader, another spelling of a field, or never kept
        python = (node.get("x-smsmobile-name") if isinstance(node, dict) else None) or wire
        if keyword.iskeyword(python):
            python += "_"
        annotation = _annotation(spec, node, found)
        field = {"python": python, "wire": wire, "annotation": annotation, "default": None}
        field["wires"] = (wire, *tolerated.get(wire, ()))
        if public:  # a public result: what the schema does not require may lack
            field["required"] = wire in required or _is(node, "x-smsmobile-required")
            field["fallback"] = node.get("x-smsmobile-default") if isinstance(node, dict) else None
            field["default"] = field["fallback"]
            if annotation.startswith("list["):
                field["annotation"] = f"tuple[{annotation[5:-1]}, ...]"
        elif isinstance(node, dict) and "x-smsmobile-default" in node:
            field["required"], field["default"] = False, node["x-smsmobile-default"]
        else:  # the exact shape: an object may be absent, any other field must be there
            field["required"] = type_name(_resolve(spec, node)) is None
        fields.append(field)
    found[name] = {
        "name": name,
        "public": EXTENSION_TYPE in schema,
        "raw": schema.get("additionalProperties") is True and schema.get("x-smsmobile-raw", True),
        "strict": bool(schema.get("x-smsmobile-strict")),
        "base": schema.get("x-smsmobile-base"),
        "doc": " ".join(str(schema.get("description", "")).split()),
        "fields": _ordered(fields, schema.get("x-smsmobile-order")),
    }


def reply_types(spec: dict[str, Any], operations: list[dict[str, Any]]) -> dict[str, Any]:
    """Every typed schema of components/schemas and of the operations' replies, by name."""
    found: dict[str, dict[str, Any]] = {}
    for schema in spec.get("components", {}).get("schemas", {}).values():
        _collect(spec, schema, found)
    for op in operations:
        if op.get("reply_schema") is not None:
            _collect(spec, op["reply_schema"], found)
    return found


def render(types: dict[str, Any], operations: list[dict[str, Any]], header: str) -> str:
    what = "The reply types read from the spec's reply schemas (`x-smsmobile-type`, `-fields`)."
    public = sorted(n for n, t in types.items() if t["public"])
    out = ["# ruff: noqa: E501 (the spec's descriptions, verbatim)\n" + header.format(what=what)]
    out.append(
        "from __future__ import annotations\n\nimport datetime as dt\n"
        "from collections.abc import Mapping\nfrom dataclasses import dataclass, field\n"
        "from decimal import Decimal\nfrom typing import Any, Final\n\nimport msgspec\n\n"
        "from .._table import ReplyField\n"
    )
    bases = sorted({t["base"] for t in types.values() if t.get("base")})
    if bases:
        out[-1] += "".join(f"from .._reply_behaviour import {b}\n" for b in bases)
    names = ", ".join(f'"{n}"' for n in public)
    out.append("#: The public typed results: `smsmobile` exports each (a star import).")
    out.append(f"__all__: list[str] = [{names}]\n")
    for name, kind in types.items():
        if kind["public"]:
            out += _dataclass(name, kind)
            continue
        renamed = {f["python"]: f["wire"] for f in kind["fields"] if f["python"] != f["wire"]}
        rename = f", rename={renamed!r}" if renamed else ""
        exact = "" if kind["public"] else ", forbid_unknown_fields=True"
        out.append(f"\nclass {name}(msgspec.Struct, frozen=True, kw_only=True{exact}{rename}):")
        doc = kind["doc"] or "A reply object of the spec."
        if not kind["public"]:
            doc = f"The spec's exact shape of this reply object. {doc}".strip()
        out.append(f'    """{doc}"""\n')
        for f in kind["fields"]:
            out.append(f"    {f['python']}: {f['annotation']}{_default(f)}")
        if not kind["fields"]:
            out.append("    pass")
        out.append("")
    out.append("\n#: How `_account_parse.read_typed` reads each public type: its fields in order.")
    out.append("FIELDS: Final[dict[type[Any], tuple[ReplyField, ...]]] = {")
    for name in public:
        out.append(f"    {name}: (")
        for f in types[name]["fields"]:
            items = (f["python"], f["wires"], f["annotation"], f["required"], f["fallback"])
            out.append(f"        ReplyField{items!r},")
        out.append("    ),")
    out.append("}")
    out.append("#: The public types that keep their record as `raw`.")
    kept = "".join(f"{n}, " for n in public if types[n]["raw"])
    out.append(f"KEEPS_RAW: Final[frozenset[type[Any]]] = frozenset(({kept}))")
    out.append(
        "#: The public types that refuse a value given but unreadable (`x-smsmobile-strict`)."
    )
    strict = "".join(f"{n}, " for n in public if types[n]["strict"])
    out.append(f"STRICT: Final[frozenset[type[Any]]] = frozenset(({strict}))")
    out.append("\n#: Every reply type by name (an overlay `reply:` naming one decodes into it).")
    entries = "".join(f"    {n!r}: {n},\n" for n in types)
    out.append(f"REPLY_TYPES: Final[dict[str, type[Any]]] = {{\n{entries}}}")
    return "\n".join(out) + "\n"


def _is(node: Any, extension: str) -> bool:
    return isinstance(node, dict) and bool(node.get(extension))


def records_of(spec: dict[str, Any], schema: Any) -> tuple[str, str] | None:
    """(type, key) when a reply (its `result` object unwrapped) lists typed records in `key`."""
    schema = _resolve(spec, schema)
    inner = _resolve(spec, (schema.get("properties") or {}).get("result", {}))
    for candidate in (schema, inner):
        for key, node in (candidate.get("properties") or {}).items():
            node = _resolve(spec, node)
            if node.get("type") == "array":
                item = type_name(_resolve(spec, node.get("items", {})))
                if item and EXTENSION_TYPE in _resolve(spec, node.get("items", {})):
                    return item, key
    return None


def _default(field: dict[str, Any]) -> str:
    if field["required"]:
        return ""
    value = field["default"]
    if field["annotation"].startswith("tuple["):
        return " = ()"
    if value is None:
        return " | None = None"
    if field["annotation"] == "Decimal":
        return f" = Decimal({str(value)!r})"
    return f" = {value!r}"


def _dataclass(name: str, kind: dict[str, Any]) -> list[str]:
    base = f"({kind['base']})" if kind.get("base") else ""
    out = ["\n@dataclass(frozen=True, slots=True)", f"class {name}{base}:"]
    out.append(f'    """{kind["doc"] or "A typed reply of the spec."}"""\n')
    for f in kind["fields"]:
        default = "" if f["required"] else _default(f)
        out.append(f"    {f['python']}: {f['annotation']}{default}")
    if kind["raw"]:
        out.append(
            "    raw: Mapping[str, Any] = field(\n"
            '        default_factory=dict, repr=False, compare=False, metadata={"json": False}\n'
            "    )"
        )
    return [*out, ""]


def _ordered(fields: list[dict[str, Any]], order: list[str] | None) -> list[dict[str, Any]]:
    """The fields in `x-smsmobile-order` (Python names; the spec's order otherwise), required
    ones first, as a dataclass needs them."""
    if order:
        fields = sorted(fields, key=lambda f: order.index(f["python"]))
    return sorted(fields, key=lambda f: not f["required"])
