"""The command line: serve the sandbox until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import sys

from ._app import make_app
from ._server import serve
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m smsmobile_sandbox",
        description="A local emulator of SMSMobileAPI (REST, OAuth2, SOAP, /_sandbox/ control).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    app = make_app(api_key=args.api_key, client_id=args.client_id, client_secret=args.client_secret)
    try:
        server = serve(app, host=args.host, port=args.port)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    print(f"smsmobile sandbox listening on {server.url}", flush=True)
    server.run_until_stopped()
    return 0
