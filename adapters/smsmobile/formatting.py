"""WhatsApp text formatting: `bold`, `italic`, `strike`, `monospace`, and `escape`.

WhatsApp has no escape character. A marker (`*`, `_`, `~`, a backtick) only opens or closes a
span when it touches the text it wraps, so we neutralise a marker by putting a ZERO WIDTH SPACE
(U+200B) on both sides of it: it stays visible as itself, and the text reads the same.

- `bold(t)`, `italic(t)`, `strike(t)` neutralise their own marker inside `t` (so it cannot close
  the span early) and leave the others alone, so styles nest: `bold(italic("x"))` is `*_x_*`.
- `monospace(t)` wraps in triple backticks and breaks any backtick run inside `t`; WhatsApp does
  not interpret other markers inside a monospace block.
- `escape(t)` neutralises every marker: use it for text from users that must appear literally.
- Leading and trailing whitespace is kept outside the markers (`bold(" hi ")` is `" *hi* "`),
  because WhatsApp ignores a marker next to a space; all-whitespace or empty text is returned
  unchanged, since empty markers would be shown literally.

All of them are idempotent on already-neutralised markers (no double zero-width spaces).
"""

from __future__ import annotations

import re

__all__ = ["ZWSP", "bold", "escape", "italic", "monospace", "strike"]

ZWSP = "\u200b"
_MARKERS = "*_~`"


def _neutralise(text: str, markers: str) -> str:
    pattern = re.compile(f"{ZWSP}?([{re.escape(markers)}]){ZWSP}?")
    return pattern.sub(lambda m: f"{ZWSP}{m.group(1)}{ZWSP}", text)


def _wrap(text: str, marker: str, escape_markers: str) -> str:
    core = text.strip()
    if not core:
        return text
    start = len(text) - len(text.lstrip())
    lead, trail = text[:start], text[start + len(core) :]
    return f"{lead}{marker}{_neutralise(core, escape_markers)}{marker}{trail}"


def escape(text: str) -> str:
    """`text` with every WhatsApp marker neutralised, so it is shown literally."""
    return _neutralise(text, _MARKERS)


def bold(text: str) -> str:
    """`*text*`."""
    return _wrap(text, "*", "*")


def italic(text: str) -> str:
    """`_text_`."""
    return _wrap(text, "_", "_")


def strike(text: str) -> str:
    """`~text~`."""
    return _wrap(text, "~", "~")


def monospace(text: str) -> str:
    """```` ```text``` ````."""
    return _wrap(text, "```", "`")
