""" "Did you mean": argparse's invalid-choice message, with the closest choices (difflib)
added, so `smsmobile snd` says `did you mean 'send'?` as git does."""

from __future__ import annotations

import ast
import difflib
import re

__all__ = ["with_suggestion"]

_INVALID_CHOICE = re.compile(
    r"invalid choice: (?P<given>'[^']*'|\"[^\"]*\") \(choose from (?P<choices>.*)\)$"
)


def with_suggestion(message: str) -> str:
    """`message` with "; did you mean ...?" when it refuses a choice close to a valid one."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return message
    try:
        given = ast.literal_eval(found["given"])
        choices = [ast.literal_eval(item.strip()) for item in found["choices"].split(",")]
    except (ValueError, SyntaxError):
        return message
    close = difflib.get_close_matches(str(given), [str(c) for c in choices], n=3, cutoff=0.7)
    if not close:
        return message
    return f"{message}; did you mean {' or '.join(repr(c) for c in close)}?"
