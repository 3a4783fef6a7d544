"""The `smsmobile` command line: the parser, the error-to-exit-code mapping, and `main`.

Only the standard library is imported here; each command imports what it needs when it runs
(see `_commands`), so `smsmobile --help` stays quick.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeVar

__all__ = ["EXIT_CODES", "build_parser", "main"]

N = TypeVar("N", int, float)

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
  4  the service refused or failed the call (an error code, or rate limited)
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


def _global_options(parser: argparse.ArgumentParser, *, shown: bool, credentials: bool) -> None:
    """Options every command takes, before or after its name (defaults resolved in `main`).

    `smsmobile --help` shows them (`shown`); each command accepts them hidden, so they are
    listed once. Server commands that use no credentials take only --json and -v.
    """
    group = parser.add_argument_group("global options") if shown else parser
    s = argparse.SUPPRESS

    def described(text: str) -> str:
        return text if shown else s

    if credentials:
        group.add_argument(
            "--base-url",
            default=s,
            metavar="URL",
            help=described(
                "service URL (env SMSMOBILEAPI_BASE_URL; default https://api.smsmobileapi.com)"
            ),
        )
        group.add_argument(
            "--api-key",
            default=s,
            metavar="KEY",
            help=described("API key, sent as the service's `apikey` (env SMSMOBILEAPI_API_KEY)"),
        )
        group.add_argument(
            "--client-id",
            default=s,
            metavar="ID",
            help=described(
                "OAuth2 client id, used instead of an API key (env SMSMOBILEAPI_CLIENT_ID)"
            ),
        )
        group.add_argument(
            "--client-secret",
            default=s,
            metavar="SECRET",
            help=described("OAuth2 client secret (env SMSMOBILEAPI_CLIENT_SECRET)"),
        )
        group.add_argument(
            "--transport",
            default=s,
            choices=("rest", "soap"),
            help=described("wire format (env SMSMOBILEAPI_TRANSPORT; default rest)"),
        )
        group.add_argument(
            "--timeout",
            default=s,
            type=_positive_float,
            metavar="SECONDS",
            help=described("connect and read timeout (default 5 s to connect, 30 s to read)"),
        )
    group.add_argument(
        "--json",
        default=s,
        action="store_true",
        help=described(
            "machine-readable output: one JSON document, or JSON lines for streams; errors as "
            '{"error": {...}} on stderr'
        ),
    )
    group.add_argument(
        "-v",
        "--verbose",
        default=s,
        action="count",
        help=described(
            "debug log of every exchange to stderr (secrets masked); tracebacks on errors"
        ),
    )


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


def _number(kind: Callable[[str], N], minimum: N, rule: str) -> Callable[[str], N]:
    """An argparse `type` that parses `kind` and refuses values under `minimum`."""
    noun = "an integer" if kind is int else "a number"

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {noun}: {text!r}") from None
        if not value >= minimum:  # also refuses nan
            raise argparse.ArgumentTypeError(rule)
        return value

    return parse


_positive_float = _number(float, sys.float_info.min, "must be greater than 0")
_non_negative_float = _number(float, 0.0, "must be 0 or more")
_positive_int = _number(int, 1, "must be 1 or more")
_non_negative_int = _number(int, 0, "must be 0 or more")


def _port(text: str) -> int:
    value = _non_negative_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number, 0 to 65535")
    return value


def _rate(text: str) -> float:
    """`N`, `N/min`, `N/s` or `N/h` -> messages per minute (0 = unlimited)."""
    number, _, unit = text.strip().lower().partition("/")
    scale = {
        "": 1.0,
        "m": 1.0,
        "min": 1.0,
        "minute": 1.0,
        "s": 60.0,
        "sec": 60.0,
        "second": 60.0,
        "h": 1 / 60,
        "hour": 1 / 60,
    }.get(unit)
    if scale is None:
        raise argparse.ArgumentTypeError(f"unknown unit {unit!r}: write N/min, N/s or N/h")
    return _non_negative_float(number) * scale


WEBHOOK_EVENT_TYPES = (
    "whatsapp.submitted",
    "whatsapp.sent",
    "whatsapp.failed",
    "whatsapp.received",
    "whatsapp.voice.transcribed",
)


def build_parser() -> argparse.ArgumentParser:
    hidden = argparse.ArgumentParser(add_help=False)
    _global_options(hidden, shown=False, credentials=True)
    hidden_server = argparse.ArgumentParser(add_help=False)  # commands that use no credentials
    _global_options(hidden_server, shown=False, credentials=False)
    parser = _Parser(
        prog="smsmobile",
        description=_MAIN_DESCRIPTION,
        epilog=_MAIN_EXAMPLES + "\n" + EXIT_CODES + "\n" + ENVIRONMENT,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    _global_options(parser, shown=True, credentials=True)
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

    send = command(
        "send",
        "send a WhatsApp message; prints its GUID",
        "Send a WhatsApp message (WhatsApp only, unless --also-sms). Prints the message's GUID,\n"
        "which `smsmobile resend` takes. Accepted means the phone took the job: delivery is\n"
        "asynchronous. A send is never repeated blindly: if the reply is lost, the command\n"
        "exits 5 and says the message may or may not have gone out.\n\n"
        "service fields: --to -> recipients, --message -> message, WhatsApp only -> waonly=yes,\n"
        "--media -> url_media, --pdf-preview -> pdf_with_image=yes,\n"
        "--short-url -> url_media_shorted=yes, --also-sms -> sendwa=1 and sendsms=1,\n"
        "--schedule-at -> schedule_timestamp, --device -> sIdentifiant, --sim -> port.",
        "examples:\n"
        "  smsmobile send --to +32470123456 --message 'Your order *shipped*'\n"
        "  smsmobile send --to 32470123456 --message 'Invoice' \\\n"
        "      --media https://example.com/invoice.pdf --pdf-preview",
    )
    send.add_argument(
        "--to",
        required=True,
        metavar="NUMBER",
        help="country code and number; spaces, dashes and a leading + or 00 are fine",
    )
    send.add_argument(
        "--message",
        required=True,
        metavar="TEXT",
        help="the text (_italic_, *bold*, ~strike~, ```mono```); '-' reads stdin",
    )
    send.add_argument(
        "--media",
        metavar="URL",
        help="https link to a file to attach (pdf, jpg, png, docx, xlsx, zip, ...)",
    )
    send.add_argument(
        "--pdf-preview",
        action="store_true",
        help="show a preview image of the PDF given with --media",
    )
    send.add_argument(
        "--short-url", action="store_true", help="shorten the link of the PDF preview"
    )
    send.add_argument(
        "--also-sms",
        action="store_true",
        help="send by SMS as well as WhatsApp (default: WhatsApp only)",
    )
    send.add_argument(
        "--schedule-at",
        metavar="WHEN",
        help="send later: unix seconds or an ISO 8601 time (UTC if no offset)",
    )
    send.add_argument("--device", metavar="SID", help="the device SID to send from")
    send.add_argument("--sim", type=int, choices=(1, 2), help="the SIM slot to send from")
    send.set_defaults(handler="send")

    resend = command(
        "resend",
        "resend a message the service marked as errored",
        "Resend a message that is in error status (service: /resendwa/ with guid).\n"
        "A message that is not in error status is refused with code 11 (exit 4).",
        "examples:\n  smsmobile resend 3f2a...c9d1",
    )
    resend.add_argument("guid", metavar="GUID", help="the GUID `smsmobile send` printed")
    resend.set_defaults(handler="resend")

    sync = command(
        "sync",
        "open the inbound retrieval window; prints when it closes",
        "Synchronise (service: /getwa/synchronisation/): opens the time-limited window in which\n"
        "inbound messages can be read. Prints the window's expiry (ISO 8601, UTC).\n"
        "Retrieval must be on first: `smsmobile retrieval on`.",
    )
    sync.set_defaults(handler="sync")

    inbox = command(
        "inbox",
        "list received WhatsApp messages (or `inbox watch` them)",
        "List inbound WhatsApp messages, newest first (service: /getwa/), as a table, or JSON\n"
        "lines with --json. Voice messages arrive transcribed. Needs retrieval on and a\n"
        "synchronisation: `smsmobile retrieval on`, then `smsmobile sync`.\n\n"
        "service fields: --date -> date, --before -> before, --type -> message_type.",
        "examples:\n"
        "  smsmobile inbox --limit 20\n"
        "  smsmobile --json inbox --date 2025-03-11 --type audio\n"
        "  smsmobile inbox watch --interval 5 --state watch.json",
    )
    inbox.add_argument("--date", metavar="YYYY-MM-DD", help="only messages of that day")
    inbox.add_argument(
        "--before",
        type=_non_negative_int,
        metavar="UNIX_TS",
        help="only messages older than this unix timestamp",
    )
    inbox.add_argument(
        "--type",
        choices=("text", "audio"),
        dest="message_type",
        help="only text, or only (transcribed) voice messages",
    )
    inbox.add_argument(
        "--limit",
        type=_non_negative_int,
        metavar="N",
        help="at most N messages (default: all, paging back in time)",
    )
    inbox.set_defaults(handler="inbox")
    inbox_commands = inbox.add_subparsers(dest="inbox_command", metavar="{watch}")
    watch = command(
        "watch",
        "poll for new messages and print each once as a JSON line",
        "Poll for new inbound messages and print each one once, as a JSON line, oldest first.\n"
        "Retrieval must be on (`smsmobile retrieval on`): watching turns nothing on. The\n"
        "synchronisation window is renewed before it closes; connection errors, 5xx and 429\n"
        "are waited out with a capped exponential backoff. GUIDs already printed are kept in\n"
        "--state (the last 10,000), so a restarted watch prints nothing twice. Stops cleanly\n"
        "on Ctrl-C or SIGTERM.",
        "examples:\n  smsmobile inbox watch --interval 10 --state ~/.smsmobile-watch.json",
        within=inbox_commands,
    )
    watch.add_argument(
        "--interval",
        type=_positive_float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between polls (default 10)",
    )
    watch.add_argument(
        "--state", metavar="FILE", help="JSON file remembering the GUIDs already printed"
    )
    watch.add_argument(
        "--max-polls",
        type=_positive_int,
        metavar="N",
        help="stop after N polls (for tests and cron jobs)",
    )
    watch.set_defaults(handler="watch")

    check = command(
        "check",
        "tell whether a number is on WhatsApp",
        "Tell whether a number is on WhatsApp (service: /whatsapp/checknumber/ with\n"
        "recipients). Exits 0 either way; the answer is in the output.",
        "examples:\n  smsmobile --json check +32470123456",
    )
    check.add_argument("number", metavar="NUMBER", help="country code and number")
    check.set_defaults(handler="check")

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

    sandbox = command(
        "sandbox",
        "run the local sandbox (an emulator of the service)",
        "Run the sandbox: a local emulator of SMSMobileAPI (REST, SOAP, OAuth2) with its\n"
        "/_sandbox/ inspection and fault endpoints, on http://127.0.0.1:8765 by default. It\n"
        "prints `smsmobile sandbox listening on URL` when ready and stops on Ctrl-C or SIGTERM.",
        "examples:\n"
        "  smsmobile sandbox --port 8765 &\n"
        "  smsmobile --base-url http://127.0.0.1:8765 --api-key sandbox-key send --to 3247012345 "
        "--message hi\n"
        "  smsmobile sandbox --port 0 --api-key my-test-key   # any free port, your own key",
        credentials=False,
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    sandbox.add_argument(
        "--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)"
    )
    accepted = sandbox.add_argument_group("credentials the sandbox accepts")
    accepted.add_argument(
        "--api-key",
        dest="sandbox_api_key",
        metavar="KEY",
        help="the API key it accepts (default sandbox-key)",
    )
    accepted.add_argument(
        "--client-id",
        dest="sandbox_client_id",
        metavar="ID",
        help="the OAuth2 client id it accepts (default sandbox-client)",
    )
    accepted.add_argument(
        "--client-secret",
        dest="sandbox_client_secret",
        metavar="SECRET",
        help="the OAuth2 client secret it accepts (default sandbox-secret)",
    )
    sandbox.add_argument(
        "--webhook-url", metavar="URL", help="deliver signed Webhook V2 events to this URL"
    )
    sandbox.add_argument(
        "--webhook-secret",
        metavar="SECRET",
        help="the secret that signs them (env SMSMOBILEAPI_WEBHOOK_SECRET)",
    )
    sandbox.add_argument("--quiet", action="store_true", help="no line per request on stdout")
    sandbox.set_defaults(handler="sandbox")

    gateway = command(
        "gateway",
        "serve our WSDL in front of the REST service, for SOAP-only systems",
        "Run the SOAP gateway: SOAP callers load http://HOST:PORT/soap?wsdl and every operation\n"
        "is forwarded to the REST service at --upstream through this client (same validation,\n"
        "timeouts and no-double-send rule). Upstream errors become the WSDL's ServiceFault with\n"
        "the service's code; a send whose upstream reply was lost is a fault with\n"
        "outcome=unknown and is never retried.\n\n"
        "Caller auth: pass-through by default (the apikey element of each request is the\n"
        "caller's upstream API key; the gateway stores no secret). With --client-id and\n"
        "--client-secret the gateway holds OAuth2 credentials for the upstream and admits\n"
        "callers by gateway keys (--keys-file, or SMSMOBILE_GATEWAY_KEYS=k1,k2 comma-separated),\n"
        "sent as the apikey element or as 'Authorization: Bearer KEY'; keys without those\n"
        "credentials, or credentials without keys, refuse to start. --api-key is refused.\n"
        "For production, run several behind a reverse proxy (TLS, slow clients) under waitress\n"
        "or gunicorn: see README (smsmobile.gateway:app_from_env).",
        "examples:\n"
        "  smsmobile gateway --upstream https://api.smsmobileapi.com --host 0.0.0.0 --port 8080\n"
        "  SMSMOBILEAPI_CLIENT_ID=... SMSMOBILEAPI_CLIENT_SECRET=... \\\n"
        "    smsmobile gateway --keys-file /etc/smsmobile/gateway-keys --port 8080",
    )
    gateway.add_argument(
        "--upstream",
        metavar="URL",
        help="the REST service (default https://api.smsmobileapi.com; env "
        "SMSMOBILE_GATEWAY_UPSTREAM)",
    )
    gateway.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    gateway.add_argument("--port", type=_port, default=8080, help="port (default 8080; 0: any)")
    gateway.add_argument(
        "--keys-file",
        metavar="FILE",
        help="gateway keys, one whole key per line, at least 16 characters; lines starting "
        "with # are comments (held OAuth2 mode only; env SMSMOBILE_GATEWAY_KEYS_FILE, or "
        "SMSMOBILE_GATEWAY_KEYS=k1,k2 comma-separated)",
    )
    gateway.add_argument(
        "--public-url",
        metavar="URL",
        help="the gateway's address as callers reach it (e.g. https://soap.example.com behind "
        "a proxy), written into the WSDL; without it only loopback names and --host are "
        "accepted as Host of a ?wsdl request (env SMSMOBILE_GATEWAY_PUBLIC_URL)",
    )
    gateway.set_defaults(handler="gateway")

    webhook = command(
        "webhook",
        "receive webhook deliveries",
        "Receive SMSMobileAPI Webhook V2 deliveries.",
        credentials=False,
    )
    webhook_commands = webhook.add_subparsers(
        dest="webhook_command", metavar="{serve,trigger}", required=True
    )
    serve = command(
        "serve",
        "receive webhooks and print each verified event as a JSON line",
        "Serve http://HOST:PORT/ for Webhook V2 deliveries: each one's signature is checked\n"
        "(HMAC-SHA256 with the secret, 5 minute tolerance) and each verified event printed\n"
        "once as a JSON line on stdout. Answers 202 (accepted), 200 (duplicate), 401 (bad or\n"
        "stale signature), 400 (malformed), 413 (over 1 MiB), 503 + Retry-After (replay cache\n"
        "full of ids still inside the window). Stops on Ctrl-C.",
        'examples:\n  smsmobile webhook serve --secret "$WEBHOOK_SECRET" --port 8081',
        within=webhook_commands,
        credentials=False,
    )
    serve.add_argument(
        "--secret", metavar="SECRET", help="the webhook secret (env SMSMOBILEAPI_WEBHOOK_SECRET)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=_port,
        default=8081,
        help="port (default 8081, the gateway's is 8080; 0: any)",
    )
    serve.set_defaults(handler="webhook_serve")

    trigger = command(
        "trigger",
        "send one signed test event to a webhook receiver",
        "POST one Webhook V2 event of type EVENT to --to, signed with --secret as the service\n"
        "signs it (all five headers), with sample data, and print the receiver's answer.\n"
        "Exits 0 on a 2xx answer, 1 otherwise. Nothing is retried.",
        "examples:\n"
        '  smsmobile webhook trigger whatsapp.received --to http://127.0.0.1:8080/ --secret "$S"\n'
        "  smsmobile webhook trigger whatsapp.failed --to http://127.0.0.1:8080/ --secret S \\\n"
        "      --data guid=0123abc --data recipient=32470123456",
        within=webhook_commands,
        credentials=False,
    )
    trigger.add_argument(
        "event", metavar="EVENT", choices=WEBHOOK_EVENT_TYPES, help=", ".join(WEBHOOK_EVENT_TYPES)
    )
    trigger.add_argument("--to", required=True, metavar="URL", help="the receiver's URL")
    trigger.add_argument(
        "--secret", metavar="SECRET", help="the webhook secret (env SMSMOBILEAPI_WEBHOOK_SECRET)"
    )
    trigger.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a field of the event's data (repeatable)",
    )
    trigger.set_defaults(handler="webhook_trigger")

    bulk = command(
        "bulk",
        "send one message per row of a CSV file, resumably",
        "Send one WhatsApp message per row of FILE.csv, with columns recipient,message and\n"
        "optionally media_url, named in a header row (other columns are ignored; other names\n"
        "with --to-column, --message-column, --media-column). The delimiter (, ; tab |) is\n"
        "found from the header, or given with --delimiter. The file is streamed, never loaded.\n"
        "Every row is validated first: bad rows are reported with their line number, recorded\n"
        "as invalid and never sent. The good rows are then sent by --workers threads under\n"
        "one client-side rate limit; failures and 429 pauses are shown as they happen.\n\n"
        "The journal (SQLite, 0600) is the run's only state; a row is known by its content\n"
        "(recipient, message, media), not its line, and two equal rows are sent once.\n"
        "Re-running the same command resumes: accepted rows are never sent again, even if\n"
        "the file was edited; a row whose outcome is unknown (the reply was lost, or the run\n"
        "was killed mid-request) is not resent unless --retry-unknown; a row the service\n"
        "refused is not resent unless --retry-failed. A 429 pauses the whole run and\n"
        "re-queues the row; refused credentials stop the run (exit 3) and leave the rest\n"
        "pending. The journal remembers the file (path, size, first KB) and refuses another\n"
        "one unless --force. One run at a time per journal: a second one refuses at once.\n"
        "Ctrl-C or SIGTERM starts no new row, lets the requests in flight finish (30 s at\n"
        "most; Ctrl-C again to stop at once: they are recorded unknown), prints the summary\n"
        "and the command that resumes, and exits 130.\n\n"
        "bulk exit codes: 0 every row accepted; 5 some rows' outcome is unknown; else 4 some\n"
        "rows failed; else 2 some rows are invalid or duplicates (the good ones were all\n"
        "accepted); 2 also for an unreadable file or a journal in use; 3 credentials refused\n"
        "(run stopped); 130 interrupted. --report exits 0; --validate-only exits 0 when every\n"
        "row is valid, else 2.",
        "examples:\n"
        "  smsmobile bulk customers.csv --journal customers.db --rate 30/min\n"
        "  smsmobile bulk customers.csv --journal customers.db --validate-only\n"
        "  smsmobile bulk customers.csv --journal customers.db --report\n"
        "  smsmobile bulk customers.csv --journal customers.db --retry-failed\n"
        "  smsmobile bulk customers.csv --journal customers.db --resend-undelivered\n"
        "  smsmobile bulk export.csv --journal export.db --to-column phone --message-column text",
    )
    bulk.add_argument("csv", metavar="FILE.csv", help="recipient,message[,media_url] with a header")
    bulk.add_argument(
        "--journal", required=True, metavar="FILE.db", help="the SQLite journal to create or resume"
    )
    bulk.add_argument(
        "--rate",
        type=_rate,
        default=60.0,
        metavar="N/min",
        help="at most N sends a minute, shared by the workers (default 60/min; "
        "also N/s, N/h; 0 = unlimited)",
    )
    bulk.add_argument(
        "--workers",
        type=_positive_int,
        default=4,
        metavar="K",
        help="concurrent requests (default 4)",
    )
    bulk.add_argument(
        "--retry-unknown",
        action="store_true",
        help="send again the rows whose outcome is unknown (may duplicate them)",
    )
    bulk.add_argument(
        "--retry-failed",
        action="store_true",
        help="send again the rows the service refused (an error code or HTTP 4xx: they never "
        "reached the phone)",
    )
    bulk.add_argument(
        "--force",
        action="store_true",
        help="continue a journal with a different or changed CSV file (accepted rows are "
        "still never sent again)",
    )
    bulk.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        help="the field separator (default: , ; tab or |, whichever splits the header)",
    )
    bulk.add_argument(
        "--to-column", default="recipient", metavar="NAME", help="recipient column (recipient)"
    )
    bulk.add_argument(
        "--message-column", default="message", metavar="NAME", help="message column (message)"
    )
    bulk.add_argument(
        "--media-column", default="media_url", metavar="NAME", help="media column (media_url)"
    )
    mode = bulk.add_mutually_exclusive_group()
    mode.add_argument(
        "--validate-only",
        action="store_true",
        help="validate every row and record it in the journal, send nothing, need no "
        "credentials (exit 2 if some rows are invalid); a later run without it sends",
    )
    mode.add_argument(
        "--report",
        action="store_true",
        help="print the journal's summary and which rows are failed, unknown, resent or "
        "invalid; send nothing (--json: one line per row, with its GUID and status)",
    )
    mode.add_argument(
        "--resend-undelivered",
        action="store_true",
        help="ask the service to resend (/resendwa/) the accepted messages it could not "
        "deliver: every accepted GUID is offered, those not in error (code 11) are kept",
    )
    mode.add_argument(
        "--resend-failed",
        action="store_true",
        help="renamed: --retry-failed sends refused rows again, --resend-undelivered asks "
        "the service to resend accepted ones",
    )
    bulk.set_defaults(handler="bulk")
    return parser


def _delimiter(text: str) -> str:
    """A bulk CSV's field separator: one character, or `tab` (also `\t` as typed)."""
    value = "\t" if text in ("\\t", "tab") else text
    if len(value) != 1 or value in ('"', "\n", "\r"):
        raise argparse.ArgumentTypeError(f"must be one character (or tab), not {text!r}")
    return value


