"""Side-by-side rows: async sends, the official package, and the sandbox on its own."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from typing import Any

import httpx

from bench import _raw
from bench._row import Row, Scale, log, not_available, us
from bench._sandbox import API_KEY, SandboxProcess
from bench._workloads import TEXT, TO, WORKLOADS

CONCURRENCY = 16


async def _async_rate(send: Any, count: int) -> float:
    """Sends per second, `CONCURRENCY` in flight at a time."""
    started = time.perf_counter()
    for first in range(0, count, CONCURRENCY):
        await asyncio.gather(*(send() for _ in range(min(CONCURRENCY, count - first))))
    return count / (time.perf_counter() - started)


async def _async_rates(url: str, count: int, rounds: int) -> dict[str, list[float]]:
    import smsmobile

    form = {"recipients": TO, "message": TEXT, "apikey": API_KEY, "waonly": "yes"}

    async def raw_send(client: httpx.AsyncClient) -> None:
        response = await client.post("/sendsms/", data=form)
        response.raise_for_status()
        if str(response.json()["result"]["error"]) != "0":
            raise RuntimeError("the raw async send failed")

    rates: dict[str, list[float]] = {"ours": [], "raw": []}
    async with (
        smsmobile.AsyncWhatsApp(auth=smsmobile.ApiKey(API_KEY), base_url=url) as wa,  # type: ignore[attr-defined]
        httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(30, connect=5)) as raw,
    ):  # fmt: skip
        for _ in range(rounds):
            rates["raw"].append(await _async_rate(lambda: raw_send(raw), count))
            rates["ours"].append(await _async_rate(lambda: wa.send(TO, TEXT), count))
    return rates


def bench_async(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """`AsyncWhatsApp.send` vs raw `httpx.AsyncClient`; not available until the async client is."""
    import smsmobile

    name = f"async sends, {CONCURRENCY} in flight, vs raw httpx.AsyncClient"
    if not hasattr(smsmobile, "AsyncWhatsApp"):
        return [not_available("async", name, "smsmobile.AsyncWhatsApp does not exist yet")]
    log(name)
    sandbox.reset()
    rates = asyncio.run(_async_rates(sandbox.url, scale.async_sends, max(1, scale.rounds // 3)))
    ours, raw = statistics.median(rates["ours"]), statistics.median(rates["raw"])
    return [
        Row(
            "async",
            name,
            ours=f"{ours:,.0f} msg/s",
            baseline=f"raw httpx.AsyncClient {raw:,.0f} msg/s",
            figure=ours / raw,
            goal=0.85,
            higher_is_better=True,
            measure="wall",
            data={"rates": rates},
        )
    ]


def bench_official(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """The official `smsmobileapi` package next to `WhatsApp.send`, sequential, alternated."""
    from importlib.metadata import PackageNotFoundError, version

    name = f"{scale.official_sends} sequential sends: WhatsApp.send vs the official smsmobileapi"
    try:
        official = WORKLOADS["official_send"](sandbox.url, 0)
        label = f"smsmobileapi {version('smsmobileapi')}"
    except (ImportError, PackageNotFoundError) as error:
        return [not_available("official", name, f"smsmobileapi is not installed ({error})")]
    log(name)
    ours = WORKLOADS["rest_send_ours"](sandbox.url, 0)
    found: dict[str, list[tuple[float, float]]] = {"ours": [], "official": []}
    try:
        for _ in range(max(1, scale.rounds // 3)):
            for key, workload in (("official", official), ("ours", ours)):
                sandbox.reset()
                wall, spent = time.perf_counter(), time.process_time()
                for _ in range(scale.official_sends):
                    workload.operation()
                found[key].append((time.perf_counter() - wall, time.process_time() - spent))
    finally:
        ours.close()
    rate = {k: scale.official_sends / min(w for w, _ in v) for k, v in found.items()}
    cpu = {k: min(c for _, c in v) / scale.official_sends for k, v in found.items()}
    return [
        Row(
            "official",
            name,
            ours=f"{rate['ours']:,.0f} msg/s ({us(cpu['ours'])} CPU)",
            baseline=f"{label} {rate['official']:,.0f} msg/s ({us(cpu['official'])} CPU)",
            figure=rate["ours"] / rate["official"],
            measure="wall",
            note="the official package opens a new connection per send, the key in the URL",
            data={"wall_cpu": found},
        )
    ]


def bench_sandbox(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """The sandbox alone under raw keep-alive clients, and its CPU per request (/proc)."""
    threads = 4
    log(f"sandbox throughput, {threads} raw keep-alive clients")
    sandbox.reset()
    per_thread = max(1, scale.sandbox_requests // threads)
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
    server_cpu, started = sandbox.cpu_seconds(), time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed, server_cpu = time.perf_counter() - started, sandbox.cpu_seconds() - server_cpu
    total = per_thread * threads
    return [
        Row(
            "sandbox",
            f"the sandbox alone: POST /sendsms/ from {threads} raw keep-alive threads",
            ours=f"{total / elapsed:,.0f} req/s",
            baseline=f"server CPU {us(server_cpu / total)}/req",
            measure="wall",
            data={"requests": total, "seconds": elapsed, "server_cpu_seconds": server_cpu},
        )
    ]
