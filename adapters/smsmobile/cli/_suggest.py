""" "Did you mean": argparse's invalid-choice message, with the closest choices (difflib)
added, so `smsmobile snd` says `did you mean 'send'?` as git does."""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterable

__all__ = ["with_suggestion"]

_INVALID_CHOICE = re.compile(
    r"invalid choice: (?P<given>'[^']*'|\"[^\"]*\") \(choose from (?P<choices>.*)\)$"
)


def with_suggestion(
    message: str, arguments: Iterable[str] = (), options: Iterable[str] = ()
) -> str:
    """`message` with "; did you mean ...?" when it refuses a choice close to a valid one, or
    when `arguments` hold a long option that is none of `options` but close to one (argparse
    may first complain of the required option it hides: `--mesage` for `--message`)."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return _option_suggestion(message, arguments, options)
    try:
        given = ast.literal_eval(found["given"])
        choices = [ast.literal_eval(item.strip()) for item in found["choices"].split(",")]
    except (ValueError, SyntaxError):
        return message
    close = difflib.get_close_matches(str(given), [str(c) for c in choices], n=3, cutoff=0.7)
    if not close:
        return message
    return f"{message}; did you mean {' or '.join(repr(c) for c in close)}?"


def _option_suggestion(message: str, arguments: Iterable[str], options: Iterable[str]) -> str:
    known = set(options)
    for word in arguments:
        if word == "--":
            break
        name = word.partition("=")[0]
        if not name.startswith("--") or name in known:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=2, cutoff=0.7)
        if close:
            return f"{message}; did you mean {' or '.join(repr(c) for c in close)} for {name!r}?"
    return message
