"""What each `smsmobile` command does, once the arguments are parsed (see `_parser`).

Results go to stdout (a line of text, or JSON with --json); everything else to stderr. No secret
is ever printed, except the token by `smsmobile token --show-token`, which is asked for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._json import to_json

if TYPE_CHECKING:
    from .._account import SmsMobile
    from .._auth import ApiKey, OAuth2ClientCredentials
    from .._client import WhatsApp
    from .._models import InboundMessage

__all__ = ["Settings", "UsageError", "credentials", "emit", "make_client", "run"]

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


def make_client(settings: Settings) -> SmsMobile:
    from .._account import SmsMobile

    auth = credentials(settings)
    if auth is None:
        raise UsageError(
            "no credentials: pass --api-key, or --client-id and --client-secret (or set "
            "SMSMOBILEAPI_API_KEY, or SMSMOBILEAPI_CLIENT_ID and SMSMOBILEAPI_CLIENT_SECRET)"
        )
    config = settings["config"]
    return SmsMobile(
        auth=auth, base_url=config.base_url, transport=config.transport, timeout=config.timeouts
    )


# -- output ----------------------------------------------------------------------------------


def emit(settings: Settings, text: str, document: Any) -> None:
    if settings["json"]:
        print(json.dumps(to_json(document), ensure_ascii=False), flush=True)
    else:
        print(text, flush=True)


def _when(moment: dt.datetime | None) -> str:
    from ._output import when

    return when(moment)


# -- commands --------------------------------------------------------------------------------


def _send(args: argparse.Namespace, settings: Settings) -> int:
    from ._operation_flags import WhenError, keywords

    try:
        arguments = keywords(args, "send")  # every flag of the operation table's send
    except WhenError as error:
        raise UsageError(str(error)) from None
    if arguments["message"] == "-":
        arguments["message"] = sys.stdin.read()
    with make_client(settings) as client:
        sent = client.send(**arguments)
    emit(settings, sent.guid, sent)
    return 0


def _operation(args: argparse.Namespace, settings: Settings) -> int:
    """A command derived from the operation table: its flags to the facade method, the result
    printed as it came (JSON with --json, `key: value` lines otherwise)."""
    from ._operation_flags import keywords, method_name, namespace_of

    with make_client(settings) as client:
        namespace = getattr(client, namespace_of(args.operation))
        method = getattr(namespace, method_name(args.operation))
        result = method(**keywords(args, args.operation))
        if isinstance(result, Iterator):  # a list operation: every page, read now
            result = list(result)
    document = to_json(result)
    if isinstance(document, dict):
        text = "\n".join(f"{key}: {value}" for key, value in document.items())
    else:
        text = json.dumps(document, ensure_ascii=False)
    emit(settings, text, result)
    return 0


def _resend(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        sent = client.resend(args.guid)
    emit(settings, sent.guid, sent)
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        window = client.synchronize()
    emit(settings, _when(window.expires_at), window)
    return 0


def _inbox(args: argparse.Namespace, settings: Settings) -> int:
    """A table, or with --json one JSON array (written as the pages arrive)."""
    from ._output import INBOX_HEADER, JsonArray, message_row

    count = 0
    with make_client(settings) as client:
        if settings["json"]:
            with JsonArray.writing(sys.stdout) as array:
                for message in _inbox_messages(client, args):
                    array.add_message(message)
            return 0
        for message in _inbox_messages(client, args):
            if count == 0:
                print(INBOX_HEADER)
            print(message_row(message), flush=True)
            count += 1
    if count == 0:
        sys.stderr.write("no messages\n")
    return 0


def _inbox_messages(client: WhatsApp, args: argparse.Namespace) -> Iterator[InboundMessage]:
    """`client.messages(...)`, synchronising by itself when no window is open (code 21) and
    going on once from where it stopped; retrieval off (code 20, `RetrievalDisabled`) is
    reported with the command to run."""
    from .._errors import ServiceError

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
        except ServiceError as error:  # SyncWindowClosed, or "21" from a transport of the caller's
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
        json_lines=settings["json"],
    )
    with make_client(settings) as client:
        try:
            if args.sms:
                from ._sms_watch import watch_sms

                return watch_sms(client, options)
            return watch(client, options)
        except ValueError as error:  # an unreadable state file
            if type(error) is ValueError:
                raise UsageError(str(error)) from error
            raise


def _check(args: argparse.Namespace, settings: Settings) -> int:
    with make_client(settings) as client:
        result = client.check_number(args.number)
    verdict = "on WhatsApp" if result.on_whatsapp else "not on WhatsApp"
    emit(settings, f"{result.number}: {verdict}", result)
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
    emit(settings, f"inbound retrieval is {'on' if state.enabled else 'off'}", state)
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
    emit(settings, text, document)
    return 0


from . import _commands_bulk as bulk_command  # noqa: E402 (they import this module)
from . import _commands_servers as server_commands  # noqa: E402
from ._completion import print_completion  # noqa: E402

_HANDLERS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "send": _send,
    "operation": _operation,
    "resend": _resend,
    "sync": _sync,
    "inbox": _inbox,
    "watch": _watch,
    "check": _check,
    "retrieval": _retrieval,
    "token": _token,
    "sandbox": server_commands.sandbox,
    "webhook_serve": server_commands.webhook_serve,
    "webhook_trigger": server_commands.webhook_trigger,
    "gateway": server_commands.gateway,
    "bulk": bulk_command.run_bulk,
    "completion": print_completion,
}
