"""The values a bulk journal stores and hands out: a row's states, entries and outcomes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

__all__ = [
    "STATES",
    "FailureKind",
    "JournalEntry",
    "Outcome",
    "OutcomeState",
    "PlainRows",
    "RecordedRow",
    "RowState",
    "content_hash",
]

RowState = Literal["pending", "invalid", "sending", "accepted", "failed", "unknown"]
STATES: tuple[RowState, ...] = ("pending", "invalid", "sending", "accepted", "failed", "unknown")
FailureKind = Literal["validation", "service", "auth"]
OutcomeState = Literal["accepted", "failed", "unknown", "pending"]


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One row as the journal knows it."""

    key: str
    line: int
    recipient: str
    state: RowState
    guid: str | None
    reason: str | None
    failure_kind: str | None
    attempts: int
    resent: int
    device: str | None = None  # the phone that took it (bulk --devices), else None


class RecordedRow(NamedTuple):
    """A row of the validation pass: its content key, line, recipient and problem (or None);
    `legacy_hash` matches it to a schema-1 journal's row on the same line."""

    key: str
    line: int
    recipient: str
    problem: str | None
    legacy_hash: str


class PlainRows(NamedTuple):
    """Good rows of the validation pass as columns (no schema-1 hash): keys, lines and
    recipients, in file order."""

    keys: Sequence[str]
    lines: Sequence[int]
    recipients: Sequence[str]


class Outcome(NamedTuple):
    """How a row's request ended, for `Journal.settle` to write."""

    key: str
    state: OutcomeState
    guid: str | None = None
    reason: str | None = None
    failure_kind: FailureKind | None = None


def content_hash(fields: Sequence[str]) -> str:
    """A short, stable hash of a row's meaningful fields."""
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]
