"""What a derived reply type does beyond its fields: methods a schema cannot say.

A schema marked `x-smsmobile-base: Name` is derived as a dataclass subclassing `Name` from here
(slotted, with no state of its own), so its fields still come from the spec.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["SyncWindowBehaviour"]


class SyncWindowBehaviour:
    """`SyncWindow.is_open`: whether the window is still open at a moment."""

    __slots__ = ()
    expires_at: dt.datetime

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return (now or dt.datetime.now(dt.UTC)) < self.expires_at
