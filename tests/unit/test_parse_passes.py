"""Reading a message looks at its keys once, however many of them are absent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from smsmobile import _parse


class CountingObject(Mapping[str, Any]):
    """A reply object that counts the passes made over its keys."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.passes = 0

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        self.passes += 1
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def test_a_message_missing_many_keys_is_read_in_one_pass() -> None:
    # number, contact, message, more and chatgpt absent; "guid " written with a space.
    message = CountingObject({"guid ": "b1f0", "timestamp": "1741692420"})
    parsed = _parse.inbound_message(message)
    assert parsed.guid == "b1f0"
    assert parsed.number == parsed.contact == parsed.text == ""
    assert parsed.auto_reply is None and parsed.chatgpt is None
    assert message.passes == 1


def test_an_exact_key_wins_over_the_same_key_with_spaces() -> None:
    message = {"guid": "exact", " guid ": "padded", "timestamp": 1741692420, "number ": "32470"}
    parsed = _parse.inbound_message(message)
    assert (parsed.guid, parsed.number) == ("exact", "32470")
