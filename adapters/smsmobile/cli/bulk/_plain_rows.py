"""The plain common row of a bulk CSV, recognised without the general validation machinery.

Almost every row of a real export is plain: a number written as digits with an optional `+`
and spaces, a message of printable text, no media URL. Recognising that shape costs a regular
expression and two string predicates; the general path (`normalise_number`, `validate_message`,
`validate_media_url`) costs several times as much per row. The checks here accept only a
subset of what the general rules accept, and give the same result for it (a property test
holds them to that); anything else (another separator, a leading `00`, a tab in the message,
a media URL, an error to report) goes through the general rules and their messages.
"""

from __future__ import annotations

import re
from hashlib import sha256

from ..._validation import MAX_MESSAGE_LENGTH

__all__ = ["plain_key", "plain_message", "plain_number"]

#: After removing spaces: an optional `+`, then 6 to 15 digits not starting with 0.
_PLAIN_NUMBER = re.compile(r"\+?([1-9][0-9]{5,14})")


def plain_number(raw: str) -> str | None:
    """The normalised number if `raw` is plainly one (as `normalise_number` makes it), else None
    (which does not mean invalid: the general rule decides)."""
    found = _PLAIN_NUMBER.fullmatch(raw.replace(" ", "") if " " in raw else raw)
    return None if found is None else found[1]


def plain_message(text: str) -> bool:
    """Whether `text` is plainly a valid message: printable (so none of the characters no
    request can carry), not blank, not too long. False does not mean invalid."""
    return 0 < len(text) <= MAX_MESSAGE_LENGTH and text.isprintable() and not text.isspace()


def plain_key(recipient: str, message: str) -> str:
    """`content_hash([recipient, message, ""])` for a plain row: printable text has no lone
    surrogate, so plain UTF-8 gives the same bytes as the general hash's `surrogatepass`."""
    return sha256(f"{recipient}\x1f{message}\x1f".encode()).hexdigest()[:32]
