"""The command line: serve the sandbox until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import os
import sys

from ._account_state import DEFAULT_PHONES, MAX_PHONES
from ._app import make_app
from ._server import serve
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

WEBHOOK_SECRET_ENV = "SMSMOBILEAPI_WEBHOOK_SECRET"  # noqa: S105 (a variable's name)
DEFAULT_PORT = 8765
EXIT_LISTEN = 6  # the number `smsmobile` documents for a server that cannot listen
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C or SIGTERM, as `smsmobile` documents


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m smsmobile_sandbox",
        description="A local emulator of SMSMobileAPI (REST, OAuth2, SOAP, /_sandbox/ control).",
        epilog=f"exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 usage, {EXIT_LISTEN} cannot "
        "listen on the host and port",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--api-key", default=DEFAULT_API_KEY, help=f"the API key it accepts ({DEFAULT_API_KEY})"
    )
    parser.add_argument(
        "--client-id",
        default=DEFAULT_CLIENT_ID,
        help=f"the OAuth2 client id it accepts ({DEFAULT_CLIENT_ID})",
    )
    parser.add_argument(
        "--client-secret",
        default=DEFAULT_CLIENT_SECRET,
        help=f"the OAuth2 client secret it accepts ({DEFAULT_CLIENT_SECRET})",
    )
    parser.add_argument("--webhook-url", metavar="URL", help="deliver signed V2 webhooks here")
    parser.add_argument(
        "--webhook-secret",
        metavar="SECRET",
        help=f"their signing secret (default: env {WEBHOOK_SECRET_ENV})",
    )
    parser.add_argument(
        "--phones",
        type=int,
        default=DEFAULT_PHONES,
        metavar="N",
        help=f"connected phones of the account, 1 to {MAX_PHONES} (default {DEFAULT_PHONES}; "
        "SIDs sandbox-sid-1, ...)",
    )
    parser.add_argument("--quiet", action="store_true", help="no line per request on stdout")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    secret = args.webhook_secret or os.environ.get(WEBHOOK_SECRET_ENV, "").strip() or None
    if args.webhook_url and not secret:
        print(f"--webhook-url needs --webhook-secret (or {WEBHOOK_SECRET_ENV})", file=sys.stderr)
        return 2
    try:
        app = make_app(
            api_key=args.api_key,
            client_id=args.client_id,
            client_secret=args.client_secret,
            webhook_url=args.webhook_url,
            webhook_secret=secret if args.webhook_url else None,
            quiet=args.quiet,
            phones=args.phones,
        )
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    try:
        server = serve(app, host=args.host, port=args.port)
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            f"smsmobile sandbox: cannot listen on {args.host}:{args.port} ({reason}): pick "
            "another --port (0 picks a free one)",
            file=sys.stderr,
        )
        return EXIT_LISTEN

    def ready() -> None:  # printed once a signal is handled (a test may send one at once)
        print(f"smsmobile sandbox listening on {server.url}", flush=True)
        print(f"inspector: {server.url}/", flush=True)
        if app.webhooks is not None:
            print(f"webhooks: delivering to {app.webhooks.shown_url}", flush=True)

    try:
        interrupted = server.run_until_stopped(ready)
    finally:
        app.close()
    return EXIT_INTERRUPTED if interrupted else 0
