"""Derive the SDK's spec-driven modules from spec/openapi.yaml and spec/overlay.yaml.

`make generate` runs this after openapi-python-client; `make check-generated` runs it into a
temporary directory and diffs, so a hand edit of a derived file fails CI. It writes
adapters/smsmobile/_derived/:

- table.py        every overlay operation: method, path, each field's rules and location (from
                  the spec), its facade arguments and CLI flags (from the overlay);
- facade_sync.py  `WhatsAppOperations`: the typed methods `WhatsApp` inherits (explicit keyword
                  arguments, docstrings from the spec's descriptions);
- facade_async.py `AsyncWhatsAppOperations`: the same, awaited.

A spec field the overlay does not mention becomes a keyword of its own name, typed from its
schema (an enum is a Literal), checked by the spec's rules (`_checker`), sent as it is.

    python spec/derive.py [--output DIR]
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from derive_facades import render_facade
from derive_replies import EXTENSION_TYPE, records_of, reply_schema, reply_types
from derive_replies import render as render_replies

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "openapi.yaml"
OVERLAY = ROOT / "spec" / "overlay.yaml"
OUTPUT = ROOT / "adapters" / "smsmobile" / "_derived"
HEADER = (
    '"""{what}\n\nDerived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do '
    'not edit; run\n`make generate`.\n"""\n'
)
CREDENTIAL = "apikey"
#: Names an argument's type or a `returns:` may use that no module of ours defines.
RULE_KEYS = {
    "pattern": "pattern",
    "minLength": "min_length",
    "maxLength": "max_length",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "format": "format",
    "x-file-extensions": "extensions",
}


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """A schema or parameter with its `$ref` followed (the referring node's description wins)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **extra}
    return node


def find_operation(spec: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return path, method.upper(), operation
    raise SystemExit(f"spec/overlay.yaml: no operation {operation_id!r} in spec/openapi.yaml")


def field_rule(
    spec: dict[str, Any], name: str, location: str, required: bool, schema: Any, description: str
) -> dict[str, Any]:
    schema = resolve(spec, schema)
    rule: dict[str, Any] = {
        "wire": name,
        "location": location,
        "required": required,
        "type": schema.get("type", "string"),
    }
    if "enum" in schema:
        rule["enum"] = tuple(schema["enum"])
    for key, attribute in RULE_KEYS.items():
        if key in schema:
            value = schema[key]
            rule[attribute] = tuple(value) if isinstance(value, list) else value
    text = description or schema.get("description", "")
    rule["description"] = " ".join(str(text).split())
    return rule


def fields_of(spec: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """Parameters first (they travel in the query string), then the form body's properties."""
    fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    for parameter in operation.get("parameters", []):
        parameter = resolve(spec, parameter)
        name = parameter["name"]
        if name == CREDENTIAL or parameter.get("in") != "query":
            continue
        seen.add(name)
        fields.append(
            field_rule(
                spec,
                name,
                "query",
                bool(parameter.get("required")),
                parameter.get("schema", {}),
                parameter.get("description", ""),
            )
        )
    content = operation.get("requestBody", {}).get("content", {})
    form = content.get("application/x-www-form-urlencoded")
    if form:
        schema = resolve(spec, form["schema"])
        required = set(schema.get("required", []))
        for name, property_schema in schema.get("properties", {}).items():
            if name == CREDENTIAL or name in seen:
                continue
            fields.append(field_rule(spec, name, "form", name in required, property_schema, ""))
    return fields


def python_type(rule: dict[str, Any]) -> str:
    if "enum" in rule:
        values = [v for v in rule["enum"]]
        return "Literal[" + ", ".join(repr(v).replace("'", '"') for v in values) + "]"
    return {"integer": "int", "boolean": "bool"}.get(rule["type"], "str")


def python_name(wire: str, names: dict[str, str]) -> str:
    name = names.get(wire) or re.sub(r"(?<!^)(?=[A-Z])", "_", wire).lower()
    return name + "_" if keyword.iskeyword(name) else name


def derive(spec: dict[str, Any], overlay: dict[str, Any]) -> list[dict[str, Any]]:
    """Every overlay operation with its spec fields and its facade arguments."""
    operations = []
    entries = overlay["operations"]
    for operation_id, extra in entries.items():
        spec_id = extra.get("operation", operation_id)  # a variant of another operation
        path, method, operation = find_operation(spec, spec_id)
        soap = extra.get("soap") or entries.get(spec_id, {}).get("soap")
        fields = fields_of(spec, operation)
        by_wire = {f["wire"]: f for f in fields}
        arguments: list[dict[str, Any]] = []
        covered: set[str] = set()
        for name, declared in (extra.get("arguments") or {}).items():
            if declared.get("internal"):  # set by the hand rule alone, never a keyword
                covered.update(declared["wire"])
                continue
            for wire in declared["wire"]:
                if wire not in by_wire:
                    raise SystemExit(f"{operation_id}: argument {name} sets {wire!r}, not a field")
            covered.update(declared["wire"])
            rules = [by_wire[w] for w in declared["wire"]]
            arguments.append(
                {
                    "python": name,
                    "wire": tuple(declared["wire"]),
                    "plain": False,
                    "positional": bool(declared.get("positional")),
                    "type": declared["type"],
                    "default": declared.get("default"),
                    "doc": declared.get("doc") or rules[0]["description"],
                    "cli": declared.get("cli"),
                    "required": any(r["required"] for r in rules),
                }
            )
        hidden = extra.get("hidden") or {}
        if hidden == "others":  # only the declared arguments
            hidden = {rule["wire"] for rule in fields}
        hidden = set(hidden)
        names = extra.get("names") or {}
        flags = extra.get("flags") or {}
        for rule in fields:
            if rule["wire"] in covered or rule["wire"] in hidden:
                continue
            name = python_name(rule["wire"], names)
            required = rule["required"]
            kind = python_type(rule)
            arguments.append(
                {
                    "python": name,
                    "wire": (rule["wire"],),
                    "plain": True,
                    "positional": required,
                    "type": kind if required else f"{kind} | None",
                    "default": None if required else "None",
                    "doc": rule["description"],
                    "cli": flags.get(name) or {"flag": "--" + name.replace("_", "-")},
                    "required": required,
                }
            )
        schema = reply_schema(spec, operation)
        derived = returns = None
        if "reply" not in extra and schema is not None:  # the spec's typed reply, if any
            records = records_of(spec, schema)
            if EXTENSION_TYPE in schema:
                derived = returns = schema[EXTENSION_TYPE]
            elif records is not None:
                derived, returns = f"{records[0]} in {records[1]}", f"list[{records[0]}]"
        operations.append(
            {
                "operation_id": spec_id,
                "name": extra.get("row", extra["python"]),
                "method_name": extra["python"],
                "namespace": extra["namespace"],
                "soap": soap,
                "rest_method": method,
                "rest_path": path,
                "retry": extra.get("retry", "always" if method == "GET" else "never"),
                "reply": extra.get("reply", derived),
                "returns": extra.get("returns", returns),
                "reply_schema": schema,
                "pages": extra.get("pages"),
                "command": tuple(extra.get("cli") or [extra["python"].replace("_", "-")]),
                "fields": fields,
                "arguments": arguments,
                "summary": operation.get("summary", ""),
                "doc": extra.get("doc") or operation.get("summary", ""),
            }
        )
    return operations


