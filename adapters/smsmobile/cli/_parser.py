"""The `smsmobile` parser: global options, exit codes, and the commands that call the service
(the servers' parsers are in `_parser_servers`, bulk's in `_parser_bulk`, `main` in `_main`).

Only the standard library is imported here; each command imports what it needs when it runs
(see `_commands`), so `smsmobile --help` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import _arg_types as arg_types
from ._completion import add_completion_command
from ._operation_flags import (
    CommandFactory,
    add_operation_arguments,
    add_operation_commands,
    service_fields,
)
from ._parser_bulk import add_bulk_command
from ._parser_options import global_options
from ._parser_servers import SERVER_COMMANDS, add_server_commands

__all__ = ["EXIT_CODES", "ParseError", "build_parser"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_SERVICE = 4
EXIT_TRANSPORT = 5
EXIT_LISTEN = 6
EXIT_INTERRUPTED = 130

EXIT_CODES = """\
exit codes:
  0  success
  2  usage error or invalid input (nothing was sent)
  3  authentication refused (API key, client id/secret or token)
  4  the service refused or failed the call (an error code, or rate limited),
     or a webhook receiver answered non-2xx (webhook trigger)
  5  transport error (connection, timeout, unreadable reply) or unknown outcome:
     a send that may or may not have gone out; check before sending it again
  6  a server command (sandbox, gateway, webhook serve) could not listen on its
     host and port: the port is in use, or the address is not this machine's
  130  interrupted (Ctrl-C or SIGTERM)
"""

_SEE_MAIN_HELP = """\
The global options (--base-url, --api-key, --client-id, --client-secret, --transport,
--timeout, --json, -v) go before or after the command name; `smsmobile --help` lists them
and the exit codes.
"""

_SEE_MAIN_HELP_SERVER = """\
--json and -v go before or after the command name; `smsmobile --help` lists the exit codes.
"""

ENVIRONMENT = """\
environment:
  SMSMOBILEAPI_API_KEY, SMSMOBILEAPI_CLIENT_ID, SMSMOBILEAPI_CLIENT_SECRET,
  SMSMOBILEAPI_BASE_URL, SMSMOBILEAPI_TRANSPORT: defaults for the options of the same name
  (an option on the command line wins). Secrets are never printed, and are masked in -v logs.
"""

_MAIN_DESCRIPTION = """\
Send and receive WhatsApp messages through SMSMobileAPI (your own phone as the gateway).

Authenticate with an API key (--api-key) or OAuth2 client credentials (--client-id and
--client-secret); speak REST (default) or SOAP (--transport soap).
"""

_MAIN_EXAMPLES = """\
examples:
  smsmobile send --to +32470123456 --message 'Hello *world*'
  smsmobile --json inbox --limit 10
  smsmobile bulk customers.csv --journal customers.db --rate 30/min
  smsmobile inbox watch --state ~/.smsmobile-watch.json
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)


