"""Instructions per operation, counted by valgrind's callgrind: the same on a busy machine.

Wall and CPU time on a 2-core machine shared with other work moved ratios by 10-30% from run to
run; the number of instructions a process executes does not depend on what else runs. The
workload (see `_workloads`) runs in its own process under callgrind, which dumps its counters
each time the process calls `getppid()`: once before and once after the measured loop, so start-up,
imports and warm-up are not counted, only the COUNT operations in between. The sandbox runs in
another process and is not counted either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOW_TO_GET = (
    "valgrind is not installed: instruction counts (the repeatable measure) are skipped and "
    "the CPU rows fall back to CPU time, which moved by 10-40% between runs on a shared "
    "machine. Install it with `apt-get install -y valgrind` (Debian/Ubuntu, as root), "
    "`dnf install valgrind` or "
    "`brew install valgrind`; `make bench` installs it on Debian when run as root."
)


def valgrind() -> str | None:
    """The valgrind executable, or None."""
    return shutil.which("valgrind")


@dataclass(frozen=True)
class Counted:
    """Instructions per unit (a send, a retrieval of 100, a bulk row) of one workload."""

    workload: str
    instructions: int
    count: int
    units: int

    @property
    def per_unit(self) -> float:
        return self.instructions / (self.count * self.units)


def _part_totals(directory: Path, stem: str) -> list[int]:
    """Each dump's `totals:` (Ir), in the order they were written."""
    totals: list[tuple[int, int]] = []
    for path in directory.iterdir():
        if not path.name.startswith(stem):
            continue
        part = total = None
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("part:"):
                part = int(line.split()[1])
            elif line.startswith("totals:"):
                total = int(line.split()[1])
        if part is not None and total is not None:
            totals.append((part, total))
    return [total for _, total in sorted(totals)]


def count(workload: str, url: str, *, count: int, size: int) -> Counted:
    """Run `python -m bench._workloads` under callgrind; the instructions of the measured loop."""
    executable = valgrind()
    if executable is None:
        raise RuntimeError(HOW_TO_GET)
    with tempfile.TemporaryDirectory(prefix="smsmobile-callgrind-") as tmp:
        directory = Path(tmp)
        command = [
            executable, "--tool=callgrind", "--dump-before=getppid",
            f"--callgrind-out-file={directory / 'cg.out'}",
            sys.executable, "-m", "bench._workloads", workload, url, str(count), str(size),
        ]  # fmt: skip
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-3:]
            raise RuntimeError(f"{workload} under valgrind exited {done.returncode}: {tail}")
        parts = _part_totals(directory, "cg.out")
    # part 1: start-up to the first marker; part 2: the measured loop; the last: shutdown
    if len(parts) < 3:
        raise RuntimeError(f"{workload}: callgrind wrote {len(parts)} dumps, expected 3")
    return Counted(workload, parts[1], count, int(done.stdout.split()[-1]))
