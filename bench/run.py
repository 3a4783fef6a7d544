"""Every benchmark, one table, bench/results.json. See bench/README.md for what each row means."""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import requests

from bench import _raw
from bench._measure import Paired, interleaved, paired
from bench._sandbox import API_KEY, SandboxProcess
from smsmobile import ApiKey, WhatsApp

RESULTS = Path(__file__).with_name("results.json")
TO = "32470123456"
TEXT = "Hello from the benchmark"


@dataclass
class Row:
    """One line of the table: what we measured, against what, and whether the target holds."""

    name: str
    ours: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scale:
    rounds: int = 9
    sends_per_round: int = 100
    soap_per_round: int = 60
    retrievals_per_round: int = 5
    imports: int = 15
    bulk_rows: int = 2000
    bulk_repeats: int = 3
    memory_rows: int = 1_000_000
    official_sends: int = 500
    sandbox_requests: int = 2000


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} us"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def _log(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


# -- 1, 2: one send ---------------------------------------------------------------------------


def bench_rest_send(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    _log("REST send vs raw httpx")
    sandbox.reset()
    with (
        WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url) as wa,
        httpx.Client(base_url=sandbox.url, timeout=httpx.Timeout(30, connect=5)) as raw,
    ):
        result = paired(
            lambda: wa.send(TO, TEXT),
            lambda: _raw.rest_send(raw, TO, TEXT),
            rounds=scale.rounds,
            per_round=scale.sends_per_round,
            between=sandbox.reset,
        )
    return [
        Row(
            "1 send, REST: client CPU per send",
            _us(result.subject),
            f"raw httpx POST {_us(result.baseline)}",
            result.ratio,
            "<= 1.15",
            result.ratio <= 1.15,
            asdict(result),
        )
    ]


def bench_soap_send(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    _log("SOAP send vs raw requests, and bare zeep")
    import zeep
    import zeep.transports

    from smsmobile._soap import BINDING

    sandbox.reset()
    url = sandbox.url + "/soap"
    wsdl = str(Path(__file__).resolve().parents[1] / "spec" / "smsmobileapi.wsdl")
    zeep_session = requests.Session()
    bare = zeep.Client(wsdl, transport=zeep.transports.Transport(session=zeep_session))
    bare_service = bare.create_service(BINDING, url)

    def bare_send() -> object:
        reply = bare_service.SendWhatsApp(apikey=API_KEY, recipients=TO, message=TEXT, waonly="yes")
        if str(reply["error"]) != "0":
            raise RuntimeError(reply)
        return reply["id"]

    with (
        WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url, transport="soap") as wa,
        requests.Session() as session,
    ):
        found = interleaved(
            {
                "raw": lambda: _raw.soap_send(session, url, TO, TEXT),
                "ours": lambda: wa.send(TO, TEXT),
                "zeep": bare_send,
            },
            rounds=scale.rounds,
            per_round=scale.soap_per_round,
            between=sandbox.reset,
        )
    common = {"rounds": scale.rounds, "per_round": scale.soap_per_round}
    ours = Paired(found["ours"][0], found["raw"][0], found["ours"][1], found["raw"][1], **common)
    zeep_alone = Paired(
        found["zeep"][0], found["raw"][0], found["zeep"][1], found["raw"][1], **common
    )
    zeep_session.close()
    return [
        Row(
            "2 send, SOAP: client CPU per send",
            _us(ours.subject),
            f"raw requests POST {_us(ours.baseline)}",
            ours.ratio,
            "<= 1.5",
            ours.ratio <= 1.5,
            asdict(ours),
        ),
        Row(
            "2 send, SOAP: bare zeep (reference)",
            _us(zeep_alone.subject),
            f"raw requests POST {_us(zeep_alone.baseline)}",
            zeep_alone.ratio,
            "(about 1.3)",
            None,
            asdict(zeep_alone),
        ),
    ]


# -- 3: retrieval of 100 messages -------------------------------------------------------------


def _prepare_inbound(sandbox: SandboxProcess, count: int) -> None:
    sandbox.reset()
    now = int(time.time())
    for index in range(count):
        sandbox.control(
            "POST",
            "inbound",
            {
                "number": f"3247{index:07d}",
                "contact": f"Contact {index}",
                "message": f"message {index}",
                "timestamp": now - 10 * index,  # distinct, so `before` paging sees every one
            },
        )