class _VersionAction(argparse.Action):
    """`--version`, read from the package metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS)
        self.help = "print the version and exit"

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from .. import __version__

        sys.stdout.write(f"smsmobile {__version__}\n")
        parser.exit()


def build_parser(*, only: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser, or (`only`) the main options and that command's: a run builds
    the one it uses (the whole costs ~5 ms of CPU); usage errors take the whole (see `_main`)."""
    hidden = argparse.ArgumentParser(add_help=False)
    global_options(hidden, shown=False, credentials=True)
    hidden_server = argparse.ArgumentParser(add_help=False)  # commands that use no credentials
    global_options(hidden_server, shown=False, credentials=False)
    parser = _Parser(
        prog="smsmobile",
        description=_MAIN_DESCRIPTION,
        epilog=_MAIN_EXAMPLES + "\n" + EXIT_CODES + "\n" + ENVIRONMENT,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    global_options(parser, shown=True, credentials=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str,
        summary: str,
        description: str,
        examples: str = "",
        *,
        within: object = None,
        credentials: bool = True,
    ) -> argparse.ArgumentParser:
        group = commands if within is None else within
        see = _SEE_MAIN_HELP if credentials else _SEE_MAIN_HELP_SERVER
        sub: argparse.ArgumentParser = group.add_parser(  # type: ignore[attr-defined]
            name,
            help=summary,
            description=description,
            epilog=(examples + "\n\n" if examples else "") + see,
            formatter_class=_Formatter,
            parents=[hidden if credentials else hidden_server],
        )
        return sub

    for name, add in _HAND_WRITTEN.items():
        if only is None or name == only:
            add(command)
    if only is None or only in SERVER_COMMANDS:
        add_server_commands(command)
    if only is None or only == "bulk":
        add_bulk_command(command)
    add_operation_commands(commands, command, only=only)  # the table's, without a command above
    if only is None or only == "completion":
        add_completion_command(command)
    return parser


def _add_send(command: CommandFactory) -> None:
    send = command(
        "send",
        "send a WhatsApp message; prints its GUID",
        "Send a WhatsApp message (WhatsApp only, unless --also-sms). Prints the message's GUID,\n"
        "which `smsmobile resend` takes. Accepted means the phone took the job: delivery is\n"
        "asynchronous. A send is never repeated blindly: if the reply is lost, the command\n"
        "exits 5 and says the message may or may not have gone out.\n\n"
        "WhatsApp only is waonly=yes.\n" + service_fields("send"),
        "examples:\n"
        "  smsmobile send --to +32470123456 --message 'Your order *shipped*'\n"
        "  smsmobile send --to 32470123456 --message 'Invoice' \\\n"
        "      --media https://example.com/invoice.pdf --pdf-preview",
    )
    add_operation_arguments(send, "send")
    send.set_defaults(handler="send")


def _add_resend(command: CommandFactory) -> None:
    resend = command(
        "resend",
        "resend a message the service marked as errored",
        "Resend a message that is in error status (service: /resendwa/ with guid).\n"
        "A message that is not in error status is refused with code 11 (exit 4).",
        "examples:\n  smsmobile resend 3f2a...c9d1",
    )
    add_operation_arguments(resend, "resend")
    resend.set_defaults(handler="resend")


def _add_sync(command: CommandFactory) -> None:
    sync = command(
        "sync",
        "open the inbound retrieval window; prints when it closes",
        "Synchronise (service: /getwa/synchronisation/): opens the time-limited window in which\n"
        "inbound messages can be read. Prints the window's expiry (ISO 8601, UTC).\n"
        "Retrieval must be on first: `smsmobile retrieval on`.",
    )
    sync.set_defaults(handler="sync")


def _add_inbox(command: CommandFactory) -> None:
    inbox = command(
        "inbox",
        "list received WhatsApp messages (or `inbox watch` them)",
        "List inbound WhatsApp messages, newest first (service: /getwa/), as a table, or one\n"
        "JSON array with --json. Voice messages arrive transcribed. Needs retrieval on\n"
        "(`smsmobile retrieval on`); a synchronisation window is opened when none is.\n\n"
        + service_fields("fetch_messages"),
        "examples:\n"
        "  smsmobile inbox --limit 20\n"
        "  smsmobile --json inbox --date 2025-03-11 --type audio\n"
        "  smsmobile inbox watch --interval 5 --state watch.json",
    )
    add_operation_arguments(inbox, "fetch_messages")
    inbox.add_argument(
        "--limit",
        type=arg_types.non_negative_int,
        metavar="N",
        help="at most N messages (default: all, paging back in time)",
    )
    inbox.set_defaults(handler="inbox")
    inbox_commands = inbox.add_subparsers(dest="inbox_command", metavar="{watch}")
    watch = command(
        "watch",
        "poll for new messages and print each once",
        "Poll for new inbound messages and print each one once, oldest first: a line of the\n"
        "`inbox` table, or with --json a JSON object per line (a stream: JSON Lines).\n"
        "Retrieval must be on (`smsmobile retrieval on`): watching turns nothing on. The\n"
        "synchronisation window is renewed before it closes; connection errors, 5xx and 429\n"
        "are waited out with a capped exponential backoff. GUIDs already printed are kept in\n"
        "--state (the last 10,000), so a restarted watch prints nothing twice. Stops cleanly\n"
        "on Ctrl-C or SIGTERM, with exit code 130. With --sms it follows received SMS instead\n"
        "(no retrieval switch or window needed; each SMS printed once by its id).",
        "examples:\n  smsmobile inbox watch --interval 10 --state ~/.smsmobile-watch.json\n"
        "  smsmobile --json inbox watch --sms --state ~/.smsmobile-sms-watch.json",
        within=inbox_commands,
    )
    watch.add_argument(
        "--interval",
        type=arg_types.positive_float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between polls (default 10)",
    )
    watch.add_argument(
        "--state", metavar="FILE", help="JSON file remembering the GUIDs already printed"
    )
    watch.add_argument(
        "--max-polls",
        type=arg_types.positive_int,
        metavar="N",
        help="stop after N polls (for tests and cron jobs)",
    )
    watch.add_argument(
        "--sms",
        action="store_true",
        help="follow the SMS the account's phones receive (/getsms/) instead of WhatsApp",
    )
    watch.set_defaults(handler="watch")


def _add_check(command: CommandFactory) -> None:
    check = command(
        "check",
        "tell whether a number is on WhatsApp",
        "Tell whether a number is on WhatsApp (service: /whatsapp/checknumber/ with\n"
        "recipients). Exits 0 either way; the answer is in the output.",
        "examples:\n  smsmobile --json check +32470123456",
    )
    add_operation_arguments(check, "check_number")
    check.set_defaults(handler="check")


def _add_retrieval(command: CommandFactory) -> None:
    retrieval = command(
        "retrieval",
        "turn the retrieval of inbound messages on or off",
        "Turn the retrieval of inbound WhatsApp messages on or off (service: /getwa/active/\n"
        "with statut 1, 0 or x). It is off by default, for privacy; `inbox` needs it on.\n"
        "There is no `retrieval status`: the service has no read-only status call, and\n"
        "/getwa/active/ without statut toggles. `retrieval on` is safe to repeat and prints\n"
        "the state.",
        "examples:\n  smsmobile retrieval on",
    )
    retrieval.add_argument(
        "switch", choices=("on", "off", "toggle", "status"), metavar="on|off|toggle"
    )
    retrieval.set_defaults(handler="retrieval")


def _add_token(command: CommandFactory) -> None:
    token = command(
        "token",
        "fetch an OAuth2 token and show when it expires",
        "Fetch an OAuth2 access token with the client credentials (service: /oauth2/token)\n"
        "and show when it expires. The token itself is shown only with --show-token.",
        'examples:\n  smsmobile token --client-id my-app --client-secret "$SECRET"',
    )
    token.add_argument(
        "--show-token",
        action="store_true",
        help="also print the token (it grants access to the account: keep it safe)",
    )
    token.set_defaults(handler="token")


_HAND_WRITTEN = {  # in the order of `smsmobile --help`
    "send": _add_send,
    "resend": _add_resend,
    "sync": _add_sync,
    "inbox": _add_inbox,
    "check": _add_check,
    "retrieval": _add_retrieval,
    "token": _add_token,
}


class ParseError(Exception):
    """A usage error found by argparse, raised instead of argparse's exit so `main` can write it
    as text or, with --json, as JSON."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ParseError(self, message)
