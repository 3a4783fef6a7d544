"""Every reply spelling the client tolerates beyond the spec is written in the spec.

`_parse` and `_account_parse` read a field under other names with `_get(body, "name", ...)`;
each such other name must be listed in spec/openapi.yaml as an ASSUMPTION, in the `x-tolerated`
mapping of a reply schema (`{name: [other, ...]}`). A new tolerance without its line in the spec
fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PARSERS = [ROOT / "adapters" / "smsmobile" / name for name in ("_parse.py", "_account_parse.py")]
SPEC = ROOT / "spec" / "openapi.yaml"


def tolerated_by_the_parser() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    nodes = [n for path in PARSERS for n in ast.walk(ast.parse(path.read_text()))]
    for node in nodes:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_get":
            names = [a.value for a in node.args[1:] if isinstance(a, ast.Constant)]
            if len(names) > 1:
                found.setdefault(str(names[0]), set()).update(str(n) for n in names[1:])
    return found


def tolerated_by_the_spec() -> dict[str, set[str]]:
    schemas = yaml.safe_load(SPEC.read_text())["components"]["schemas"]
    found: dict[str, set[str]] = {}
    for schema in schemas.values():
        for name, others in (schema.get("x-tolerated") or {}).items():
            found.setdefault(name, set()).update(others)
    return found


def test_every_tolerated_spelling_is_an_assumption_of_the_spec() -> None:
    parser, spec = tolerated_by_the_parser(), tolerated_by_the_spec()
    assert parser, "no tolerated spelling found: the parser's shape changed, update this test"
    missing = {
        name: sorted(others - spec.get(name, set()))
        for name, others in parser.items()
        if others - spec.get(name, set())
    }
    assert missing == {}, f"tolerated by _parse, not written in the spec's x-tolerated: {missing}"