def bench_retrieval(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    _log("retrieval of 100 messages, REST and SOAP")
    _prepare_inbound(sandbox, 100)
    rows: list[Row] = []
    page_size = sandbox.control("GET", "faults").get("settings", {}).get("page_size", 50)
    with (
        WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url) as rest,
        WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url, transport="soap") as soap,
        httpx.Client(base_url=sandbox.url, timeout=httpx.Timeout(30, connect=5)) as raw,
        requests.Session() as session,
    ):
        rest.set_retrieval(True)
        rest.synchronize()
        counts = {
            "rest": len(list(rest.messages())),
            "soap": len(list(soap.messages())),
            "raw_rest": len(_raw.rest_messages(raw)),
            "raw_soap": len(_raw.soap_messages(session, sandbox.url + "/soap")),
        }
        if set(counts.values()) != {100}:
            raise RuntimeError(f"expected 100 messages everywhere, got {counts}")
        for name, ours, baseline, target in (
            ("REST", lambda: list(rest.messages()), lambda: _raw.rest_messages(raw), 1.15),
            (
                "SOAP",
                lambda: list(soap.messages()),
                lambda: _raw.soap_messages(session, sandbox.url + "/soap"),
                1.5,
            ),
        ):
            result = paired(
                ours,
                baseline,
                rounds=scale.rounds,
                per_round=scale.retrievals_per_round,
                warmup=3,
            )
            rows.append(
                Row(
                    f"3 retrieve 100 messages, {name}: client CPU",
                    _ms(result.subject),
                    f"raw {'httpx' if name == 'REST' else 'requests+lxml'} {_ms(result.baseline)}",
                    result.ratio,
                    f"<= {target}",
                    result.ratio <= target,
                    {**asdict(result), "page_size": page_size},
                )
            )
    return rows


# -- 4: import time, second SOAP client -------------------------------------------------------

_IMPORT_PROBE = """
import json, sys, time
started = time.perf_counter()
import smsmobile
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "loaded": [m for m in ("zeep", "requests_oauthlib",
      "oauthlib", "lxml", "rich", "smsmobile._soap") if m in sys.modules]}))
"""

_SECOND_SOAP_PROBE = """
import json, statistics, sys, time
from smsmobile import ApiKey, WhatsApp
url = sys.argv[1]
started = time.perf_counter()
first = WhatsApp(auth=ApiKey("bench-key-123"), base_url=url, transport="soap")
first_seconds = time.perf_counter() - started
later = []
for _ in range(25):
    started = time.perf_counter()
    client = WhatsApp(auth=ApiKey("bench-key-123"), base_url=url, transport="soap")
    later.append(time.perf_counter() - started)
    client.close()
first.close()
print(json.dumps({"first": first_seconds, "second": later[0], "median": statistics.median(later)}))
"""


