"""Rows users feel as whole processes: `import smsmobile`, `smsmobile send` cold, the gateway."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import _gateway_profile, _raw
from bench import _goals as goals
from bench._row import Row, Scale, log, ms, not_available, us
from bench._sandbox import API_KEY, SandboxProcess, process_cpu_seconds
from bench._workloads import TEXT, TO

HEAVY = ("zeep", "lxml", "rich", "waitress", "requests", "requests_oauthlib", "httpx")
REST_ONLY_MISSING = ("zeep", "lxml", "rich", "waitress")

# A fresh interpreter times `import smsmobile`; with a block list, those packages cannot be
# imported at all, as in a REST-only install (`pip install smsmobile`, no extras).
_IMPORT_PROBE = """
import importlib.abc, json, sys, time
blocked = set(sys.argv[1].split(",")) - {""}
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
started = time.perf_counter()
import smsmobile
seconds = time.perf_counter() - started
loaded = [m for m in sys.argv[2].split(",") if m in sys.modules]
sent = None
if len(sys.argv) > 3:
    with smsmobile.WhatsApp(auth=smsmobile.ApiKey(sys.argv[4]), base_url=sys.argv[3]) as wa:
        sent = wa.send("32470123456", "REST-only install").accepted
print(json.dumps({"seconds": seconds, "loaded": loaded, "sent": sent}))
"""


@contextmanager
def bytecode_cached(base: dict[str, str]) -> Iterator[dict[str, str]]:
    """`base` for children that find their bytecode, as an installed package's modules do. This
    workplace sets PYTHONDONTWRITEBYTECODE=1, and our source has no bytecode beside it: every
    child compiled our modules while httpx (installed by pip) had its bytecode. The cache is a
    private directory (PYTHONPYCACHEPREFIX) that a first, untimed run of each command fills."""
    with tempfile.TemporaryDirectory(prefix="smsmobile-bench-pycache-") as cache:
        environment = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
        yield {**environment, "PYTHONPYCACHEPREFIX": cache}


def _probe(*arguments: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, *arguments], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def bench_import(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """Min and median of fresh processes (interpreter start-up excluded), and what got loaded."""
    log("import smsmobile in fresh processes, full and REST-only installs")
    installs = (
        ("import", "import smsmobile (every extra installed)", ()),
        ("import-rest-only", "import smsmobile, REST-only install (no zeep, lxml, rich, waitress)",
         REST_ONLY_MISSING),
    )  # fmt: skip
    with bytecode_cached(dict(os.environ)) as env:
        return [_import_row(*install, sandbox, scale, env) for install in installs]


def _import_row(
    key: str,
    name: str,
    blocked: tuple[str, ...],
    sandbox: SandboxProcess,
    scale: Scale,
    env: dict[str, str],
) -> Row:
    seconds: list[float] = []
    loaded: set[str] = set()
    modules = (",".join(blocked), ",".join(HEAVY))
    try:
        _probe(*modules, env=env)  # untimed: fills the bytecode cache
        for _ in range(scale.imports):
            probe = _probe(*modules, env=env)
            seconds.append(probe["seconds"])
            loaded.update(probe["loaded"])
        sent = _probe(*modules, sandbox.url, API_KEY, env=env)["sent"]
    except RuntimeError as error:
        why = f"fails without {', '.join(blocked)}: {error}" if blocked else str(error)
        return not_available(key, name, why)
    heavy = sorted(loaded & {*REST_ONLY_MISSING, "requests"})
    return Row(
        key,
        name,
        ours=f"{ms(min(seconds))} (median {ms(statistics.median(seconds))})",
        baseline="loads: " + (", ".join(sorted(loaded)) or "none of " + ", ".join(HEAVY)),
        figure=min(seconds) * 1e3,
        goal=100,
        measure="ms",
        second="a REST send works" if sent else "a REST send FAILED",
        note="" if not heavy else "heavy modules loaded at import: " + ", ".join(heavy),
        data={"seconds": seconds, "loaded": sorted(loaded), "sent": sent},
    )


def _timed_child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, user+system CPU seconds) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[:3]} failed: {error.strip()[-200:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


_MINIMAL_POST = (
    "import os, httpx; r = httpx.post(os.environ['SMSMOBILEAPI_BASE_URL'] + '/sendsms/', "
    "data={'recipients': '32470123456', 'message': 'cold', 'waonly': 'yes', "
    "'apikey': os.environ['SMSMOBILEAPI_API_KEY']}); r.raise_for_status(); "
    "assert str(r.json()['result']['error']) == '0'"
)


def bench_cold_start(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """`smsmobile send` as a user types it vs a minimal `python -c` httpx POST, alternated."""
    log("smsmobile send cold start vs python -c httpx POST")
    script = Path(sys.executable).with_name("smsmobile")
    ours_command = [str(script)] if script.exists() else [sys.executable, "-m", "smsmobile"]
    ours_command += ["send", "--to", TO, "--message", TEXT]
    base = {**os.environ, "SMSMOBILEAPI_API_KEY": API_KEY, "SMSMOBILEAPI_BASE_URL": sandbox.url}
    found: dict[str, list[tuple[float, float]]] = {"ours": [], "raw": []}
    order = [("ours", ours_command), ("raw", [sys.executable, "-c", _MINIMAL_POST])]
    with bytecode_cached(base) as env:
        for _, command in order:  # untimed: fills the bytecode cache
            _timed_child(command, env)
        for index in range(scale.cold_starts):
            for label, command in order[:: 1 if index % 2 else -1]:
                found[label].append(_timed_child(command, env))
    wall = {k: min(w for w, _ in v) for k, v in found.items()}
    cpu = {k: min(c for _, c in v) for k, v in found.items()}
    row = Row(
        "cold-start",
        "smsmobile send, cold start to a sandbox (min of alternated runs)",
        ours=f"{ms(wall['ours'])} wall ({ms(cpu['ours'])} CPU)",
        baseline=f"python -c httpx POST {ms(wall['raw'])} ({ms(cpu['raw'])} CPU)",
        figure=wall["ours"] / wall["raw"],
        goal=1.5,
        measure="wall",
        second=f"CPU ratio {cpu['ours'] / cpu['raw']:.2f}",
        data={"wall_cpu": found},
    )
    if row.ok is False:
        row.note = _import_profile()
    return [row]


def _import_profile() -> str:
    """The costliest top-level imports of `smsmobile send` (python -X importtime, cumulative)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import smsmobile.__main__, httpx"],
        capture_output=True,
        text=True,
    )
    top: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        # a top-level import is indented by one space; what it imports, by more
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):
            top.append((int(parts[1]), parts[2].strip()))
    costly = ", ".join(f"{name} {us / 1e3:.0f} ms" for us, name in sorted(top)[::-1][:5])
    return f"import time (cumulative, -X importtime): {costly}"


