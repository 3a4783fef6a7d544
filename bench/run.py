"""Every benchmark, one table, bench/results.json (appended) and bench/results.svg.

See bench/README.md for what each row means and how it is measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from bench import _instructions, _results, _spread
from bench._chart import write_svg
from bench._row import QUICK, Row, Scale, log, not_available
from bench._rows_bulk import bench_bulk, bench_bulk_memory
from bench._rows_client import bench_rest_send, bench_retrieval, bench_soap_send
from bench._rows_other import bench_async, bench_official, bench_sandbox
from bench._rows_process import bench_cold_start, bench_gateway, bench_import
from bench._sandbox import SandboxProcess

HERE = Path(__file__).resolve().parent
RESULTS, CHART = HERE / "results.json", HERE / "results.svg"

BENCHMARKS: dict[str, Callable[[SandboxProcess, Scale], list[Row]]] = {
    "rest": bench_rest_send,
    "soap": bench_soap_send,
    "retrieval": bench_retrieval,
    "gateway": bench_gateway,
    "cold-start": bench_cold_start,
    "import": bench_import,
    "bulk": bench_bulk,
    "memory": bench_bulk_memory,
    "async": bench_async,
    "official": bench_official,
    "sandbox": bench_sandbox,
}


def _table(rows: list[Row]) -> str:
    header = ("benchmark", "ours", "baseline", "figure", "goal", "ok", "also")
    lines = [
        (
            row.name,
            row.ours,
            row.baseline,
            "" if row.figure is None else f"{row.figure:,.2f} {row.measure}",
            row.target,
            {True: "yes", False: "MISSED", None: ""}[row.ok],
            "; ".join(part for part in (row.second, row.note) if part),
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    widths[-1] = len(header[-1])  # the last column is not padded
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * width for width in widths))
    out += ["  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(line.rstrip() for line in out)


def _spread_report(runs: list[dict[str, object]]) -> str:
    found = _results.spread(runs)
    if not found:
        return "spread: fewer than two full runs recorded in bench/results.json"
    lines = ["spread of each figure over the last full runs (max - min) / min:"]
    for key, (count, share, measure) in sorted(found.items()):
        lines.append(f"  {key:18} {share:6.2%} over {count} runs ({measure})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="a subset")
    parser.add_argument(
        "--quick", action="store_true", help="every row at a tiny size (a smoke run for CI)"
    )
    parser.add_argument(
        "--no-valgrind", action="store_true", help="CPU time instead of instruction counts"
    )
    parser.add_argument(
        "--spread",
        nargs="?",
        const=3,
        type=int,
        metavar="RUNS",
        help="run the rows RUNS times (3) in a row and show each row's spread: the instruction "
        "rows' figures and whether they agree within 1%%, the others' median and min-max",
    )
    parser.add_argument(
        "--recorded-spread", action="store_true", help="only report the spread of recorded runs"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="the JSON to append to")
    parser.add_argument("--chart", type=Path, default=CHART, help="the SVG to write")
    args = parser.parse_args(argv)
    if args.recorded_spread:
        print(_spread_report(_results.load(args.output)))
        return 0
    scale = QUICK if args.quick else Scale()
    if args.no_valgrind:
        scale = replace(scale, instructions=False)
    if scale.instructions and _instructions.valgrind() is None:
        print(_instructions.HOW_TO_GET, file=sys.stderr)
    chosen = args.only or list(BENCHMARKS)
    every_run: list[list[Row]] = []
    failed: list[str] = []
    group = time.strftime("%Y-%m-%dT%H:%M:%S%z") if args.spread else None
    with SandboxProcess() as sandbox:
        for number in range(max(1, args.spread or 1)):
            if args.spread:
                log(f"run {number + 1} of {args.spread}")
            rows, broken = _run_once(sandbox, chosen, scale, args, group)
            every_run.append(rows)
            failed += broken
    if args.spread:
        print("\n" + _spread.table(every_run))
    if failed:
        print("failed: " + ", ".join(sorted(set(failed))), file=sys.stderr)
        return 1
    return 0


def _run_once(
    sandbox: SandboxProcess,
    chosen: list[str],
    scale: Scale,
    args: argparse.Namespace,
    group: str | None,
) -> tuple[list[Row], list[str]]:
    """Every chosen row once: the table printed, the run appended to results.json."""
    rows: list[Row] = []
    failed: list[str] = []
    started = time.perf_counter()
    for name in chosen:
        try:
            rows += BENCHMARKS[name](sandbox, scale)
        except Exception as error:  # one broken row must not hide the others
            traceback.print_exc()
            failed.append(name)
            rows.append(not_available(name, name, f"FAILED: {error!r}"[:300]))
    elapsed = time.perf_counter() - started
    counted = scale.instructions and _instructions.valgrind() is not None
    print(_table(rows))
    print(
        f"\n{len(rows)} rows in {elapsed:.0f} s; {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}; CPU figures are "
        + ("callgrind instruction counts" if counted else "CPU time (valgrind not used)")
        + (" for the REST send row only (--quick)" if counted and scale.quick else "")
    )  # fmt: skip
    run = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "code": _results.code_version(),
        "quick": scale.quick,
        "valgrind": counted,
        "seconds": elapsed,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "scale": asdict(scale),
        "spread_group": group,
        "rows": [asdict(row) | {"ok": row.ok} for row in rows],
    }
    runs = _results.append(args.output, run)
    title = f"smsmobile benchmarks, {run['generated_at']} ({run['code']})"
    if not args.quick and not args.only:
        write_svg(args.chart, rows, title)
    if not args.spread:
        print(_spread_report(runs))
    missed = [row.name for row in rows if row.ok is False]
    if missed:
        print("missed: " + "; ".join(missed))
    return rows, failed
