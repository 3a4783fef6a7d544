"""What the serving commands do: `sandbox`, `gateway`, `webhook serve` and `webhook trigger`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import TYPE_CHECKING

from .._extras import require
from .._json import to_json, utc_text
from .._signals import on_signals
from ._commands import Settings, UsageError, emit
from ._parser import EXIT_INTERRUPTED, EXIT_SERVICE

if TYPE_CHECKING:
    from ..webhooks._events import WebhookEvent

__all__ = ["gateway", "sandbox", "webhook_serve", "webhook_trigger"]


def sandbox(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the sandbox with the credentials given to `sandbox` (its defaults otherwise);
    the sandbox's own entry point answers a port in use with exit 6."""
    require("server", "smsmobile sandbox")
    try:
        import smsmobile_sandbox as sandbox
    except ImportError as error:
        raise UsageError(f"the sandbox is not installed ({error})") from error
    argv = ["--host", args.host, "--port", str(args.port)]
    for flag, value in (
        ("--api-key", args.sandbox_api_key),
        ("--client-id", args.sandbox_client_id),
        ("--client-secret", args.sandbox_client_secret),
        ("--webhook-url", args.webhook_url),
        ("--webhook-secret", args.webhook_secret),  # passed on, never printed
    ):
        if value:
            argv += [flag, value]
    argv += ["--phones", str(args.phones)]
    if args.quiet:
        argv.append("--quiet")
    return sandbox.main(argv)


def gateway(args: argparse.Namespace, settings: Settings) -> int:
    import os

    require("server", "smsmobile gateway")
    from .. import gateway as gw
    from .._auth import OAuth2ClientCredentials
    from .._errors import InvalidRequest
    from .._models import Timeouts

    if settings["cli_api_key"]:
        raise UsageError(
            "the gateway takes no --api-key: each pass-through caller sends its own key in the "
            "apikey element; held mode takes --client-id/--client-secret and gateway keys"
        )
    upstream = args.upstream or os.environ.get(gw.ENV_UPSTREAM, "").strip() or gw.DEFAULT_UPSTREAM
    try:
        keys = gw.gateway_keys(os.environ, args.keys_file)
    except OSError as error:
        raise UsageError(f"cannot read the gateway keys file: {error}") from None
    oauth2 = None
    if settings["client_id"] or settings["client_secret"]:
        if not (settings["client_id"] and settings["client_secret"]):
            raise UsageError("held OAuth2 mode needs both --client-id and --client-secret")
        oauth2 = OAuth2ClientCredentials(settings["client_id"], settings["client_secret"])
    public_url = args.public_url or os.environ.get(gw.ENV_PUBLIC_URL, "").strip() or None
    try:
        app = gw.make_gateway_app(
            upstream,
            oauth2=oauth2,
            gateway_keys=keys,
            timeout=settings["timeout"] or Timeouts(),
            public_url=public_url,
            hosts=[args.host],
        )
        gw.install_request_log()  # one line per request on stderr (SMSMOBILE_GATEWAY_LOG_FORMAT)
    except InvalidRequest as error:  # short keys, keys without credentials or the reverse
        raise UsageError(str(error)) from None
    limits = gw.ServerLimits() if args.threads is None else gw.ServerLimits(threads=args.threads)
    server = gw.serve(app, host=args.host, port=args.port, limits=limits)
    mode = "held OAuth2" if oauth2 else "pass-through"

    def ready() -> None:  # written once a signal is handled (a test may send one at once)
        sys.stderr.write(
            f"smsmobile: SOAP gateway ({mode}) to {upstream} on {server.url}/soap "
            f"(WSDL at {server.url}/soap?wsdl; Ctrl-C to stop)\n"
        )
        if public_url is None and args.host in ("0.0.0.0", "::"):  # noqa: S104 (not bound)
            sys.stderr.write("smsmobile: no --public-url: ?wsdl answers only loopback Hosts\n")
        sys.stderr.flush()

    return EXIT_INTERRUPTED if server.run_until_stopped(ready) else 0


def webhook_serve(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from ..webhooks import serve

    secret = args.secret or os.environ.get("SMSMOBILEAPI_WEBHOOK_SECRET", "")
    if not secret:
        raise UsageError("a webhook secret is needed: --secret, or SMSMOBILEAPI_WEBHOOK_SECRET")
    printing = threading.Lock()

    def show(event: WebhookEvent) -> None:
        document = {
            "id": event.id,
            "type": event.type,
            "api_version": event.api_version,
            "created_at": utc_text(event.created_at),
            "occurred_at": utc_text(event.occurred_at),
            "data": to_json(dict(event.data)),
        }
        with printing:
            print(json.dumps(document, ensure_ascii=False), flush=True)

    def ready(url: str) -> None:
        sys.stderr.write(f"smsmobile: receiving webhooks on {url} (Ctrl-C to stop)\n")
        sys.stderr.flush()

    signalled: list[int] = []  # a plain list: a signal handler must take no lock

    def interrupt() -> None:  # Ctrl-C or SIGTERM: waitress ends `serve` on KeyboardInterrupt
        signalled.append(1)
        raise KeyboardInterrupt

    with on_signals(interrupt, (signal.SIGINT, signal.SIGTERM)):
        serve(secret, show, args.host, args.port, ready=ready)
    return EXIT_INTERRUPTED if signalled else 0


def webhook_trigger(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from ..webhooks._trigger import fire_test_event

    secret = args.secret or os.environ.get("SMSMOBILEAPI_WEBHOOK_SECRET", "")
    if not secret:
        raise UsageError("a webhook secret is needed: --secret, or SMSMOBILEAPI_WEBHOOK_SECRET")
    overrides: dict[str, str] = {}
    for item in args.data:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--data takes KEY=VALUE, not {item!r}")
        overrides[key] = value
    status, event_id = fire_test_event(args.event, args.to, secret, overrides)
    ok = 200 <= status < 300
    emit(
        settings,
        f"{args.event} {event_id} -> HTTP {status}",
        {"event": args.event, "id": event_id, "status": status, "delivered": ok},
    )
    if not ok:  # the receiver refused the event: the table's "the other end refused" row
        sys.stderr.write(
            f"smsmobile: error: the webhook receiver at {args.to} answered HTTP {status}; "
            "check its secret and its logs\n"
        )
    return 0 if ok else EXIT_SERVICE
