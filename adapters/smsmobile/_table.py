"""The shapes of the derived operation table (`_derived/table.py`, written by spec/derive.py).

`FieldRule` is what spec/openapi.yaml says about one request field; `Argument` is how a facade
keyword (or a CLI flag) reaches wire fields, as spec/overlay.yaml says; `OperationSpec` is one
operation with both. Only plain data (named tuples: the cheapest to define at import);
importing the table parses no YAML, and its rows are JSON text (`operation_specs`), which costs
far less to read than the same rows written as Python calls cost to compile.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal, NamedTuple

__all__ = ["Argument", "CliFlag", "FieldRule", "OperationSpec", "ReplyField", "operation_specs"]


class FieldRule(NamedTuple):
    """One request field as the spec describes it (`location`: query string or form body)."""

    wire: str
    location: Literal["query", "form"]
    required: bool
    type: str  # "string" | "integer" | "boolean"
    enum: tuple[str | int, ...] | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    format: str | None = None
    extensions: tuple[str, ...] | None = None  # x-file-extensions: a link's file types
    description: str = ""
    exclusive_minimum: int | None = None
    exclusive_maximum: int | None = None


class CliFlag(NamedTuple):
    """How a keyword appears on the command line: `--flag` or a positional METAVAR."""

    flag: str
    metavar: str | None = None
    help: str = ""
    action: str | None = None  # "store_true" for a bool
    choices: tuple[str | int, ...] | None = None
    parse: str | None = None  # a parser of `cli._arg_types` by name ("int", "when", ...)


class Argument(NamedTuple):
    """A facade keyword and the wire fields it sets. `plain` ones are a spec field as it is
    (checked by the spec's rules, renamed at most); the others go through the operation's hand
    rule in `_calls` (a conversion, the channel rule)."""

    python: str
    wire: tuple[str, ...]
    plain: bool
    positional: bool
    cli: CliFlag | None


class OperationSpec(NamedTuple):
    """One operation of the spec with what the overlay adds."""

    operation_id: str
    name: str  # the row's name
    method_name: str  # the facade's method
    namespace: str
    soap: str
    rest_method: Literal["GET", "POST"]
    rest_path: str
    retry: str  # "always" | "never" | "not_a_toggle"
    reply: str | None
    command: tuple[str, ...]
    fields: tuple[FieldRule, ...]
    arguments: tuple[Argument, ...]
    summary: str = ""


class ReplyField(NamedTuple):
    """One field of a typed reply (`_derived/replies.py`): its Python name, its wire names (the
    spec's, then its `x-tolerated` spellings), its Python type as written in the dataclass, whether
    the spec requires it, and what an absent value reads as (`x-smsmobile-default`)."""

    python: str
    wires: tuple[str, ...]
    annotation: str
    required: bool
    fallback: object = None


def operation_specs(text: str) -> tuple[OperationSpec, ...]:
    """The derived table's rows from its JSON text (spec/derive.py writes it): JSON arrays
    become the tuples the rows hold."""
    return tuple(
        OperationSpec(
            **_tuples(row),
            fields=tuple(FieldRule(**_tuples(rule)) for rule in row["fields"]),
            arguments=tuple(_argument(argument) for argument in row["arguments"]),
        )
        for row in json.loads(text)
    )


def _argument(argument: dict[str, Any]) -> Argument:
    cli = argument["cli"]
    return Argument(**_tuples(argument), cli=CliFlag(**_tuples(cli)) if cli else None)


def _tuples(row: dict[str, Any]) -> dict[str, Any]:
    """A JSON object's values, lists as tuples; the nested rows are built by the caller."""
    return {
        key: tuple(map(_name, value)) if type(value) is list else _name(value)
        for key, value in row.items()
        if key not in ("fields", "arguments", "cli")
    }


def _name(value: Any) -> Any:
    """A name-like string interned, as the compiler interns the same string written in code: a
    wire name from the table then matches a literal key by identity, not by comparing text."""
    if type(value) is str and value.replace("_", "a").isalnum() and value.isascii():
        return sys.intern(value)
    return value
