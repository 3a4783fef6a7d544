"""`main`: parse, resolve the global options once, run the command, map failures to exit codes."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from collections.abc import Sequence

from ._parser import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ParseError,
    build_parser,
)
from ._parser_options import global_options

__all__ = ["command_named", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit code (see EXIT_CODES)."""
    from ._reporting import address_of, describe, error_code, host_of, report

    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments
    named = command_named(arguments)
    parser = build_parser(only=named)
    if not arguments:  # bare `smsmobile`: the help, as gh does (asked for nothing, got help)
        parser.print_help()
        return EXIT_OK
    try:
        try:
            args = parser.parse_args(arguments)
        except ParseError:
            if named is None:
                raise
            parser = build_parser()  # the whole parser words the error, and its suggestion
            args = parser.parse_args(arguments)
    except ParseError as error:
        from ._completion import option_names
        from ._suggest import with_suggestion

        if not as_json:
            error.parser.print_usage(sys.stderr)
        message = with_suggestion(str(error), arguments, option_names(parser))
        report(message, kind="UsageError", code=None, exit_code=EXIT_USAGE, as_json=as_json)
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


@functools.cache
def _main_options() -> tuple[frozenset[str], frozenset[str]]:
    """(the main options that take a value, those that take none), as `global_options` adds
    them."""
    actions = global_options(argparse.ArgumentParser(add_help=False), shown=False, credentials=True)
    valued = frozenset(name for a in actions if a.nargs != 0 for name in a.option_strings)
    return valued, frozenset(name for a in actions if a.nargs == 0 for name in a.option_strings)


def command_named(arguments: Sequence[str]) -> str | None:
    """The command `arguments` run, when nothing but main options spelled in full comes before
    it: only its parser is built. None (build every command's) for anything else: no command,
    `--help`, `--version`, an abbreviated option."""
    valued, flags = _main_options()
    value_next = False
    for argument in arguments:
        if value_next:
            value_next = False
        elif argument in valued:
            value_next = True
        elif argument in flags or argument.split("=", 1)[0] in valued:
            continue
        else:
            return None if argument.startswith("-") else argument
    return None


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
