"""The parsers of the commands that serve: `sandbox`, `gateway`, `webhook serve|trigger`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _arg_types as arg_types

__all__ = ["SERVER_COMMANDS", "WEBHOOK_EVENT_TYPES", "add_server_commands"]

WEBHOOK_EVENT_TYPES = (
    "whatsapp.submitted",
    "whatsapp.sent",
    "whatsapp.failed",
    "whatsapp.received",
    "whatsapp.voice.transcribed",
    # issue 22: the rest of the service's 15 types
    "sms.api.submitted",
    "sms.sent",
    "sms.failed",
    "sms.received",
    "sms.mobile.sent",
    "call.missed",
    "call.incoming",
    "call.outgoing",
    "email.sent",
    "email.received",
)


#: The top-level commands `add_server_commands` adds.
SERVER_COMMANDS = ("sandbox", "gateway", "webhook")


def add_server_commands(command: Callable[..., Any]) -> None:
    """Add the server commands through `build_parser`'s `command` (which knows the parents)."""
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
        "--port", type=arg_types.port, default=8765, help="port (default 8765; 0 picks a free one)"
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
    sandbox.add_argument(
        "--phones",
        type=int,
        default=1,
        metavar="N",
        help="connected phones of the account (default 1; SIDs sandbox-sid-1, ...)",
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
        "or gunicorn: see docs/guides/gateway.md (smsmobile.gateway:app_from_env).",
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
    gateway.add_argument(
        "--port", type=arg_types.port, default=8080, help="port (default 8080; 0: any)"
    )
    gateway.add_argument(
        "--threads",
        type=arg_types.positive_int,
        metavar="N",
        help="worker threads: SOAP requests handled at once, each holding one while its "
        "upstream call runs; more concurrent callers wait in line (default 16)",
    )
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
        "once as a JSON line on stdout (a stream: JSON Lines). Answers 202 (accepted), 200\n"
        "(duplicate), 401 (bad or stale signature), 400 (malformed), 413 (over 1 MiB), 503 +\n"
        "Retry-After (replay cache full of ids still inside the window). Stops on Ctrl-C or\n"
        "SIGTERM (exit 130).",
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
        type=arg_types.port,
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
