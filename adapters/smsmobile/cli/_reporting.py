"""How the command line reports a failure: the exit code, and one sentence saying what
happened, where (the host, never a credential) and what to do; as JSON with --json."""

from __future__ import annotations

import argparse
import sys

from ._operation_flags import option_names
from ._parser import (
    EXIT_AUTH,
    EXIT_LISTEN,
    EXIT_SERVICE,
    EXIT_TRANSPORT,
    EXIT_USAGE,
)

__all__ = ["address_of", "describe", "error_code", "host_of", "report"]


def host_of(base_url: str) -> str:
    """host[:port] of the base URL, without any userinfo in it."""
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    if not parts.hostname:
        return "the service"
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def address_of(args: argparse.Namespace) -> str | None:
    host, port = getattr(args, "host", None), getattr(args, "port", None)
    return None if host is None or port is None else f"{host}:{port}"


def error_code(error: BaseException) -> str | None:
    """The `code` of a JSON error: the service's own code, or the HTTP status behind it."""
    from .. import _errors as errors

    if isinstance(error, errors.ServiceError):
        return error.code
    if isinstance(error, errors.RateLimited):
        return "429"
    if isinstance(error, errors.AuthenticationError) and error.http_status is not None:
        return str(error.http_status)
    return None


def report(message: str, *, kind: str, code: str | None, exit_code: int, as_json: bool) -> None:
    if as_json:
        import json

        document = {"type": kind, "message": message, "code": code, "exit_code": exit_code}
        sys.stderr.write(json.dumps({"error": document}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"smsmobile: error: {message}\n")
    sys.stderr.flush()


def describe(
    error: BaseException, command: str, address: str | None = None, host: str = "the service"
) -> tuple[int, str]:
    """The exit code and the one sentence that tells the user what happened, where, and what
    to do (`host` is the service's host[:port], never a credential)."""
    from .. import _errors as errors
    from .._extras import MissingExtra
    from .._redact import redact
    from ._commands import UsageError
    from ._watch import RETRIEVAL_OFF
    from .bulk._csv import BulkFileError
    from .bulk._runner import BulkStopped

    def said(value: BaseException) -> str:
        return redact(" ".join(str(value).split())) or type(value).__name__

    text = said(error)
    if isinstance(error, errors.InvalidRequest):
        return EXIT_USAGE, f"invalid {_OPTION_OF.get(error.field, error.field)}: {error.rule}"
    if isinstance(error, UsageError | BulkFileError | MissingExtra):
        return EXIT_USAGE, text
    if isinstance(error, BulkStopped):
        return error.exit_code, text
    if isinstance(error, errors.RetrievalDisabled):
        return EXIT_SERVICE, RETRIEVAL_OFF
    if isinstance(error, errors.SyncWindowClosed):
        return EXIT_SERVICE, "no synchronisation window is open (code 21); run: smsmobile sync"
    if isinstance(error, errors.AuthenticationError):
        status = f"HTTP {error.http_status}" if error.http_status is not None else ""
        why = text.rpartition(": ")[2] if ": " in text else ""
        said_ = ": ".join(part for part in (status, why) if part)
        return EXIT_AUTH, (
            f"authentication refused by {host}{f' ({said_})' if said_ else ''}; check the API "
            "key, or the client id and secret"
        )
    if isinstance(error, errors.RateLimited):
        wait = f"retry after {error.retry_after:g} s" if error.retry_after else "retry later"
        return EXIT_SERVICE, f"rate limited by {host} (HTTP 429); {wait}"
    if isinstance(error, errors.ServiceError):
        status = f", HTTP {error.http_status}" if error.http_status is not None else ""
        detail = f": {redact(error.detail)}" if error.detail else ""
        return EXIT_SERVICE, f"{host} refused the request (error {error.code}{status}){detail}"
    if isinstance(error, errors.OutcomeUnknown):
        cause = _without_operation(said(error.cause) if error.cause is not None else text)
        if command in ("send", "resend"):
            return EXIT_TRANSPORT, (
                f"outcome unknown: {cause}, so the message may or may not have been sent; "
                f"{errors.OutcomeUnknown.how_to_check}"
            )
        return EXIT_TRANSPORT, (
            f"outcome unknown: {cause}, so the request may or may not have taken effect"
        )
    if isinstance(error, errors.ConnectError):
        return EXIT_TRANSPORT, _without_operation(text)
    if isinstance(error, errors.RequestTimeout):
        return EXIT_TRANSPORT, (
            f"no reply from {host} within the timeout; try again, or allow more with --timeout"
        )
    if isinstance(error, errors.MalformedReply):
        return EXIT_TRANSPORT, f"unreadable reply from {host}: {_without_operation(text)}"
    if isinstance(error, errors.TransportError):
        return EXIT_TRANSPORT, f"the exchange with {host} failed: {_without_operation(text)}"
    if isinstance(error, errors.SmsMobileError):
        return 1, text
    if isinstance(error, OSError) and command in _SERVERS and address is not None:
        return EXIT_LISTEN, _cannot_listen(error, address)
    if isinstance(error, OSError):
        return 1, text
    return 1, f"unexpected {type(error).__name__}: {text} (run with -v for the traceback)"


_SERVERS = ("sandbox", "gateway", "webhook_serve")


def _cannot_listen(error: OSError, address: str) -> str:
    import errno

    if error.errno == errno.EADDRINUSE:
        why = "the port is in use; stop what holds it or pick another --port (0: any free one)"
    elif error.errno == errno.EADDRNOTAVAIL:
        why = "that address is not this machine's; pick another --host"
    elif error.errno == errno.EACCES:
        why = "permission denied (ports under 1024 need privileges); pick another --port"
    else:
        why = f"{error.strerror or error}; pick another --host or --port"
    return f"cannot listen on {address}: {why}"


def _without_operation(text: str) -> str:
    """A transport's text without its leading `operation: ` (the command already says it)."""
    head, sep, rest = text.partition(": ")
    if sep and head.isidentifier():
        return rest
    return text


_OPTION_OF = {
    **option_names(),  # every operation's keywords, from the derived table
    "limit": "--limit",
    "base_url": "--base-url",
    "timeout": "--timeout",
    "auth": "credentials",
}