def _start_gateway(upstream: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "smsmobile", "gateway", "--upstream", upstream, "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    line = process.stderr.readline()  # the banner, once the port is bound
    match = re.search(r" on (http://\S+)/soap ", line)
    if match is None:
        process.kill()
        process.wait()
        raise RuntimeError(f"the gateway did not start: {line.strip()!r}")
    # The gateway logs a line per request on stderr: read them all, as a terminal or a log
    # collector would, or the pipe fills (64 KiB, a few hundred requests) and the gateway's
    # next log call blocks every worker thread behind the logging handler's lock.
    threading.Thread(target=_drain, args=(process.stderr,), daemon=True).start()
    return process, match.group(1)


def _drain(stream: Any) -> None:
    with stream:  # closed at the end of the output: the gateway has exited
        for _ in stream:
            pass


def _hammer(callers: int, requests: int, call: Any, base_url: str) -> tuple[float, list[float]]:
    """`callers` threads, each with its own keep-alive client; (seconds, every latency)."""
    barrier = threading.Barrier(callers + 1)
    latencies: list[list[float]] = [[] for _ in range(callers)]
    errors: list[BaseException] = []

    def caller(index: int) -> None:
        try:
            with httpx.Client(base_url=base_url, timeout=httpx.Timeout(60, connect=5)) as client:
                call(client)
                barrier.wait()
                for _ in range(requests):
                    started = time.perf_counter()
                    call(client)
                    latencies[index].append(time.perf_counter() - started)
        except BaseException as error:  # reported below, after every thread has finished
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"a caller failed: {errors[0]!r}")
    return time.perf_counter() - started, [x for caller in latencies for x in caller]


def _phase(
    sandbox: SandboxProcess, gateway_pid: int, hammer: Any
) -> tuple[dict[str, float], tuple[float, list[float]]]:
    """One side of the row from a fresh sandbox: the CPU seconds each process used (callers:
    this process's threads), and what `hammer` returns."""
    sandbox.reset()
    before = (sandbox.cpu_seconds(), process_cpu_seconds(gateway_pid), time.process_time())
    outcome = hammer()
    after = (sandbox.cpu_seconds(), process_cpu_seconds(gateway_pid), time.process_time())
    used = [end - start for start, end in zip(before, after, strict=True)]
    return dict(zip(("sandbox", "gateway", "callers"), used, strict=True)), outcome


def _direct_send(client: httpx.Client) -> None:
    _raw.rest_send(client, TO, TEXT)


_SEND_ACTION = f'"{_raw.NS}#SendWhatsApp"'


def _soap_send(client: httpx.Client) -> None:
    fields = {"apikey": API_KEY, "recipients": TO, "message": TEXT, "waonly": "yes"}
    response = client.post(
        "/soap",
        content=_raw.envelope("SendWhatsApp", fields),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": _SEND_ACTION},
    )
    if response.status_code != 200 or _raw.soap_error(response.content) != "0":
        raise RuntimeError(f"the gateway answered {response.status_code}: {response.text[:400]!r}")