# -- writing ---------------------------------------------------------------------------------


def literal(value: Any) -> str:
    return repr(value)


def render_table(operations: list[dict[str, Any]]) -> str:
    """The table as JSON text in a Python module: `import smsmobile` reads it with `json.loads`
    instead of compiling the same rows written as calls (about a tenth of the import's time
    where bytecode is not cached). One operation's keys on a line, then one line per field and
    per argument, so a spec change reads as the lines it changed."""
    what = "The operation table: every request field's rules, every facade argument."
    out = ["# ruff: noqa: E501 (the spec's descriptions, verbatim)\n" + HEADER.format(what=what)]
    out.append("from __future__ import annotations\n\nfrom typing import Final\n")
    out.append("from .._table import OperationSpec, operation_specs\n")
    out.append('__all__ = ["OPERATION_SPECS"]\n')
    out.append('OPERATION_SPECS: Final[tuple[OperationSpec, ...]] = operation_specs(r"""[')
    rows = []
    for op in operations:
        keys = ("operation_id", "name", "method_name", "namespace", "soap", "rest_method",
                "rest_path", "retry", "reply", "command", "summary")  # fmt: skip
        head = json.dumps({key: op[key] for key in keys})[:-1]
        fields = ",\n".join("  " + json.dumps(rule) for rule in op["fields"])
        arguments = ",\n".join(
            "  "
            + json.dumps({key: a[key] for key in ("python", "wire", "plain", "positional", "cli")})
            for a in op["arguments"]
        )
        rows.append(f'{head},\n "fields": [\n{fields}],\n "arguments": [\n{arguments}]}}')
    text = ",\n".join(rows)
    assert '"""' not in text  # JSON escapes every quote: the raw string cannot end early
    out.append(text + ']""")\n')
    return "\n".join(out)


def render_package(types: dict[str, Any]) -> str:
    """`_derived/__init__.py`: the names of the public typed results, which `smsmobile` exports
    without importing `replies` (its types are built on first use)."""
    public = sorted(name for name, kind in types.items() if kind["public"])
    names = "".join(f'    "{name}",\n' for name in public)
    return (
        HEADER.format(what="Modules derived from the spec and the overlay.")
        + "\n#: `replies.__all__`: the public typed results, named without building them.\n"
        + f"REPLIES: tuple[str, ...] = (\n{names})\n"
    )


def write(output: Path) -> list[Path]:
    spec = yaml.safe_load(SPEC.read_text())
    overlay = yaml.safe_load(OVERLAY.read_text())
    operations = derive(spec, overlay)
    output.mkdir(parents=True, exist_ok=True)
    files = {
        "__init__.py": render_package(reply_types(spec, operations)),
        "table.py": render_table(operations),
        "facade_sync.py": render_facade(operations, HEADER, asynchronous=False),
        "facade_async.py": render_facade(operations, HEADER, asynchronous=True),
        "namespaces_sync.py": render_facade(operations, HEADER, asynchronous=False, whatsapp=False),
        "namespaces_async.py": render_facade(operations, HEADER, asynchronous=True, whatsapp=False),
        "replies.py": render_replies(reply_types(spec, operations), operations, HEADER),
    }
    written = []
    for name, text in files.items():
        path = output / name
        path.write_text(text)
        written.append(path)
    ruff = Path(sys.executable).parent / "ruff"
    command = str(ruff) if ruff.exists() else "ruff"
    paths = [str(p) for p in written]
    # the project's settings, spelled out: a copy of spec/ alone must write the same bytes
    config = ["--isolated", "--no-cache", "--quiet", "--line-length", "100",
              "--target-version", "py311"]  # fmt: skip
    # unused imports (a return type no operation has) go; then the project's format
    fixes = ["--select", "F401,I,UP"]
    subprocess.run([command, "check", "--fix-only", *fixes, *config, *paths], check=True)  # noqa: S603
    subprocess.run([command, "format", *config, *paths], check=True)  # noqa: S603
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    for path in write(args.output):
        print(f"derived {path}")


if __name__ == "__main__":
    main()
