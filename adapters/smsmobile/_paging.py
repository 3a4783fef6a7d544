"""Paging back through inbound messages with `before`, without losing those that share a second.

The service pages by timestamp only: `before` asks for records strictly older than a unix second.
Asking for `before = oldest` after a page skips whatever of the page's oldest second did not fit
on it; asking for `oldest + 1` reads that second again, and de-duplicating by guid keeps each
message once. A second that holds more messages than a page can never be read whole that way: it
is read once more per message type (when the caller did not filter by type), and what still
cannot be reached is a logged warning naming the timestamp, never a silent stop.

Shared by `WhatsApp.messages()`, `AsyncWhatsApp.messages()` and `inbox watch`: the algorithm is
`paging_steps`, a generator with no I/O that asks for pages (`PageRequest`) and is sent them, so
the sync and the async iterators only differ in how they fetch a page.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import get_args

from ._models import InboundMessage, MessageType

__all__ = [
    "AsyncFetch",
    "Fetch",
    "PageRequest",
    "async_inbound_messages",
    "inbound_messages",
    "paging_steps",
]

logger = logging.getLogger("smsmobile")

#: One page: `fetch(before, message_type)`, newest first, as the service returns it.
Fetch = Callable[[int | None, MessageType | None], list[InboundMessage]]
AsyncFetch = Callable[[int | None, MessageType | None], Awaitable[list[InboundMessage]]]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A page `paging_steps` wants: messages older than `before`, of `message_type` (None: all)."""

    before: int | None
    message_type: MessageType | None


#: Yields a `PageRequest` (send it the page) or a message (send None); returns when done.
Steps = Generator[PageRequest | InboundMessage, list[InboundMessage] | None, None]
_MESSAGE_TYPES: tuple[MessageType, ...] = get_args(MessageType)


def inbound_messages(
    fetch: Fetch,
    *,
    before: int | None,
    message_type: MessageType | None,
    covered: Callable[[str], bool] | None = None,
) -> Iterator[InboundMessage]:
    """Every message older than `before`, newest first, each once, fetched lazily.

    Stops at an empty page, at a page shorter than the page size once that is known (the
    service cut an earlier page short, so a shorter page holds everything older than
    `before`), at a page holding a guid that `covered` says was handled before (the watch:
    older pages were read by earlier polls), or when the service ignores `before`.
    """
    steps = paging_steps(before=before, message_type=message_type, covered=covered)
    reply: list[InboundMessage] | None = None
    while True:
        try:
            step = steps.send(reply)
        except StopIteration:
            return
        if isinstance(step, PageRequest):
            reply = fetch(step.before, step.message_type)
        else:
            reply = None
            yield step


async def async_inbound_messages(
    fetch: AsyncFetch,
    *,
    before: int | None,
    message_type: MessageType | None,
) -> AsyncIterator[InboundMessage]:
    """`inbound_messages` for an async `fetch`: the same steps, each page awaited."""
    steps = paging_steps(before=before, message_type=message_type)
    reply: list[InboundMessage] | None = None
    while True:
        try:
            step = steps.send(reply)
        except StopIteration:
            return
        if isinstance(step, PageRequest):
            reply = await fetch(step.before, step.message_type)
        else:
            reply = None
            yield step


def _page(
    before: int | None, message_type: MessageType | None
) -> Generator[PageRequest, list[InboundMessage] | None, list[InboundMessage]]:
    page = yield PageRequest(before, message_type)
    assert page is not None, "a PageRequest is answered with a page"
    return page


def paging_steps(
    *,
    before: int | None,
    message_type: MessageType | None,
    covered: Callable[[str], bool] | None = None,
) -> Steps:
    """The paging algorithm without I/O (see the module docstring and `inbound_messages`)."""
    seen: set[str] = set()
    page_size: int | None = None  # known once the service has cut a page short
    previous_length = 0
    unproven: tuple[int, int] | None = None  # (second, length) of a page of one old second
    while True:
        page = yield from _page(before, message_type)
        if unproven is not None and page:
            # Older messages exist, so the page of that one second was cut short: it was full.
            second, page_size = unproven
            yield from _rest_of_second(second, page_size, message_type, seen)
        unproven = None
        if not page:
            return
        fresh = [message for message in page if message.guid not in seen]
        if covered is not None and any(covered(message.guid) for message in page):
            yield from (message for message in fresh if not covered(message.guid))
            return
        oldest = min(message.timestamp for message in page)
        if fresh:
            if page_size is None and previous_length and seen:
                page_size = previous_length  # the page before this one did not hold everything
            seen.update(message.guid for message in fresh)
            yield from fresh
            if before is not None and oldest >= before:
                return  # the service ignored `before`: stop rather than loop
            if page_size is not None and len(page) < page_size:
                return  # a page the service did not cut short: nothing older is left
            previous_length = len(page)
            before = oldest + 1
            continue
        # Nothing new: the page is the oldest second again (or the service ignored `before`).
        if before is not None and max(message.timestamp for message in page) >= before:
            return
        if page_size is None:
            unproven = (oldest, len(page))
        elif len(page) >= page_size:
            yield from _rest_of_second(oldest, page_size, message_type, seen)
        else:
            return  # not cut short, and all of it read before: nothing older is left
        before = oldest


def _rest_of_second(
    second: int,
    page_size: int,
    message_type: MessageType | None,
    seen: set[str],
) -> Steps:
    """What a second holding a full page or more still has: asked for once per message type."""
    if message_type is not None:  # the caller's filter leaves nothing to narrow by
        _warn_overfull(second, page_size, message_type)
        return
    for kind in _MESSAGE_TYPES:
        page = yield from _page(second + 1, kind)
        at_second = [message for message in page if message.timestamp == second]
        if len(at_second) == len(page) >= page_size:
            _warn_overfull(second, page_size, kind)
        fresh = [message for message in at_second if message.guid not in seen]
        seen.update(message.guid for message in fresh)
        yield from fresh


def _warn_overfull(second: int, page_size: int, kind: MessageType) -> None:
    logger.warning(
        "more than %d inbound %s messages share the timestamp %d: the service pages by the "
        "second, so some of them could not be fetched",
        page_size,
        kind,
        second,
    )
