"""The phones' call logs (issue 22): `/call/missed/list/`, `/call/incoming/list/`,
`/call/outgoing/list/`, and the control that puts a call in them.

Missed calls page with `offset`/`limit` (1-500, default 100), filter on `search` (number or name)
and a day range, newest first, and answer `{"success", "offset", "limit", "count", "data"}`.
Incoming and outgoing calls page with `offset`/`limit` (1-200, default 50), filter on `q` (number
or cached name), sort by `sort_dir` (default desc) and answer `{"success", "count", "rows"}`.
`count` is the number of records in the page (ASSUMPTION: not published).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from . import _account_checks as check
from ._account import account_of, chosen_phone
from ._service import bad
from ._store import SandboxStore

CALL_KINDS = ("missed", "incoming", "outgoing")


class CallLog:
    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    def missed(self, params: Mapping[str, str]) -> dict[str, Any]:
        offset = check.integer(params, "offset", default=0)
        limit = check.integer(params, "limit", minimum=1, maximum=500, default=100)
        search = check.text(params, "search")
        start = check.day(params, "date_start")
        end = check.day(params, "date_end")
        assert offset is not None and limit is not None
        records = [
            record
            for record in self._of("missed", newest_first=True)
            if _matches(record, search, ("number", "name"))
            and (start is None or check.utc_day(record["timestamp"]) >= start)
            and (end is None or check.utc_day(record["timestamp"]) <= end)
        ]
        page = [_public(record) for record in records[offset : offset + limit]]
        return {"success": True, "offset": offset, "limit": limit, "count": len(page), "data": page}

    def incoming(self, params: Mapping[str, str]) -> dict[str, Any]:
        return self._rows("incoming", params)

    def outgoing(self, params: Mapping[str, str]) -> dict[str, Any]:
        return self._rows("outgoing", params)

    def _rows(self, kind: str, params: Mapping[str, str]) -> dict[str, Any]:
        offset = check.integer(params, "offset", default=0)
        limit = check.integer(params, "limit", minimum=1, maximum=200, default=50)
        query = check.text(params, "q")
        direction = check.choice(params, "sort_dir", ("asc", "desc")) or "desc"
        assert offset is not None and limit is not None
        records = [
            record
            for record in self._of(kind, newest_first=direction == "desc")
            if _matches(record, query, ("number", "name"))  # `name` is the cached name
        ]
        page = [_public(record) for record in records[offset : offset + limit]]
        return {"success": True, "count": len(page), "rows": page}

    def _of(self, kind: str, *, newest_first: bool) -> list[dict[str, Any]]:
        with self.store.lock:
            records = [dict(r) for r in account_of(self.store).calls if r["kind"] == kind]
        records.sort(key=lambda record: (record["timestamp"], record["id"]), reverse=newest_first)
        return records

    def record(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A call on a phone of the account: {"kind" (missed|incoming|outgoing), "number",
        "name"?, "duration_sec"?, "timestamp"?, "sid"?}; fires `call.<kind>`."""
        check.json_only(fields, {"kind", "number", "name", "duration_sec", "timestamp", "sid"})
        kind = fields.get("kind", "missed")
        if kind not in CALL_KINDS:
            raise bad("kind", "must be missed, incoming or outgoing")
        number = check.json_number(fields)
        name = check.json_text(fields, "name") or None
        duration = check.json_count(fields, "duration_sec", 0)
        if kind == "missed" and duration:
            raise bad("duration_sec", "a missed call lasts 0 seconds")
        timestamp = check.json_timestamp(fields)
        with self.store.lock:
            account = account_of(self.store)
            sid = chosen_phone(self.store, fields)
            record = {
                "id": account.take_id(),
                "guid": secrets.token_hex(16),
                "kind": kind,
                "number": number,
                "name": name,
                "duration_sec": duration,
                "timestamp": timestamp,
                "device_id": sid,
            }
            account.calls.append(record)
            self.store.publish("call", record)
        return _public(record) | {"kind": kind}


def _matches(record: Mapping[str, Any], needle: str | None, keys: tuple[str, ...]) -> bool:
    if needle is None:
        return True
    wanted = needle.lower().lstrip("+")
    return any(wanted in str(record.get(key) or "").lower() for key in keys)


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    """A CallRecord as published (plus the sandbox's `guid` and `device_id`)."""
    when = check.utc_text(record["timestamp"])
    return {
        "number": record["number"],
        "phone_number": record["number"],
        "name": record["name"],
        "cached_name": record["name"],
        "date": when,
        "call_datetime_utc": when,
        "duration_sec": record["duration_sec"],
        "guid": record["guid"],
        "device_id": record["device_id"],
    }
