"""Iterators over the records of a list operation (`pages:` in spec/overlay.yaml).

The call is checked when the method is called (`_calls.prepare`); the requests go out as the
iterator is consumed. With `offset`/`limit` fields, pages follow one another from the caller's
offset, `limit` records each (the caller's, else the spec's maximum), until a short page; an
operation without them is one request whose records are yielded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any

from ._calls import Call
from ._operations import Operation, WireFields

__all__ = ["async_records", "records"]

Run = Callable[[Operation[Any], WireFields], Any]
AsyncRun = Callable[[Operation[Any], WireFields], Awaitable[Any]]

_DEFAULT_PAGE = 100


def _records_of(reply: object, key: str) -> list[Any]:
    """A typed page (the list the operation's `reply` parser returns) as it is; an untyped
    reply's `key` list of objects."""
    if isinstance(reply, list):
        return reply
    found = reply.get(key) if isinstance(reply, Mapping) else None
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _paging(call: Call[Any]) -> tuple[str, str, int, int] | None:
    """(offset field, limit field, first offset, page size), or None for one request."""
    spec = call.operation.spec
    names = {rule.wire: rule for rule in spec.fields} if spec is not None else {}
    if "offset" not in names or "limit" not in names:
        return None
    size = call.fields.get("limit")
    page = int(size) if size is not None else names["limit"].maximum or _DEFAULT_PAGE
    return "offset", "limit", int(call.fields.get("offset", 0)), page


def records(run: Run, call: Call[Any], key: str) -> Iterator[Any]:
    """Every record of `call`'s list (`key` of each reply), page after page."""
    paging = _paging(call)
    if paging is None:
        yield from _records_of(run(call.operation, call.fields), key)
        return
    offset_field, limit_field, offset, size = paging
    while True:
        page = _records_of(
            run(call.operation, {**call.fields, offset_field: offset, limit_field: size}), key
        )
        yield from page
        if len(page) < size:
            return
        offset += len(page)


async def async_records(run: AsyncRun, call: Call[Any], key: str) -> AsyncIterator[Any]:
    """`records`, awaited."""
    paging = _paging(call)
    if paging is None:
        for record in _records_of(await run(call.operation, call.fields), key):
            yield record
        return
    offset_field, limit_field, offset, size = paging
    while True:
        reply = await run(call.operation, {**call.fields, offset_field: offset, limit_field: size})
        page = _records_of(reply, key)
        for record in page:
            yield record
        if len(page) < size:
            return
        offset += len(page)
