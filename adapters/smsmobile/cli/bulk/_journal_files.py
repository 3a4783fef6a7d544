"""The files around a bulk journal: the CSV's identity, a private (0600) journal file, and the
run lock (an exclusive `flock` on `<journal>.lock`, held for a whole run)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FileIdentity", "JournalBusy", "JournalMismatch", "private_file", "take_run_lock"]

_HEAD_BYTES = 1024
_PRIVATE = 0o600


class JournalMismatch(Exception):
    """The journal was written for another CSV file (or another version of it)."""


class JournalBusy(Exception):
    """Another run holds the journal: two senders on one journal would send rows twice."""


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What makes a CSV "the same file": its path, size and the hash of its first KB."""

    path: str
    size: int
    head_sha256: str

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
            size = os.fstat(stream.fileno()).st_size
        return cls(str(path.resolve()), size, hashlib.sha256(head).hexdigest())

    def differences(self, other: FileIdentity) -> list[str]:
        found = []
        if self.path != other.path:
            found.append(f"path {other.path} (journal: {self.path})")
        if self.size != other.size:
            found.append(f"size {other.size} bytes (journal: {self.size})")
        if self.head_sha256 != other.head_sha256:
            found.append("content of the first KB")
        return found


def private_file(path: Path) -> None:
    """Create `path` 0600 if missing, and make it 0600 if an older version left it readable."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, _PRIVATE))
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(f"{path}{suffix}", _PRIVATE)


def take_run_lock(path: Path) -> int:
    """An exclusive flock on `<journal>.lock`, held until closed; JournalBusy if taken."""
    lock_path = f"{path}.lock"
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, _PRIVATE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
        os.close(descriptor)
        by = f" (process {holder})" if holder.isdigit() else ""
        raise JournalBusy(
            f"the journal {path} is in use by another bulk run{by}: wait for it to finish, "
            "or give another --journal"
        ) from None
    except BaseException:
        os.close(descriptor)
        raise
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
    return descriptor
