"""A row of the table, how it is judged against its goal, and where the time goes when missed."""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    """One line of the table.

    `figure` is compared with `goal` (at most, or at least when `higher_is_better`); `measure`
    says what the figure is (instructions, cpu, wall, ms, MB). A row whose feature is missing
    has `available=False` and says why in `note`; a missed goal says where the time goes there.
    """

    key: str
    name: str
    ours: str = ""
    baseline: str = ""
    figure: float | None = None
    goal: float | None = None
    higher_is_better: bool = False
    measure: str = ""
    second: str = ""
    note: str = ""
    available: bool = True
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool | None:
        if self.figure is None or self.goal is None:
            return None
        return self.figure >= self.goal if self.higher_is_better else self.figure <= self.goal

    @property
    def target(self) -> str:
        if self.goal is None:
            return "(side by side)" if self.available else ""
        return f"{'>=' if self.higher_is_better else '<='} {self.goal:g}"


def not_available(key: str, name: str, why: str) -> Row:
    return Row(key, name, ours="not available", note=why, available=False)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} us"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def instructions(count: float) -> str:
    return f"{count / 1e6:,.2f} M instr" if count >= 1e6 else f"{count / 1e3:,.0f} k instr"


def log(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


def _package(file_name: str) -> str:
    """The top-level package a profiled function lives in (`~` is the interpreter's C code)."""
    if file_name == "~":
        return "builtins"
    parts = file_name.replace("\\", "/").split("/")
    for marker in ("site-packages", "adapters", "sandbox", "generated", "bench"):
        if marker in parts:
            index = parts.index(marker) + 1
            if index < len(parts):
                return parts[index].removesuffix(".py")
    return "stdlib"


def _profiled_threads(profiles: list[cProfile.Profile]) -> Callable[[], None]:
    """Profile every thread started from now on (cProfile sees only its own thread); undo."""
    original = threading.Thread.run

    def run(thread: threading.Thread) -> None:
        profile = cProfile.Profile(time.thread_time)
        profiles.append(profile)
        profile.runcall(original, thread)

    threading.Thread.run = run  # type: ignore[method-assign]

    def undo() -> None:
        threading.Thread.run = original  # type: ignore[method-assign]

    return undo


def where_time_goes(operation: Callable[[], object], repeat: int) -> str:
    """A short line: the share of CPU per package, then the three costliest functions.

    Each thread's own CPU time (`time.thread_time`), so waiting on the network or on another
    thread is not counted as cost; threads the operation starts are profiled too.
    """
    main = cProfile.Profile(time.thread_time)
    profiles = [main]
    undo = _profiled_threads(profiles)
    try:
        main.enable()
        for _ in range(repeat):
            operation()
        main.disable()
    finally:
        undo()
    stats = pstats.Stats(main)
    for profile in profiles[1:]:
        stats.add(profile)
    functions = stats.get_stats_profile().func_profiles
    total = sum(f.tottime for f in functions.values()) or 1.0
    by_package: dict[str, float] = {}
    costly: list[tuple[float, str]] = []
    for name, f in functions.items():
        package = _package(f.file_name)
        by_package[package] = by_package.get(package, 0.0) + f.tottime
        costly.append((f.tottime, f"{package}:{name.split(' of ')[0].strip('<>')}"))
    shares = sorted(by_package.items(), key=lambda item: -item[1])[:5]
    line = ", ".join(f"{package} {seconds / total:.0%}" for package, seconds in shares)
    top = ", ".join(f"{label} {seconds / total:.0%}" for seconds, label in sorted(costly)[::-1][:3])
    return f"profile (cProfile, CPU self time per thread): {line}; top: {top}"


@dataclass
class Scale:
    """How much each row does: the full run, or `--quick` (tiny; figures not meaningful)."""

    quick: bool = False
    rounds: int = 9
    sends_per_round: int = 60
    soap_per_round: int = 40
    retrievals_per_round: int = 4
    counted_sends: int = 100
    counted_retrievals: int = 10
    counted_bulk_rows: int = 200
    imports: int = 11
    cold_starts: int = 7
    bulk_rows: int = 2000
    bulk_repeats: int = 3
    memory_rows: tuple[int, ...] = (1_000_000, 10_000_000)
    gateway_callers: int = 16
    gateway_requests: int = 40
    async_sends: int = 1000
    official_sends: int = 300
    sandbox_requests: int = 2000
    instructions: bool = True
    counted: tuple[str, ...] = ()  # with `quick`: the rows that still count instructions


QUICK = Scale(
    quick=True, rounds=2, sends_per_round=5, soap_per_round=3, retrievals_per_round=1,
    counted_sends=5, counted_retrievals=1, counted_bulk_rows=20, imports=2, cold_starts=1,
    bulk_rows=40, bulk_repeats=1, memory_rows=(5_000,), gateway_callers=4, gateway_requests=5,
    async_sends=20, official_sends=5, sandbox_requests=40, counted=("rest",),
)  # fmt: skip
