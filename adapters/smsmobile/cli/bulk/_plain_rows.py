"""The plain common row of a bulk CSV, recognised without the general validation machinery.

Almost every row of a real export is plain: a number written as digits with an optional `+`
and spaces, a message of printable text, no media URL. Recognising that shape costs a regular
expression and two string predicates; the general path (`normalise_number`, `validate_message`,
`validate_media_url`) costs several times as much per row. The checks here accept only a
subset of what the general rules accept, and give the same result for it (a property test
holds them to that); anything else (another separator, a leading `00`, a tab in the message,
a media URL, an error to report) goes through the general rules and their messages.

The number's shape is the spec's `recipients` pattern (spec/openapi.yaml, through the derived
table) with the client's one addition, no leading 0 (`normalise_number`). The `*_all`
functions check a whole column of a batch at once: one regular expression over the joined
numbers, string predicates over the joined messages, the hashes through `map`. A span whose
numbers are not all plain is split around the rows `not_plain_numbers` finds (one `map` of the
pattern); one whose messages are not is split in halves until those rows are found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from hashlib import sha256
from itertools import repeat
from operator import itemgetter

from ..._derived.table import OPERATION_SPECS
from ..._validation import MAX_MESSAGE_LENGTH

__all__ = [
    "not_plain_numbers",
    "plain_key",
    "plain_keys",
    "plain_message",
    "plain_messages",
    "plain_number",
    "plain_numbers",
]


def _spec_number() -> str:
    """The spec's `recipients` pattern without its anchors, with no leading 0 added."""
    send = next(spec for spec in OPERATION_SPECS if spec.name == "send")
    pattern = next(rule.pattern for rule in send.fields if rule.wire == "recipients")
    assert pattern is not None and pattern.startswith("^\\+?"), "the spec's recipients changed"
    return "\\+?(?=[1-9])" + pattern[len("^\\+?") :].rstrip("$")


#: After removing spaces: an optional `+`, then 6 to 15 digits not starting with 0.
_PLAIN_NUMBER = re.compile(_spec_number())
#: The same for a column of numbers joined by newlines (a newline is no part of a number).
_PLAIN_NUMBERS = re.compile(f"(?:{_spec_number()}\n)*{_spec_number()}")
_HEXDIGEST = type(sha256()).hexdigest
_KEY_PART = itemgetter(slice(None, 32))


def plain_number(raw: str) -> str | None:
    """The normalised number if `raw` is plainly one (as `normalise_number` makes it), else None
    (which does not mean invalid: the general rule decides)."""
    number = raw.replace(" ", "") if " " in raw else raw
    return None if _PLAIN_NUMBER.fullmatch(number) is None else number.lstrip("+")


def plain_numbers(raw: list[str]) -> list[str] | None:
    """What `plain_number` gives for each of `raw` if it gives a number for all, else None."""
    if not raw:
        return []
    text = "\n".join(raw)
    if " " in text:
        text = text.replace(" ", "")
    if _PLAIN_NUMBERS.fullmatch(text) is None:
        return None
    numbers = (text.replace("+", "") if "+" in text else text).split("\n")
    return numbers if len(numbers) == len(raw) else None  # else a newline inside a field


def not_plain_numbers(raw: list[str]) -> list[int]:
    """The positions in `raw` of the numbers `plain_number` gives None for, in one pass."""
    matches = map(_PLAIN_NUMBER.fullmatch, map(str.replace, raw, repeat(" "), repeat("")))
    return [index for index, match in enumerate(matches) if match is None]


def plain_message(text: str) -> bool:
    """Whether `text` is plainly a valid message: printable (so none of the characters no
    request can carry), not blank, not too long. False does not mean invalid."""
    return 0 < len(text) <= MAX_MESSAGE_LENGTH and text.isprintable() and not text.isspace()


def plain_messages(texts: list[str]) -> bool:
    """Whether `plain_message` holds for each of `texts` (empty: True)."""
    return not texts or (
        "".join(texts).isprintable()
        and all(texts)
        and max(map(len, texts)) <= MAX_MESSAGE_LENGTH
        and not any(map(str.isspace, texts))
    )


def plain_key(recipient: str, message: str) -> str:
    """`content_hash([recipient, message, ""])` for a plain row: printable text has no lone
    surrogate, so plain UTF-8 gives the same bytes as the general hash's `surrogatepass`."""
    return sha256(f"{recipient}\x1f{message}\x1f".encode()).hexdigest()[:32]


def plain_keys(recipients: Iterable[str], messages: Iterable[str]) -> list[str]:
    """`plain_key` of each (recipient, message) pair, without a Python call per row: the
    hashed texts are encoded as one string and cut at newlines (no plain field has one)."""
    rows = "\x1f\n".join(map("\x1f".join, zip(recipients, messages, strict=True)))
    if not rows:
        return []
    texts = (rows + "\x1f").encode().split(b"\n")
    return list(map(_KEY_PART, map(_HEXDIGEST, map(sha256, texts))))
