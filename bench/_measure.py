"""Client CPU per operation, interleaved with its baseline so that both see the same machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Paired:
    """Median CPU seconds per operation of a subject and of its baseline, from one run."""

    subject: float
    baseline: float
    subject_wall: float
    baseline_wall: float
    rounds: int
    per_round: int

    @property
    def ratio(self) -> float:
        return self.subject / self.baseline


def _one_round(operation: Callable[[], object], count: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        operation()
    return (time.process_time() - cpu) / count, (time.perf_counter() - wall) / count


def interleaved(
    operations: dict[str, Callable[[], object]],
    *,
    rounds: int,
    per_round: int,
    warmup: int = 20,
    between: Callable[[], object] | None = None,
) -> dict[str, tuple[float, float]]:
    """Rounds of every operation in turn (the order rotates each round); for each, the median
    (CPU, wall) seconds per call.

    CPU is `time.process_time()` of this process: the sandbox runs in another one, so only the
    client's work (ours plus the HTTP library's) is counted, not the server's.
    """
    for _ in range(warmup):
        for operation in operations.values():
            operation()
    names = list(operations)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            if between is not None:
                between()
            c, w = _one_round(operations[name], per_round)
            cpu[name].append(c)
            wall[name].append(w)
    return {name: (statistics.median(cpu[name]), statistics.median(wall[name])) for name in names}


def paired(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int,
    per_round: int,
    warmup: int = 20,
    between: Callable[[], object] | None = None,
) -> Paired:
    """`interleaved` for one subject and its baseline."""
    found = interleaved(
        {"baseline": baseline, "subject": subject},
        rounds=rounds,
        per_round=per_round,
        warmup=warmup,
        between=between,
    )
    return Paired(
        subject=found["subject"][0],
        baseline=found["baseline"][0],
        subject_wall=found["subject"][1],
        baseline_wall=found["baseline"][1],
        rounds=rounds,
        per_round=per_round,
    )
