"""What the parity test compares: spec/openapi.yaml against the operation table, the WSDL, the
wire mapping's `ARGUMENTS`, `WhatsApp`'s signatures and the CLI's parsers.

Each check returns the list of what is missing or disagrees, one sentence each naming the
operation and the field, so a failing test says what to wire. The checks take the spec and the
WSDL as paths (the mutation tests hand them edited copies) and read the Python side from the
imported package (the README's worked-example test runs them in a copy of the repository).
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from contract_readers import CONSTRAINTS, CREDENTIAL, Spec, Wsdl, json_constraints

from smsmobile import WhatsApp
from smsmobile._account import Calls, Devices, Email, Notifications, Sms
from smsmobile._operations import OPERATIONS, Operation
from smsmobile._wire import ARGUMENTS, ENTRY_POINTS
from smsmobile.cli._parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
#: Where each namespace's methods are (spec/overlay.yaml's `namespace`).
NAMESPACES: dict[str, type] = {
    "whatsapp": WhatsApp,
    "sms": Sms,
    "devices": Devices,
    "calls": Calls,
    "notifications": Notifications,
    "email": Email,
}
OPENAPI = ROOT / "spec" / "openapi.yaml"
WSDL = ROOT / "spec" / "smsmobileapi.wsdl"

# The one list of deliberate omissions. Each entry is (where, operation, field) with the reason.
# `where` is one of: "row" (spec operation without a row), "argument" (a wire field no facade
# keyword / CLI flag reaches), "reply" (a reply field of the spec the WSDL response lacks),
# "type" (an XSD type that may differ from the JSON Schema type).
ALLOWED_OMISSIONS: frozenset[tuple[str, str, str]] = frozenset(
    {
        # The query-string forms of send and resend put the key and the text in URLs and logs;
        # the spec keeps them for completeness, the client uses the POST form (same fields, which
        # `check_get_twins` proves).
        ("row", "GET /sendsms/", "*"),
        ("row", "GET /resendwa/", "*"),
        # The token endpoint is the credential's business (`OAuth2ClientCredentials`), not an
        # operation of the account.
        ("row", "POST /oauth2/token", "*"),
        # The service lists `shorturl` (0/1) without saying what it does: the WSDL, the gateway
        # and the sandbox carry it for SOAP callers; `WhatsApp.send` and the CLI offer no keyword
        # until its meaning is published.
        ("argument", "send", "shorturl"),
        # `sms.send` is the send endpoint on the SMS channel: the channel flags are its hand rule's
        # (`sendsms=1`), the media fields WhatsApp's (spec/overlay.yaml: `hidden: others`).
        ("argument", "sms_send", "*"),
        # The resend reply's shape is not published (spec: ASSUMPTION, the send reply's
        # envelope); the WSDL response keeps what a resend is known to answer.
        ("reply", "resend", "sent"),
        ("reply", "resend", "datetime"),
        ("reply", "resend", "send_with_whatsapp"),
        # The service sends unix times as JSON strings; the WSDL types them xs:long so SOAP
        # callers get a number. Both transports turn them into the same int.
        ("type", "synchronize", "expire_at_unix"),
        ("type", "fetch_messages", "timestamp"),
        # `error` is a string or an integer in JSON (the service uses both); SOAP carries it as
        # text, which both transports read the same way.
        ("type", "*", "error"),
        # XSD has no e-mail format: the WSDL types the addresses xs:string.
        ("type", "email_send", "sender_email"),
        ("type", "email_send", "recipient_email"),
    }
)


def allowed(where: str, operation: str, field: str) -> bool:
    return any(
        (where, op, name) in ALLOWED_OMISSIONS for op in (operation, "*") for name in (field, "*")
    )


# -- the checks ---------------------------------------------------------------------------------


def rows_by_route() -> dict[str, Operation[Any]]:
    """The row of each REST route (a variant such as `sms_send` shares its operation's)."""
    rows: dict[str, Operation[Any]] = {}
    for row in OPERATIONS:
        rows.setdefault(f"{row.rest_method} {row.rest_path}", row)
    return rows


def check_rows(spec: Spec) -> list[str]:
    """Every spec operation has a row (or an allowed omission), and every row's fields are
    exactly the spec's, required ones required."""
    problems: list[str] = []
    rows = rows_by_route()
    seen: set[str] = set()
    for spec_op in spec.operations():
        row = rows.get(spec_op.label)
        if row is None:
            if not allowed("row", spec_op.label, "*"):
                problems.append(f"{spec_op.label}: no row in _operations.OPERATIONS")
            continue
        seen.add(spec_op.label)
        for name in spec_op.fields.keys() - set(row.fields):
            problems.append(f"{row.name}: field {name!r} of the spec is not in the row's fields")
        for name in set(row.fields) - spec_op.fields.keys():
            problems.append(f"{row.name}: row field {name!r} is not in the spec")
        if set(row.required) != spec_op.required:
            problems.append(
                f"{row.name}: row requires {sorted(row.required)}, "
                f"the spec {sorted(spec_op.required)}"
            )
    for label in rows.keys() - seen:
        problems.append(f"{rows[label].name}: the row's {label} is not in the spec")
    return problems


def check_get_twins(spec: Spec) -> list[str]:
    """An allowed GET twin of a POST operation takes the same fields."""
    by_label = {op.label: op for op in spec.operations()}
    problems: list[str] = []
    for label, op in by_label.items():
        twin = by_label.get(f"POST {op.path}")
        if op.method == "GET" and twin is not None and allowed("row", label, "*"):
            for name in op.fields.keys() ^ twin.fields.keys():
                problems.append(f"{label}: field {name!r} is not in both GET and POST")
    return problems


def check_wsdl(spec: Spec, wsdl: Wsdl) -> list[str]:
    """The WSDL's request element holds every field with the same constraints; its response
    holds every reply field of the spec."""
    problems: list[str] = []
    rows = rows_by_route()
    for spec_op in spec.operations():
        row = rows.get(spec_op.label)
        if row is None:
            continue
        request = wsdl.request(row.soap_operation)
        if request is None:
            problems.append(f"{row.name}: the WSDL has no {row.soap_operation}Request element")
            continue
        for name, schema in spec_op.fields.items():
            element = request.get(name)
            if element is None:
                problems.append(f"{row.name}: {row.soap_operation}Request has no element {name!r}")
                continue
            if not allowed("type", row.name, name):
                problems += compare(
                    row.name, name, json_constraints(schema), wsdl.constraints(element)
                )
            optional = element.get("minOccurs") == "0"
            if optional == (name in spec_op.required):
                problems.append(
                    f"{row.name}: {name!r} is {'optional' if optional else 'required'} in the "
                    "WSDL, not in the spec"
                )
        for name in request.keys() - spec_op.fields.keys() - {CREDENTIAL}:
            problems.append(
                f"{row.name}: {row.soap_operation}Request element {name!r} is not in the spec"
            )
        if spec_op.reply is None:
            continue
        response = wsdl.response(row.soap_operation)
        for name, schema in spec.reply_fields(spec_op.reply).items():
            if schema.get("type") == "array" and name not in response:
                continue  # the reader flattens a repeated element to its item's fields
            if name not in response:
                if not allowed("reply", row.name, name):
                    problems.append(
                        f"{row.name}: reply field {name!r} is not in {row.soap_operation}Response"
                    )
                continue
            constraints = wsdl.constraints(response[name])
            if "complex" in constraints or allowed("type", row.name, name):
                continue
            problems += compare(row.name, f"reply {name}", json_constraints(schema), constraints)
    return problems


def compare(
    operation: str, field: str, spec: Mapping[str, Any], xsd: Mapping[str, Any]
) -> list[str]:
    return [
        f"{operation}: {field!r} {key} differs: spec {spec.get(key)!r}, WSDL {xsd.get(key)!r}"
        for key in CONSTRAINTS
        if spec.get(key) != xsd.get(key)
    ]


def cli_subparser(path: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        subparsers = next(
            action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        )
        parser = subparsers.choices[name]
    return parser


def cli_names(parser: argparse.ArgumentParser) -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        names.update(action.option_strings)
        if not action.option_strings and isinstance(action.metavar, str):
            names.add(action.metavar)
    return names


def check_arguments() -> list[str]:
    """Every wire field of every row is set by a `WhatsApp` keyword that is in the method's
    signature and by a CLI flag that is in the subcommand's parser."""
    problems: list[str] = []
    for row in OPERATIONS:
        entry = ENTRY_POINTS.get(row.name)
        arguments = ARGUMENTS.get(row.name)
        if entry is None or arguments is None:
            problems.append(f"{row.name}: no entry in _wire.ENTRY_POINTS and _wire.ARGUMENTS")
            continue
        owner = NAMESPACES[row.spec.namespace] if row.spec else WhatsApp
        method = getattr(owner, entry.method, None)
        if method is None:
            problems.append(f"{row.name}: {owner.__name__} has no method {entry.method!r}")
            continue
        keywords = inspect.signature(method).parameters
        flags = cli_names(cli_subparser(entry.command))
        reached = {wire for argument in arguments for wire in argument.wire}
        for name in row.fields:
            if name not in reached and not allowed("argument", row.name, name):
                problems.append(
                    f"{row.name}: wire field {name!r} has no entry in _wire.ARGUMENTS "
                    f"(a WhatsApp.{entry.method} keyword and a CLI flag)"
                )
        for argument in arguments:
            for name in set(argument.wire) - set(row.fields):
                problems.append(f"{row.name}: ARGUMENTS sets {name!r}, not a field of the row")
            if argument.keyword not in keywords:
                problems.append(
                    f"{row.name}: {owner.__name__}.{entry.method} has no keyword "
                    f"{argument.keyword!r}"
                )
            if argument.cli_flag is not None and argument.cli_flag not in flags:
                problems.append(
                    f"{row.name}: `smsmobile {' '.join(entry.command)}` has no flag "
                    f"{argument.cli_flag!r}"
                )
    return problems


def all_static_problems(spec_path: Path = OPENAPI, wsdl_path: Path = WSDL) -> list[str]:
    spec = Spec(spec_path)
    wsdl = Wsdl(wsdl_path)
    return check_rows(spec) + check_get_twins(spec) + check_wsdl(spec, wsdl) + check_arguments()


# -- samples for the sandbox ---------------------------------------------------------------------

_SAMPLES_BY_PATTERN = {
    r"^\+?[0-9]{6,15}$": "32470123456",
    r"^https://.+$": "https://example.com/invoice.pdf",
    r"^[!-~]+$": "f" * 40,
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "ada@example.org",
    r"^[A-Za-z0-9+/\r\n]+={0,2}\s*$": "aGVsbG8=",
}


def valid_sample(name: str, schema: Mapping[str, Any]) -> str | None:
    """A value the schema allows, as the wire text; None when none is known (named by the test)."""
    if "enum" in schema:
        return str(schema["enum"][0])
    if "pattern" in schema:
        return _SAMPLES_BY_PATTERN.get(schema["pattern"])
    if schema.get("format") == "date":
        return "2025-03-11"
    if schema.get("type") == "integer":
        return str(min(max(schema.get("minimum", 0), 1_700_000_000), schema.get("maximum", 2**62)))
    if schema.get("type") == "string":
        return "sample-" + name[: max(1, schema.get("maxLength", 64) - 7)]
    return None


def invalid_sample(schema: Mapping[str, Any]) -> str | None:
    """A value the schema refuses, or None when the schema refuses nothing (any text goes)."""
    if "enum" in schema:
        return "not-in-enum" if schema.get("type") == "string" else "99"
    if "pattern" in schema:
        return "\x7f bad value"
    if schema.get("format") == "date":
        return "2025-13-45"
    if schema.get("type") == "integer" and "minimum" in schema:
        return str(schema["minimum"] - 1)
    if schema.get("minLength"):
        return ""
    return None


def field_schemas(spec_path: Path = OPENAPI) -> dict[str, dict[str, Mapping[str, Any]]]:
    """Row name -> wire field -> JSON Schema."""
    rows = rows_by_route()
    return {
        rows[op.label].name: dict(op.fields)
        for op in Spec(spec_path).operations()
        if op.label in rows
    }
