"""A command's flags and arguments, built from the derived operation table.

Each facade keyword of an operation (spec/overlay.yaml's `arguments`, and every other field of
spec/openapi.yaml) is a flag: the overlay's spelling and help where it gives one, else `--name`
with the spec's enum as choices and its description as help. `keywords` reads them back as the
facade method's keyword arguments, so a parameter added to the spec is a flag after
`make generate` with no edit to the CLI.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from .._derived.table import OPERATION_SPECS
from .._table import Argument, FieldRule, OperationSpec
from . import _arg_types as arg_types

__all__ = [
    "add_operation_arguments",
    "add_operation_commands",
    "keywords",
    "method_name",
    "namespace_of",
    "option_names",
    "service_fields",
]

_SPECS = {spec.name: spec for spec in OPERATION_SPECS}
_PARSERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "non_negative_int": arg_types.non_negative_int,
    "positive_int": arg_types.positive_int,
}


class WhenError(ValueError):
    """A `--schedule-at`-like value that is neither unix seconds nor an ISO 8601 time."""


def parse_when(text: str) -> dt.datetime | int:
    """Unix seconds, or an ISO 8601 time (UTC when it names no offset)."""
    if text.strip().isdigit():
        return int(text)
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise WhenError(f"{text!r} is neither unix seconds nor an ISO 8601 time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _rule(spec: OperationSpec, argument: Argument) -> FieldRule:
    return next(rule for rule in spec.fields if rule.wire == argument.wire[0])


def add_operation_arguments(
    parser: argparse.ArgumentParser, operation: str, *, skip: tuple[str, ...] = ()
) -> None:
    """The flags (and positional arguments) of `operation`'s facade keywords."""
    spec = _SPECS[operation]
    for argument in spec.arguments:
        if argument.cli is None or argument.python in skip:
            continue
        cli = argument.cli
        rule = _rule(spec, argument)
        options: dict[str, Any] = {"help": cli.help or rule.description or None}
        choices = cli.choices
        if choices is None and argument.plain and rule.enum is not None:
            choices = rule.enum
        if cli.action is not None:
            options["action"] = cli.action
        else:
            kind = _PARSERS.get(cli.parse or "")
            if kind is None and choices is not None and all(isinstance(c, int) for c in choices):
                kind = int
            if kind is not None:
                options["type"] = kind
            if choices is not None:
                options["choices"] = choices
            if cli.metavar is not None:
                options["metavar"] = cli.metavar
        if not cli.flag.startswith("-"):
            parser.add_argument(argument.python, metavar=cli.flag, **options)
            continue
        if argument.positional or rule.required:
            options["required"] = True
        parser.add_argument(cli.flag, dest=argument.python, **options)


def keywords(
    args: argparse.Namespace, operation: str, *, skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The parsed flags of `operation` as its facade method's keyword arguments (`when` values
    parsed; a `WhenError` names the flag)."""
    spec = _SPECS[operation]
    result: dict[str, Any] = {}
    for argument in spec.arguments:
        if argument.cli is None or argument.python in skip:
            continue
        value = getattr(args, argument.python, None)
        if value is not None and argument.cli.parse == "when":
            try:
                value = parse_when(value)
            except WhenError as error:
                raise WhenError(f"{argument.cli.flag}: {error}") from None
        result[argument.python] = value
    return result


def option_names() -> dict[str, str]:
    """Facade keyword -> its flag, for every operation (how an error names what to fix)."""
    return {
        argument.python: argument.cli.flag
        for spec in OPERATION_SPECS
        for argument in spec.arguments
        if argument.cli is not None and argument.cli.flag.startswith("-")
    }


def service_fields(operation: str) -> str:
    """ "service fields: --to -> recipients, ...": which flag sets which wire field."""
    spec = _SPECS[operation]
    pairs = [
        f"{argument.cli.flag} -> {' and '.join(argument.wire)}"
        for argument in spec.arguments
        if argument.cli is not None and argument.cli.flag.startswith("-")
    ]
    return "service fields: " + (", ".join(pairs) or "none") + "."


def method_name(operation: str) -> str:
    """The facade method of `operation`."""
    return _SPECS[operation].method_name


def namespace_of(operation: str) -> str:
    """The `SmsMobile` namespace `operation`'s method is in (`sms`, `calls`, ...)."""
    return _SPECS[operation].namespace


#: `command(name, summary, description, within=...)` of `_parser.build_parser`.
CommandFactory = Callable[..., argparse.ArgumentParser]


def add_operation_commands(
    commands: Any, command: CommandFactory, *, only: str | None = None
) -> None:
    """A command for every operation of the table that has no hand-written one: its words
    (spec/overlay.yaml's `cli`), its flags, its summary from the spec. A word shared by several
    operations is a group (`smsmobile calls missed`). With `only`, the ones under that word."""
    groups: dict[tuple[str, ...], Any] = {(): commands}  # words -> their subparsers
    for spec in OPERATION_SPECS:
        words = spec.command
        if only is not None and words[0] != only:
            continue
        if words[0] in commands.choices and () in groups and len(words) == 1:
            continue  # a hand-written command (send, inbox, ...)
        for depth in range(1, len(words)):
            prefix = words[:depth]
            if prefix in groups:
                continue
            within = groups[prefix[:-1]]
            if prefix[-1] in within.choices:
                group = within.choices[prefix[-1]]
            else:
                group = command(
                    prefix[-1], f"{prefix[-1]} commands", f"{prefix[-1]} commands.", within=within
                )
            groups[prefix] = group.add_subparsers(
                dest="_".join(prefix) + "_command", metavar="COMMAND", required=True
            )
        within = groups[words[:-1]]
        if words[-1] in within.choices:
            continue
        summary = spec.summary[:1].lower() + spec.summary[1:]
        sub = command(words[-1], summary, spec.summary + ".\n\n" + service_fields(spec.name),
                      within=within)  # fmt: skip
        add_operation_arguments(sub, spec.name)
        sub.set_defaults(handler="operation", operation=spec.name)