def _latencies(p50: dict[str, float], p99: dict[str, float], key: str) -> str:
    return f"p50 {ms(p50[key])}, p99 {ms(p99[key])}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_gateway(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """Throughput and latency: SOAP callers through one gateway process vs REST callers direct."""
    callers, requests = scale.gateway_callers, scale.gateway_requests
    log(f"gateway: {callers} SOAP callers through one gateway vs {callers} direct REST clients")
    try:
        process, gateway_url = _start_gateway(sandbox.url)
    except RuntimeError as error:
        return [not_available("gateway", "gateway", str(error))]
    try:
        direct_cpu, direct = _phase(
            sandbox, process.pid, lambda: _hammer(callers, requests, _direct_send, sandbox.url)
        )
        gateway_cpu, through = _phase(
            sandbox, process.pid, lambda: _hammer(callers, requests, _soap_send, gateway_url)
        )
    finally:
        process.terminate()
        process.wait()
    total = callers * requests
    per_request = {
        "gateway": gateway_cpu["gateway"] / total,
        "sandbox": direct_cpu["sandbox"] / total,
    }
    sandbox.reset()
    app_cpu, shares = _gateway_profile.app_stages(sandbox.url, max(requests * 5, 20))
    where = _gateway_profile.breakdown(per_request["gateway"], app_cpu, shares)
    # Every process's CPU per request, both ways: what the hop adds to the direct call's CPU,
    # and the throughput ratio that leaves when the machine's cores are the limit.
    direct_cost = (direct_cpu["callers"] + direct_cpu["sandbox"]) / total
    hop_cost = sum(gateway_cpu.values()) / total
    others = (gateway_cpu["callers"] + gateway_cpu["sandbox"]) / total  # beside the gateway
    budget = max(0.0, direct_cost / goals.GATEWAY_THROUGHPUT - others)
    added = (
        f"CPU per request, all processes: direct {us(direct_cost)} (callers "
        f"{us(direct_cpu['callers'] / total)}, sandbox {us(direct_cpu['sandbox'] / total)}), "
        f"through the gateway {us(hop_cost)} (callers {us(gateway_cpu['callers'] / total)}, "
        f"gateway {us(gateway_cpu['gateway'] / total)}, sandbox "
        f"{us(gateway_cpu['sandbox'] / total)}): the hop adds "
        f"{(hop_cost - direct_cost) / direct_cost:.0%} of the direct call's CPU; with every "
        f"core busy, throughput can reach at most {direct_cost / hop_cost:.2f} of direct's; "
        f"{goals.GATEWAY_THROUGHPUT:g} of it leaves the gateway {us(budget)} of CPU per request "
        f"(it spends {us(gateway_cpu['gateway'] / total)})"
    )
    rate = {"direct": total / direct[0], "gateway": total / through[0]}
    p50 = {k: _percentile(v[1], 0.5) for k, v in (("direct", direct), ("gateway", through))}
    p99 = {k: _percentile(v[1], 0.99) for k, v in (("direct", direct), ("gateway", through))}
    row = Row(
        "gateway",
        f"gateway: {callers} concurrent SOAP callers vs {callers} direct REST clients",
        ours=f"{rate['gateway']:,.0f} req/s ({_latencies(p50, p99, 'gateway')})",
        baseline=f"direct {rate['direct']:,.0f} req/s ({_latencies(p50, p99, 'direct')})",
        figure=rate["gateway"] / rate["direct"],
        goal=goals.GATEWAY_THROUGHPUT,
        higher_is_better=True,
        measure="wall",
        second=f"added latency p50 {ms(p50['gateway'] - p50['direct'])}, "
        f"p99 {ms(p99['gateway'] - p99['direct'])}; {where}",
        data={
            "rate": rate,
            "p50": p50,
            "p99": p99,
            "callers": callers,
            "requests": requests,
            "cpu_per_request": per_request,
            "cpu_direct": {k: v / total for k, v in direct_cpu.items()},
            "cpu_through_gateway": {k: v / total for k, v in gateway_cpu.items()},
            "cpu_bound_ratio": direct_cost / hop_cost,
            "gateway_cpu_budget_at_goal": budget,
            "app_cpu_per_request": app_cpu,
            "app_stage_shares": shares,
        },
    )
    if row.ok is False:
        row.note = f"{added} (/proc ticks: coarse on small runs)"
    latency = Row(
        "gateway-p50",
        "gateway: p50 latency added to the direct call's",
        ours=f"p50 {ms(p50['gateway'])}",
        baseline=f"direct p50 {ms(p50['direct'])}",
        figure=(p50["gateway"] - p50["direct"]) * 1e3,
        goal=goals.GATEWAY_P50_ADDED_MS,
        measure="ms",
    )
    return [row, latency]