def bench_import(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    _log("import smsmobile in fresh processes; a second SOAP client")
    seconds: list[float] = []
    loaded: set[str] = set()
    for _ in range(scale.imports):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True, check=True
        ).stdout
        probe = json.loads(out)
        seconds.append(probe["seconds"])
        loaded.update(probe["loaded"])
    median = statistics.median(seconds)
    heavy = sorted(loaded & {"zeep", "requests_oauthlib", "oauthlib", "smsmobile._soap"})
    soap = json.loads(
        subprocess.run(
            [sys.executable, "-c", _SECOND_SOAP_PROBE, sandbox.url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    return [
        Row(
            f"4 import smsmobile (median of {scale.imports} fresh processes)",
            _ms(median),
            "",
            None,
            "<= 150 ms",
            median <= 0.150,
            {"seconds": seconds, "also_loaded": sorted(loaded)},
        ),
        Row(
            "4 import smsmobile loads neither zeep nor requests_oauthlib",
            "none loaded" if not heavy else "LOADED: " + ", ".join(heavy),
            "",
            None,
            "none",
            not heavy,
            {"loaded": sorted(loaded)},
        ),
        Row(
            "4 second SOAP client in one process (median of 25)",
            _ms(soap["median"]),
            f"first one {_ms(soap['first'])}",
            None,
            "<= 2 ms",
            soap["median"] <= 0.002,
            soap,
        ),
    ]


# -- 5: bulk ------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: int, *, invalid_every: int = 0) -> None:
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


def _bulk_once(
    sandbox: SandboxProcess, csv_path: Path, workdir: Path, workers: int
) -> tuple[float, float]:
    from smsmobile import _bulk

    journal = workdir / f"journal-{time.monotonic_ns()}.db"
    options = _bulk.BulkOptions(
        csv_path=csv_path,
        journal_path=journal,
        rate_per_minute=0,
        workers=workers,
        json=True,
        progress=False,
    )
    sandbox.reset()
    started, cpu = time.perf_counter(), time.process_time()
    code = _bulk.run(
        options,
        lambda: WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url),
        out=io.StringIO(),
        err=io.StringIO(),
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise RuntimeError(f"bulk exited {code}")
    for suffix in ("", "-wal", "-shm"):
        Path(str(journal) + suffix).unlink(missing_ok=True)
    return elapsed, cpu


def _raw_pool_once(sandbox: SandboxProcess, count: int, workers: int) -> tuple[float, float]:
    sandbox.reset()
    recipients = [f"324{index % 100000000:08d}" for index in range(count)]
    started, cpu = time.perf_counter(), time.process_time()
    with (
        httpx.Client(base_url=sandbox.url, timeout=httpx.Timeout(30, connect=5)) as raw,
        ThreadPoolExecutor(workers) as pool,
    ):
        list(pool.map(lambda to: _raw.rest_send(raw, to, TEXT), recipients))
    return time.perf_counter() - started, time.process_time() - cpu


def bench_bulk(sandbox: SandboxProcess, scale: Scale, workdir: Path) -> list[Row]:
    _log(f"bulk {scale.bulk_rows} rows vs a raw httpx pool")
    workers = 4
    csv_path = workdir / "bulk.csv"
    _write_csv(csv_path, scale.bulk_rows)
    ours: list[tuple[float, float]] = []
    raw: list[tuple[float, float]] = []
    for _ in range(scale.bulk_repeats):
        raw.append(_raw_pool_once(sandbox, scale.bulk_rows, workers))
        ours.append(_bulk_once(sandbox, csv_path, workdir, workers))
        stored = sandbox.stored_messages()
        if stored != scale.bulk_rows:
            raise RuntimeError(f"bulk stored {stored} messages, expected {scale.bulk_rows}")
    ours_rate = scale.bulk_rows / statistics.median(s for s, _ in ours)
    raw_rate = scale.bulk_rows / statistics.median(s for s, _ in raw)
    ours_cpu = statistics.median(c for _, c in ours) / scale.bulk_rows
    raw_cpu = statistics.median(c for _, c in raw) / scale.bulk_rows
    ratio = ours_rate / raw_rate
    return [
        Row(
            f"5 bulk {scale.bulk_rows} sends, {workers} workers: throughput",
            f"{ours_rate:,.0f} msg/s ({_us(ours_cpu)} CPU/row)",
            f"raw httpx pool {raw_rate:,.0f} msg/s ({_us(raw_cpu)} CPU/msg)",
            ratio,
            ">= 0.8",
            ratio >= 0.8,
            {
                "ours_seconds_cpu": ours,
                "raw_seconds_cpu": raw,
                "workers": workers,
                "ours_cpu_per_row": ours_cpu,
                "raw_cpu_per_message": raw_cpu,
            },
        )
    ]


def bench_bulk_memory(sandbox: SandboxProcess, scale: Scale, workdir: Path) -> list[Row]:
    """The real `smsmobile bulk --validate-only` on a 1,000,000-row file, in its own process.

    The whole validation pass streams every row into the journal (one row in 1,000 invalid, so
    the run exits 2) and nothing is sent. Peak RSS of that process is read with wait4, so no
    other process counts.
    """
    _log(f"bulk memory on {scale.memory_rows:,} rows (validation + journal)")
    csv_path = workdir / "big.csv"
    journal = workdir / "big.db"
    _write_csv(csv_path, scale.memory_rows, invalid_every=1000)
    command = [
        sys.executable, "-m", "smsmobile", "--json", "bulk", str(csv_path),
        "--journal", str(journal), "--validate-only",
    ]  # fmt: skip
    sandbox.reset()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        out.seek(0)
        lines = [json.loads(line) for line in out if line.strip()]
    summary = next((line for line in lines if line.get("event") == "summary"), {})
    counts = summary.get("counts", {})
    recorded = sum(counts.values()) - counts.get("resent", 0) if counts else 0
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    size_mb = csv_path.stat().st_size / 1e6
    csv_path.unlink()
    for suffix in ("", "-wal", "-shm"):
        Path(str(journal) + suffix).unlink(missing_ok=True)
    ok = peak_mb < 150 and recorded == scale.memory_rows and process.returncode == 2
    return [
        Row(
            f"5 bulk peak RSS, {scale.memory_rows:,}-row CSV ({size_mb:.0f} MB)",
            f"{peak_mb:,.1f} MB",
            f"{elapsed:.1f} s, {scale.memory_rows / elapsed:,.0f} rows/s",
            None,
            "< 150 MB",
            ok,
            {
                "peak_rss_mb": peak_mb,
                "seconds": elapsed,
                "exit_code": process.returncode,
                "journal_counts": counts,
                "rows_recorded": recorded,
            },
        )
    ]


# -- 6: the official package ------------------------------------------------------------------


def bench_official(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    _log(f"official smsmobileapi 2.0.1 vs WhatsApp.send, {scale.official_sends} sends each")
    from importlib.metadata import version

    from smsmobileapi import SMSSender

    sender = SMSSender(API_KEY)
    # it hard-codes https://api.smsmobileapi.com in instance attributes set by __init__
    sender.api_url_send = sandbox.url + "/sendsms"
    sender.api_url_received = sandbox.url + "/getsms"

    def official() -> None:
        reply = sender.send_message(TO, TEXT, sendwa=1, sendsms=0)
        if "result" not in reply:
            raise RuntimeError(reply)

    results: dict[str, tuple[float, float]] = {}
    with WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url) as wa:
        for name, operation in (
            ("official", official),
            ("ours", lambda: wa.send(TO, TEXT)),
        ):
            sandbox.reset()
            for _ in range(10):
                operation()
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(scale.official_sends):
                operation()
            results[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    ours_rate = scale.official_sends / results["ours"][0]
    official_rate = scale.official_sends / results["official"][0]
    return [
        Row(
            f"6 {scale.official_sends} sequential sends: WhatsApp.send vs smsmobileapi",
            f"{ours_rate:,.0f} msg/s ({_us(results['ours'][1] / scale.official_sends)} CPU)",
            f"smsmobileapi {version('smsmobileapi')} {official_rate:,.0f} msg/s "
            f"({_us(results['official'][1] / scale.official_sends)} CPU)",
            ours_rate / official_rate,
            "(side by side)",
            None,
            {"seconds_and_cpu": results},
        )
    ]


# -- 7: the sandbox itself --------------------------------------------------------------------


def bench_sandbox(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    threads = 4
    _log(f"sandbox throughput, {threads} raw keep-alive clients")
    sandbox.reset()
    per_thread = scale.sandbox_requests // threads
    barrier = threading.Barrier(threads + 1)

    def hammer() -> None:
        with httpx.Client(base_url=sandbox.url, timeout=httpx.Timeout(30, connect=5)) as raw:
            _raw.rest_send(raw, TO, TEXT)
            barrier.wait()
            for _ in range(per_thread):
                _raw.rest_send(raw, TO, TEXT)

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    server_cpu = sandbox.cpu_seconds()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    server_cpu = sandbox.cpu_seconds() - server_cpu
    total = per_thread * threads
    return [
        Row(
            f"7 sandbox: POST /sendsms/ from {threads} raw keep-alive threads",
            f"{total / elapsed:,.0f} req/s",
            f"server CPU {_us(server_cpu / total)}/req",
            None,
            "(not the bottleneck)",
            None,
            {"requests": total, "seconds": elapsed, "server_cpu_seconds": server_cpu},
        )
    ]


# -- the run ----------------------------------------------------------------------------------

BENCHMARKS: dict[str, Callable[..., list[Row]]] = {
    "rest": bench_rest_send,
    "soap": bench_soap_send,
    "retrieval": bench_retrieval,
    "import": bench_import,
    "bulk": bench_bulk,
    "memory": bench_bulk_memory,
    "official": bench_official,
    "sandbox": bench_sandbox,
}
_NEEDS_WORKDIR = {"bulk", "memory"}


def _table(rows: list[Row]) -> str:
    header = ("benchmark", "ours", "baseline", "ratio", "target", "ok")
    lines = [
        (
            row.name,
            row.ours,
            row.baseline,
            "" if row.ratio is None else f"{row.ratio:.2f}",
            row.target,
            {True: "yes", False: "MISSED", None: ""}[row.ok],
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    rule = "  ".join("-" * width for width in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), rule]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="a subset")
    parser.add_argument(
        "--quick", action="store_true", help="smaller counts (a smoke run; ratios are noisier)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    scale = Scale()
    if args.quick:
        scale = Scale(3, 30, 20, 2, 5, 400, 1, 50_000, 100, 400)
    chosen = args.only or list(BENCHMARKS)
    rows: list[Row] = []
    started = time.perf_counter()
    with SandboxProcess() as sandbox, tempfile.TemporaryDirectory(prefix="smsmobile-bench-") as tmp:
        for name in chosen:
            if name in _NEEDS_WORKDIR:
                rows += BENCHMARKS[name](sandbox, scale, Path(tmp))
            else:
                rows += BENCHMARKS[name](sandbox, scale)
    elapsed = time.perf_counter() - started
    print(_table(rows))
    print(f"\n{len(rows)} rows in {elapsed:.0f} s; {os.cpu_count()} CPUs; Python "
          f"{platform.python_version()}; client CPU = time.process_time() of this process, the "
          "sandbox runs in its own")  # fmt: skip
    document = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": elapsed,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "scale": asdict(scale),
        "rows": [asdict(row) for row in rows],
    }
    args.output.write_text(json.dumps(document, indent=2) + "\n")
    missed = [row.name for row in rows if row.ok is False]
    if missed:
        print("missed: " + "; ".join(missed))
    return 0
