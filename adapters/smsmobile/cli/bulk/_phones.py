"""The phones a bulk run sends through (`--devices`), each under its own rate limit.

Without `--devices` there is one "phone", the account's default (SID None), and a run behaves
as it always did. With it, the rows go round the phones in turn, each phone taking a row when
its own token bucket has one (`--rate` is per phone); a 429 pauses them all (it applies to the
account). A phone whose send is refused by the service, or ends unknown, is retired: it takes
no more rows and the others go on. When none is left, the run stops and the rest stays pending.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..._derived.replies import Device
from ._csv import BulkFileError
from ._workers import RateLimiter

__all__ = ["Phone", "Phones", "parse_devices", "resolve_devices"]


@dataclass(slots=True, eq=False)
class Phone:
    sid: str | None
    limiter: RateLimiter
    retired: str | None = field(default=None)  # why it takes no more rows


class Phones:
    """The run's phones; thread-safe."""

    def __init__(self, sids: Sequence[str | None], per_minute: float) -> None:
        self.all = [Phone(sid, RateLimiter(per_minute)) for sid in sids]
        self.named = any(sid is not None for sid in sids)  # --devices: phones can be retired
        self._lock = threading.Lock()
        self._turn = 0

    def take_now(self) -> Phone | None:
        """The next phone, in turn, that has a token right now (taking it); None if each
        would mean a wait."""
        with self._lock:
            count = len(self.all)
            for step in range(count):
                phone = self.all[(self._turn + step) % count]
                if phone.retired is None and phone.limiter.acquire_now():
                    self._turn = (self._turn + step + 1) % count
                    return phone
        return None

    def take(self, stop: threading.Event) -> Phone | None:
        """Wait for a phone with a token; None if `stop` was set or no phone is left."""
        if len(self.all) == 1:  # the single phone: exactly the one shared limit of old
            phone = self.all[0]
            return phone if phone.retired is None and phone.limiter.acquire(stop) else None
        while not stop.is_set():
            free = self.take_now()
            if free is not None:
                return free
            waits = [p.limiter.time_to_token() for p in self.all if p.retired is None]
            if not waits:
                return None
            stop.wait(min(max(min(waits), 0.005), 0.5))
        return None

    def pause(self, seconds: float) -> None:
        """Hold every phone back (a 429 is the account's)."""
        for phone in self.all:
            phone.limiter.pause(seconds)

    def retire(self, phone: Phone, reason: str) -> tuple[bool, bool]:
        """Take `phone` out of the run (only with --devices); whether it was retired just now,
        and whether no phone is left."""
        with self._lock:
            if not self.named or phone.retired is not None:
                return False, False
            phone.retired = reason
            return True, all(p.retired is not None for p in self.all)

    def retired(self) -> dict[str, str]:
        """SID -> why, of the phones retired in this run."""
        with self._lock:
            return {str(p.sid): p.retired for p in self.all if p.retired is not None}


def parse_devices(text: str) -> str | tuple[str, ...]:
    """`all`, or the SIDs of a comma-separated list (each once, in order); ValueError names
    the rule."""
    if text.strip().lower() == "all":
        return "all"
    sids = tuple(dict.fromkeys(part.strip() for part in text.split(",")))
    if not sids or any(not sid for sid in sids):
        raise ValueError("'all', or device SIDs separated by commas, none empty")
    if any(len(sid) > 64 or any(c.isspace() for c in sid) for sid in sids):
        raise ValueError("a device SID has at most 64 characters and no spaces")
    return sids


def resolve_devices(client: Any, wanted: str | tuple[str, ...]) -> tuple[str, ...]:
    """The SIDs to send through: every connected phone of the account (`all`), or the ones
    named, each checked against the account's list (`/gateway/mobile/list/`)."""
    devices = getattr(client, "devices", None)
    if devices is None:
        raise BulkFileError("--devices: this client cannot list the account's phones")
    phones = _phones_in(devices.list())
    if wanted == "all":
        # ASSUMPTION (the listing's shape is not published): a phone whose status is
        # "disconnected" cannot send, so it takes no row
        sids = tuple(sid for sid, status in phones.items() if status != "disconnected")
        if not sids:
            raise BulkFileError(
                "--devices all: the account has no connected phone (smsmobile devices)"
            )
        return sids
    unknown = [sid for sid in wanted if sid not in phones]
    if unknown:
        raise BulkFileError(
            f"--devices: no phone of the account has the SID {', '.join(unknown)} "
            f"(its phones: {', '.join(phones) or 'none'}; smsmobile devices)"
        )
    return tuple(wanted)


def _phones_in(reply: object) -> dict[str, str | None]:
    """SID -> status of the phones in a devices listing: `devices.list()`'s typed `Device`s, or
    (a custom client) the first list of objects with a `sid` (or `sIdentifiant`), wherever the
    reply nests it."""
    if isinstance(reply, list) and reply and all(isinstance(d, Device) for d in reply):
        return {d.sid: d.status.lower() if d.status is not None else None for d in reply}
    if isinstance(reply, Mapping):
        for value in reply.values():
            found = _phones_in(value)
            if found:
                return found
    elif isinstance(reply, list):
        phones: dict[str, str | None] = {}
        for item in reply:
            if isinstance(item, Mapping):
                sid = item.get("sid", item.get("sIdentifiant"))
                if isinstance(sid, str) and sid:
                    status = item.get("status")
                    phones[sid] = str(status).lower() if status is not None else None
        return phones
    return {}
