"""The main options every command takes (`--base-url`, `--api-key`, ..., `--json`, `-v`)."""

from __future__ import annotations

import argparse
from typing import Any

from . import _arg_types as arg_types

__all__ = ["global_options"]


def global_options(
    parser: argparse.ArgumentParser, *, shown: bool, credentials: bool
) -> list[argparse.Action]:
    """Options every command takes, before or after its name (defaults resolved in `main`);
    the actions added (`_main.command_named` reads which take a value).

    `smsmobile --help` shows them (`shown`); each command accepts them hidden, so they are
    listed once. Server commands that use no credentials take only --json and -v.
    """
    group = parser.add_argument_group("global options") if shown else parser
    s = argparse.SUPPRESS

    def described(text: str) -> str:
        return text if shown else s

    added: list[argparse.Action] = []

    def add(*names: str, **options: Any) -> None:
        added.append(group.add_argument(*names, **options))

    if credentials:
        add(
            "--base-url",
            default=s,
            metavar="URL",
            help=described(
                "service URL (env SMSMOBILEAPI_BASE_URL; default https://api.smsmobileapi.com)"
            ),
        )
        add(
            "--api-key",
            default=s,
            metavar="KEY",
            help=described("API key, sent as the service's `apikey` (env SMSMOBILEAPI_API_KEY)"),
        )
        add(
            "--client-id",
            default=s,
            metavar="ID",
            help=described(
                "OAuth2 client id, used instead of an API key (env SMSMOBILEAPI_CLIENT_ID)"
            ),
        )
        add(
            "--client-secret",
            default=s,
            metavar="SECRET",
            help=described("OAuth2 client secret (env SMSMOBILEAPI_CLIENT_SECRET)"),
        )
        add(
            "--transport",
            default=s,
            choices=("rest", "soap"),
            help=described("wire format (env SMSMOBILEAPI_TRANSPORT; default rest)"),
        )
        add(
            "--timeout",
            default=s,
            type=arg_types.positive_float,
            metavar="SECONDS",
            help=described("connect and read timeout (default 5 s to connect, 30 s to read)"),
        )
    add(
        "--json",
        default=s,
        action="store_true",
        help=described(
            "machine-readable output: one JSON document, or JSON lines for streams; errors as "
            '{"error": {...}} on stderr'
        ),
    )
    add(
        "-v",
        "--verbose",
        default=s,
        action="count",
        help=described(
            "debug log of every exchange to stderr (secrets masked); tracebacks on errors"
        ),
    )
    return added