class _ParseError(Exception):
    """A usage error found by argparse, raised instead of argparse's exit so `main` can write it
    as text or, with --json, as JSON."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ParseError(self, message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit code (see EXIT_CODES)."""
    from ._reporting import address_of, describe, error_code, host_of, report

    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except _ParseError as error:
        if not as_json:
            error.parser.print_usage(sys.stderr)
        report(str(error), kind="UsageError", code=None, exit_code=EXIT_USAGE, as_json=as_json)
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version (0)
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    as_json = bool(getattr(args, "json", False))
    verbose = bool(getattr(args, "verbose", 0))
    log_handler = _enable_debug_log() if verbose else None
    host = "the service"
    try:
        from . import _commands

        settings = _settings(args)
        host = host_of(str(settings["base_url"]))
        return _commands.run(args, settings)
    except BrokenPipeError:  # `smsmobile inbox | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        report(
            "interrupted",
            kind="KeyboardInterrupt",
            code=None,
            exit_code=EXIT_INTERRUPTED,
            as_json=as_json,
        )
        return EXIT_INTERRUPTED
    except BaseException as error:  # mapped to one line and an exit code
        if isinstance(error, SystemExit):
            raise
        code, message = describe(error, getattr(args, "handler", ""), address_of(args), host)
        report(
            message,
            kind=type(error).__name__,
            code=error_code(error),
            exit_code=code,
            as_json=as_json,
        )
        if verbose:
            import traceback

            traceback.print_exception(error, file=sys.stderr)
        return code
    finally:
        if log_handler is not None:
            _disable_debug_log(log_handler)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush meets no closed pipe either
    (the recipe of the `signal` module's documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it)
        pass


def _settings(args: argparse.Namespace) -> dict[str, object]:
    """The global options, each from the command line, else the environment (one resolver)."""
    from .._config import resolve

    config = resolve(
        api_key=getattr(args, "api_key", None),
        client_id=getattr(args, "client_id", None),
        client_secret=getattr(args, "client_secret", None),
        base_url=getattr(args, "base_url", None),
        transport=getattr(args, "transport", None),
        timeout=getattr(args, "timeout", None),
    )
    return {
        "config": config,
        "base_url": config.base_url,
        "api_key": config.api_key,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
        "transport": config.transport,
        "timeout": getattr(args, "timeout", None),
        "json": bool(getattr(args, "json", False)),
        "verbose": bool(getattr(args, "verbose", 0)),
        # which credentials came from the command line (they win over the environment)
        "cli_api_key": config.explicit_api_key,
        "cli_client": config.explicit_client,
    }


def _enable_debug_log() -> logging.Handler:
    """Log the `smsmobile` logger (already redacted by the client) to stderr, at DEBUG."""
    logger = logging.getLogger("smsmobile")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler


def _disable_debug_log(handler: logging.Handler) -> None:
    logger = logging.getLogger("smsmobile")
    logger.removeHandler(handler)
    if not logger.handlers:
        logger.setLevel(logging.NOTSET)


_OPTION_OF = {
    "to": "--to",
    "message": "--message",
    "media_url": "--media",
    "pdf_preview": "--pdf-preview",
    "short_url": "--short-url",
    "schedule_at": "--schedule-at",
    "device_sid": "--device",
    "sim_port": "--sim",
    "date": "--date",
    "before": "--before",
    "limit": "--limit",
    "message_type": "--type",
    "base_url": "--base-url",
    "timeout": "--timeout",
    "auth": "credentials",
}
