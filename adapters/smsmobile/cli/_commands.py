"""What each `smsmobile` command does, once the arguments are parsed (see `_parser`).

Results go to stdout (a line of text, or JSON with --json); everything else to stderr. No secret
is ever printed, except the token by `smsmobile token --show-token`, which is asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .._auth import ApiKey, OAuth2ClientCredentials
    from .._client import WhatsApp
    from .._models import InboundMessage
    from ..webhooks._events import WebhookEvent

__all__ = ["UsageError", "make_client", "run"]

Settings = dict[str, Any]


class UsageError(Exception):
    """A command line that cannot work (missing credentials, a bad value): exit 2."""


def run(args: argparse.Namespace, settings: Settings) -> int:
    handler: Callable[[argparse.Namespace, Settings], int] = _HANDLERS[args.handler]
    return handler(args, settings)


# -- the client ------------------------------------------------------------------------------


def credentials(settings: Settings) -> ApiKey | OAuth2ClientCredentials | None:
    """Command-line credentials first, then the environment's (client credentials win there,
    as in `WhatsApp.from_env`); None when there are none."""
    from .._config import Configuration
    from .._errors import InvalidRequest

    config: Configuration = settings["config"]
    try:
        return config.auth()
    except InvalidRequest:  # half of an OAuth2 pair
        missing = "--client-secret" if config.client_id else "--client-id"
        raise UsageError(
            f"OAuth2 needs both --client-id and --client-secret: {missing} missing"
        ) from None


def make_client(settings: Settings) -> WhatsApp:
    from .._client import WhatsApp

    auth = credentials(settings)
    if auth is None:
        raise UsageError(
            "no credentials: pass --api-key, or --client-id and --client-secret (or set "
            "SMSMOBILEAPI_API_KEY, or SMSMOBILEAPI_CLIENT_ID and SMSMOBILEAPI_CLIENT_SECRET)"
        )
    config = settings["config"]
    return WhatsApp(
        auth=auth, base_url=config.base_url, transport=config.transport, timeout=config.timeouts
    )


# -- output ----------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """Dataclasses, datetimes and decimals as JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_json(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def _emit(settings: Settings, text: str, document: Any) -> None:
    if settings["json"]:
        print(json.dumps(to_json(document), ensure_ascii=False), flush=True)
    else:
        print(text, flush=True)


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "unknown"
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- commands --------------------------------------------------------------------------------


def _send(args: argparse.Namespace, settings: Settings) -> int:
    message = sys.stdin.read() if args.message == "-" else args.message
    with make_client(settings) as client:
        sent = client.send(
            args.to,
            message,
            media_url=args.media,
            pdf_preview=args.pdf_preview,
            short_url=args.short_url,
            also_sms=args.also_sms,
            schedule_at=_schedule(args.schedule_at),
            device_sid=args.device,
            sim_port=args.sim,
        )
    _emit(settings, sent.guid, sent)
    return 0


def _schedule(text: str | None) -> dt.datetime | int | None:
    if text is None:
        return None
    if text.strip().isdigit():
        return int(text)
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--schedule-at: {text!r} is neither unix seconds nor an ISO 8601 time"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _resend(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        sent = client.resend(args.guid)
    _emit(settings, sent.guid, sent)
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        window = client.synchronize()
    _emit(settings, _when(window.expires_at), window)
    return 0


def _inbox(args: argparse.Namespace, settings: Settings) -> int:
    from ._watch import message_document

    count = 0
    with make_client(settings) as client:
        for message in _inbox_messages(client, args):
            if settings["json"]:
                print(json.dumps(message_document(message), ensure_ascii=False), flush=True)
            else:
                if count == 0:
                    print(f"{'RECEIVED (UTC)':<20}  {'NUMBER':<15}  {'CONTACT':<16}  TEXT")
                text = " / ".join(message.text.splitlines())
                print(
                    f"{_when(message.received_at)[:19].replace('T', ' '):<20}  "
                    f"{message.number:<15}  {message.contact[:16]:<16}  {text}",
                    flush=True,
                )
            count += 1
    if count == 0 and not settings["json"]:
        sys.stderr.write("no messages\n")
    return 0


def _inbox_messages(client: WhatsApp, args: argparse.Namespace) -> Iterator[InboundMessage]:
    """`client.messages(...)`, synchronising by itself when no window is open (code 21) and
    going on once from where it stopped; retrieval off (code 20) says what to run."""
    from .._errors import ServiceError
    from ._watch import RETRIEVAL_OFF, RetrievalDisabled

    printed: set[str] = set()
    before, remaining, synchronised = args.before, args.limit, False
    while remaining != 0:
        try:
            for message in client.messages(
                date=args.date, message_type=args.message_type, before=before
            ):
                if message.guid in printed:
                    continue
                printed.add(message.guid)
                before = message.timestamp + 1  # newest first: on again from this second
                yield message
                remaining = None if remaining is None else remaining - 1
                if remaining == 0:
                    return  # before the iterator asks for a page it does not need
            return
        except ServiceError as error:
            if error.code == "20":
                raise RetrievalDisabled(RETRIEVAL_OFF) from error
            if error.code != "21" or synchronised:
                raise
            synchronised = True
            client.synchronize()


def _watch(args: argparse.Namespace, settings: Settings) -> int:
    from ._watch import WatchOptions, watch

    options = WatchOptions(
        interval=args.interval,
        state_path=None if args.state is None else Path(args.state),
        max_polls=args.max_polls,
    )
    with make_client(settings) as client:
        try:
            return watch(client, options)
        except ValueError as error:  # an unreadable state file
            if type(error) is ValueError:
                raise UsageError(str(error)) from error
            raise


def _check(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        result = client.check_number(args.number)
    verdict = "on WhatsApp" if result.on_whatsapp else "not on WhatsApp"
    _emit(settings, f"{result.number}: {verdict}", result)
    return 0


def _retrieval(args: argparse.Namespace, settings: Settings) -> int:
    if args.switch == "status":
        raise UsageError(
            "the service has no read-only retrieval status (/getwa/active/ without statut "
            "toggles it); run: smsmobile retrieval on (safe to repeat; it prints the state)"
        )
    switch: bool | Literal["toggle"] = {"on": True, "off": False}.get(args.switch, "toggle")
    with make_client(settings) as client:
        state = client.set_retrieval(switch)
    _emit(settings, f"inbound retrieval is {'on' if state.enabled else 'off'}", state)
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    from .._auth import OAuth2ClientCredentials
    from .._models import Timeouts

    auth = credentials(settings)
    if not isinstance(auth, OAuth2ClientCredentials):
        raise UsageError(
            "`token` needs OAuth2 client credentials: --client-id and --client-secret "
            "(or SMSMOBILEAPI_CLIENT_ID and SMSMOBILEAPI_CLIENT_SECRET)"
        )
    timeouts = (
        Timeouts()
        if settings["timeout"] is None
        else Timeouts(settings["timeout"], settings["timeout"])
    )
    base_url = (settings["base_url"] or "https://api.smsmobileapi.com").rstrip("/")
    provider = auth.token_provider(base_url, timeouts)
    try:
        token = provider.token()
        expires_at = provider.expires_at
    finally:
        provider.close()
    document: dict[str, Any] = {"token_type": "Bearer", "expires_at": expires_at}
    text = f"token fetched; it expires at {_when(expires_at)}"
    if expires_at is not None:
        seconds = int((expires_at - dt.datetime.now(dt.UTC)).total_seconds())
        document["expires_in"] = seconds
        text += f" (in {seconds} s)"
    if args.show_token:
        document["access_token"] = token
        text = token if not sys.stdout.isatty() else f"{text}\n{token}"
    _emit(settings, text, document)
    return 0


def _sandbox(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the sandbox with the credentials given to `sandbox` (its defaults otherwise);
    the sandbox's own entry point answers a port in use with exit 6."""
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
    if args.quiet:
        argv.append("--quiet")
    return sandbox.main(argv)


def _gateway(args: argparse.Namespace, settings: Settings) -> int:
    import os

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
    except InvalidRequest as error:  # short keys, keys without credentials or the reverse
        raise UsageError(str(error)) from None
    server = gw.serve(app, host=args.host, port=args.port)
    mode = "held OAuth2" if oauth2 else "pass-through"
    sys.stderr.write(
        f"smsmobile: SOAP gateway ({mode}) to {upstream} on {server.url}/soap "
        f"(WSDL at {server.url}/soap?wsdl; Ctrl-C to stop)\n"
    )
    if public_url is None and args.host in ("0.0.0.0", "::"):  # noqa: S104 (checked, not bound)
        sys.stderr.write("smsmobile: no --public-url: ?wsdl answers only loopback Host names\n")
    sys.stderr.flush()
    server.run_until_stopped()
    return 0


def _webhook_serve(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import signal

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
            "created_at": event.created_at.isoformat(),
            "occurred_at": event.occurred_at.isoformat(),
            "data": to_json(dict(event.data)),
        }
        with printing:
            print(json.dumps(document, ensure_ascii=False), flush=True)

    def ready(url: str) -> None:
        sys.stderr.write(f"smsmobile: receiving webhooks on {url} (Ctrl-C to stop)\n")
        sys.stderr.flush()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        serve(secret, show, args.host, args.port, ready=ready)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _webhook_trigger(args: argparse.Namespace, settings: Settings) -> int:
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
    _emit(
        settings,
        f"{args.event} {event_id} -> HTTP {status}",
        {"event": args.event, "id": event_id, "status": status, "delivered": ok},
    )
    return 0 if ok else 1


def _bulk(args: argparse.Namespace, settings: Settings) -> int:
    from .bulk import _report as bulk_report
    from .bulk import _runner as bulk
    from .bulk._csv import CsvLayout

    if args.resend_failed:
        raise UsageError(
            "--resend-failed was renamed: --retry-failed sends again the rows the service "
            "refused; --resend-undelivered asks the service to resend accepted messages it "
            "could not deliver"
        )
    options = bulk.BulkOptions(
        csv_path=Path(args.csv),
        journal_path=Path(args.journal),
        rate_per_minute=args.rate,
        workers=args.workers,
        retry_unknown=args.retry_unknown,
        retry_failed=args.retry_failed,
        force=args.force,
        json=settings["json"],
        validate_only=args.validate_only,
        layout=CsvLayout(args.delimiter, args.to_column, args.message_column, args.media_column),
        resume_command=_bulk_resume_command(args, settings),
    )
    if args.report:
        return bulk_report.report(options)
    with _sigterm_as_interrupt():  # in-flight requests finish and are recorded, then exit 130
        if args.resend_undelivered:
            return bulk_report.resend_undelivered(options, lambda: make_client(settings))
        return bulk.run(options, lambda: make_client(settings))


def _bulk_resume_command(args: argparse.Namespace, settings: Settings) -> str:
    """The command that resumes an interrupted run: the same file, journal and options, and
    never a credential (those come from the same options or environment as before)."""
    import shlex

    words = ["smsmobile"]
    if getattr(args, "base_url", None):
        words += ["--base-url", args.base_url]
    if settings["json"]:
        words.append("--json")
    if settings["transport"] != "rest":
        words += ["--transport", settings["transport"]]
    words += ["bulk", args.csv, "--journal", args.journal]
    if args.rate != 60.0:
        words += ["--rate", f"{args.rate:g}/min"]
    if args.workers != 4:
        words += ["--workers", str(args.workers)]
    if args.delimiter is not None:
        words += ["--delimiter", "tab" if args.delimiter == "\t" else args.delimiter]
    for option, value, default in (
        ("--to-column", args.to_column, "recipient"),
        ("--message-column", args.message_column, "message"),
        ("--media-column", args.media_column, "media_url"),
    ):
        if value != default:
            words += [option, value]
    command = shlex.join(words)
    if settings["cli_api_key"] or settings["cli_client"]:
        command += "  # with the same credentials as before"
    return command


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


_HANDLERS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "send": _send,
    "resend": _resend,
    "sync": _sync,
    "inbox": _inbox,
    "watch": _watch,
    "check": _check,
    "retrieval": _retrieval,
    "token": _token,
    "sandbox": _sandbox,
    "webhook_serve": _webhook_serve,
    "webhook_trigger": _webhook_trigger,
    "gateway": _gateway,
    "bulk": _bulk,
}
