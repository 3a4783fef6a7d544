"""Bulk rows: throughput of `smsmobile bulk` with 4 workers, and peak memory on huge files."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import _goals as goals
from bench import _instructions
from bench._row import Row, Scale, instructions, log, us, where_time_goes
from bench._rows_client import counts_instructions
from bench._sandbox import SandboxProcess
from bench._workloads import WORKLOADS

WORKERS = 4


def bench_bulk(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """Throughput (wall, median of alternated runs) is the figure; instructions per row second."""
    log(f"bulk {scale.bulk_rows} rows, {WORKERS} workers, vs a raw httpx pool")
    ours = WORKLOADS["bulk_ours"](sandbox.url, scale.bulk_rows)
    raw = WORKLOADS["bulk_raw"](sandbox.url, scale.bulk_rows)
    timings: dict[str, list[tuple[float, float]]] = {"ours": [], "raw": []}
    try:
        for _ in range(scale.bulk_repeats):
            for label, workload in (("raw", raw), ("ours", ours)):
                sandbox.reset()
                wall, spent = time.perf_counter(), time.process_time()
                workload.operation()
                timings[label].append((time.perf_counter() - wall, time.process_time() - spent))
                stored = sandbox.stored_messages()
                if stored != scale.bulk_rows:
                    raise RuntimeError(f"{label} stored {stored}, expected {scale.bulk_rows}")
        rate = {k: scale.bulk_rows / statistics.median(w for w, _ in v) for k, v in timings.items()}
        cpu = {k: statistics.median(c for _, c in v) / scale.bulk_rows for k, v in timings.items()}
        row = Row(
            "bulk",
            f"bulk {scale.bulk_rows:,} sends, {WORKERS} workers: throughput",
            ours=f"{rate['ours']:,.0f} msg/s ({us(cpu['ours'])} CPU/row)",
            baseline=f"raw httpx pool {rate['raw']:,.0f} msg/s ({us(cpu['raw'])} CPU/msg)",
            figure=rate["ours"] / rate["raw"],
            goal=goals.BULK_THROUGHPUT,
            higher_is_better=True,
            measure="wall",
            data={"seconds_cpu": timings, "workers": WORKERS},
        )
        if counts_instructions(scale, "bulk"):
            sandbox.reset()
            found = {
                label: _instructions.count(name, sandbox.url, count=1, size=scale.counted_bulk_rows)
                for label, name in (("ours", "bulk_ours"), ("raw", "bulk_raw"))
            }
            per_row = found["ours"].per_unit / found["raw"].per_unit
            row.second = (
                f"instructions per row {instructions(found['ours'].per_unit)} vs "
                f"{instructions(found['raw'].per_unit)}: {per_row:.2f}"
            )
            row.data["instructions"] = {k: vars(v) for k, v in found.items()}
        if row.ok is False:
            sandbox.reset()
            row.note = where_time_goes(ours.operation, 1)
        return [row]
    finally:
        ours.close()
        raw.close()


def write_csv(path: Path, rows: int, *, invalid_every: int = 0) -> None:
    """A CSV of `rows` recipients written in chunks of 10,000 lines: never all in memory."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("recipient,message\n")
        chunk: list[str] = []
        for index in range(rows):
            if invalid_every and index % invalid_every == invalid_every - 1:
                chunk.append(f"not-a-number-{index},Hello {index}\n")
            else:
                chunk.append(f"+32 4{index % 100000000:08d},Hello number {index}, how are you?\n")
            if len(chunk) >= 10_000:
                out.writelines(chunk)
                chunk.clear()
        out.writelines(chunk)


#: Started by the bench, it starts the command and reports the command's own rusage. The peak
#: RSS a parent reads with wait4 includes what the child was when it forked: a child of the bench
#: process (100 MB after the other rows) "peaked" at 100 MB even for `/bin/true`. This launcher
#: is a bare interpreter (-I -S, about 10 MB at its fork), far below the command's own peak.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status),
      file=sys.stderr)
"""


_Checked = tuple[float, int, float, float, dict[str, int]]


def _validate_only(csv_path: Path, journal: Path) -> _Checked:
    """`smsmobile bulk --validate-only` in a child; (peak RSS MB, exit code, seconds, CPU seconds,
    counts)."""
    command = [
        sys.executable, "-I", "-S", "-c", _LAUNCHER,
        sys.executable, "-m", "smsmobile", "--json", "bulk", str(csv_path),
        "--journal", str(journal), "--validate-only",
    ]  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        finished = subprocess.run(
            command, stdout=out, stderr=subprocess.PIPE, text=True, check=True
        )
        elapsed = time.perf_counter() - started
        out.seek(0)
        lines = [json.loads(line) for line in out if line.strip()]
    maxrss_kb, cpu, code = finished.stderr.split()
    summary: dict[str, Any] = next((line for line in lines if line.get("event") == "summary"), {})
    return int(maxrss_kb) / 1024, int(code), elapsed, float(cpu), summary.get("counts", {})


def bench_bulk_memory(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """Peak RSS of the real command line validating every row into the journal, per file size.

    One row in 1,000 is invalid (so the run exits 2) and nothing is sent; the RSS is the child's
    own `ru_maxrss`, read with wait4. The largest file should cost no more than the smallest.
    """
    rows: list[Row] = []
    first_mb: float | None = None
    with tempfile.TemporaryDirectory(prefix="smsmobile-bench-memory-") as tmp:
        for count in scale.memory_rows:
            log(f"bulk --validate-only on {count:,} rows: peak RSS")
            csv_path, journal = Path(tmp) / "big.csv", Path(tmp) / f"big-{count}.db"
            write_csv(csv_path, count, invalid_every=1000)
            size_mb = csv_path.stat().st_size / 1e6
            peak_mb, code, seconds, cpu, counts = _validate_only(csv_path, journal)
            csv_path.unlink()
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(journal) + suffix).unlink(missing_ok=True)
            recorded = sum(counts.values()) - counts.get("resent", 0) if counts else 0
            flat = "" if first_mb is None else f"; {peak_mb / first_mb:.2f}x the smallest file"
            first_mb = peak_mb if first_mb is None else first_mb
            data = {
                "peak_rss_mb": peak_mb,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "exit_code": code,
                "journal_counts": counts,
                "rows_recorded": recorded,
            }
            row = Row(
                f"memory-{count}",
                f"bulk --validate-only, {count:,}-row CSV ({size_mb:,.0f} MB): peak RSS",
                ours=f"{peak_mb:,.1f} MB",
                baseline=f"{seconds:,.1f} s, {count / seconds:,.0f} rows/s",
                figure=peak_mb,
                goal=goals.VALIDATE_PEAK_MB,
                measure="MB",
                second=f"exit {code}, {recorded:,} rows journalled{flat}",
                data=data,
            )  # fmt: skip
            rate = Row(
                f"validate-rate-{count}",
                f"bulk --validate-only, {count:,}-row CSV: rows per second",
                ours=f"{count / seconds:,.0f} rows/s ({seconds:,.1f} s)",
                baseline=f"{count / cpu:,.0f} rows per CPU second ({cpu:,.1f} s CPU)",
                figure=count / seconds,
                goal=goals.VALIDATE_ROWS_PER_S,
                higher_is_better=True,
                measure="rows/s",
                second=f"wall; load average {os.getloadavg()[0]:.1f} at the end",
                data=data,
            )  # fmt: skip
            if recorded != count or code != 2:
                row.note = rate.note = f"expected {count:,} rows journalled and exit 2"
            rows += [row, rate]
    return rows
