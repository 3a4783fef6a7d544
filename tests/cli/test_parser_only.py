"""`build_parser(only=...)`: a run builds the main options and its own command's parser only,
and parses and words everything as the whole parser does."""

from __future__ import annotations

import argparse
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from smsmobile.cli import build_parser, main
from smsmobile.cli._main import command_named


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:  # argparse has no public accessor for its subparsers
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _helps(parser: argparse.ArgumentParser, path: str = "") -> dict[str, str]:
    """Every (sub)command's help text, by its words."""
    texts = {path: parser.format_help()}
    for name, sub in _commands(parser).items():
        texts.update(_helps(sub, f"{path} {name}".strip()))
    return texts


WHOLE = build_parser()
NAMES = list(_commands(WHOLE))


def test_every_command_alone_has_the_same_parser_as_in_the_whole() -> None:
    assert {"send", "inbox", "bulk", "sandbox", "completion"} <= set(NAMES)
    whole = _helps(WHOLE)
    for name in NAMES:
        alone = build_parser(only=name)
        assert name in _commands(alone)
        assert len(_commands(alone)) < len(NAMES)
        for path, text in _helps(alone).items():
            if path:  # the main help lists only the commands it was built with
                assert text == whole[path], path
        assert {a.dest for a in alone._actions} == {a.dest for a in WHOLE._actions}


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "bulk", "x.csv", "--journal", "j.db", "--rate", "0", "--workers", "4"],
        ["--api-key", "k", "send", "--to", "32470123456", "--message", "hi"],
        ["--api-key=k", "-v", "inbox", "watch", "--interval", "5"],
        ["--base-url", "http://127.0.0.1:1", "calls", "missed"],
        ["sandbox", "--port", "0"],
        ["webhook", "serve", "--port", "0"],
        ["completion", "bash"],
    ],
)
def test_a_command_alone_parses_as_the_whole_parser(argv: list[str]) -> None:
    named = command_named(argv)
    assert named == next(a for i, a in enumerate(argv) if a in NAMES and argv[i - 1] != "--api-key")
    assert build_parser(only=named).parse_args(argv) == WHOLE.parse_args(argv)


def test_the_command_is_named_only_after_main_options_spelled_in_full() -> None:
    assert command_named(["--transport", "soap", "--timeout=3", "--json", "send"]) == "send"
    assert command_named(["--api-key", "send", "bulk"]) == "bulk"  # a value, then the command
    for argv in (["--help", "bulk"], ["--version"], ["--api", "k", "send"], ["-vv", "send"], []):
        assert command_named(argv) is None


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_usage_errors_are_worded_by_the_whole_parser() -> None:
    code, _, err = _run("send", "--to", "32470123456", "--mesage", "hi")
    assert code == 2 and "did you mean '--message' for '--mesage'?" in err
    code, _, err = _run("--api-key", "k", "sned")  # no such command: every command is listed
    assert code == 2 and "did you mean 'send'?" in err and "resend" in err
    code, out, _ = _run("--help", "bulk")  # the main help, with every command
    assert code == 0 and all(name in out for name in ("send", "bulk", "sandbox", "completion"))
