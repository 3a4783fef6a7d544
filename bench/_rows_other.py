"""Side-by-side rows: async sends, the official package, and the sandbox on its own."""

from __future__ import annotations

import asyncio
import contextlib
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


class LoopLag:
    """The longest event-loop stall while running: a ticker asks to wake every `tick` s and
    records how late it woke (a blocking call on the loop shows up as a late wake-up)."""

    def __init__(self, tick: float = 0.001) -> None:
        self.tick = tick
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(self.tick)
            self.longest = max(self.longest, loop.time() - asked - self.tick)

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


async def _async_rate(send: Any, count: int) -> tuple[float, float]:
    """(sends per second, longest loop stall in s): `count` sends in one `asyncio.gather`,
    at most `CONCURRENCY` in flight (a semaphore), as an application would write it."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one() -> None:
        async with limit:
            await send()

    async with LoopLag() as lag:
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(count)))
        elapsed = time.perf_counter() - started
    return count / elapsed, lag.longest


async def _async_rates(url: str, count: int, rounds: int) -> dict[str, list[float]]:
    import smsmobile

    form = {"recipients": TO, "message": TEXT, "apikey": API_KEY, "waonly": "yes"}

    async def raw_send(client: httpx.AsyncClient) -> None:
        response = await client.post("/sendsms/", data=form)
        response.raise_for_status()
        if str(response.json()["result"]["error"]) != "0":
            raise RuntimeError("the raw async send failed")

    rates: dict[str, list[float]] = {"ours": [], "raw": [], "ours_lag": [], "raw_lag": []}
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with (
        smsmobile.AsyncWhatsApp(auth=smsmobile.ApiKey(API_KEY), base_url=url) as wa,
        httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(30, connect=5), limits=limits) as raw,
    ):  # fmt: skip
        await _async_rate(lambda: raw_send(raw), CONCURRENCY)  # warm both pools first
        await _async_rate(lambda: wa.send(TO, TEXT), CONCURRENCY)
        for _ in range(rounds):  # alternated, so a busy moment of the machine hits both
            rate, lag = await _async_rate(lambda: raw_send(raw), count)
            rates["raw"].append(rate)
            rates["raw_lag"].append(lag)
            rate, lag = await _async_rate(lambda: wa.send(TO, TEXT), count)
            rates["ours"].append(rate)
            rates["ours_lag"].append(lag)
    return rates


def bench_async(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    """`AsyncWhatsApp.send` vs raw `httpx.AsyncClient`, the same sends in one run, alternated."""
    name = (
        f"async sends, {scale.async_sends:,} in one gather, {CONCURRENCY} in flight, vs raw httpx"
    )
    log(name)
    sandbox.reset()
    rates = asyncio.run(_async_rates(sandbox.url, scale.async_sends, max(1, scale.rounds // 3)))
    ours, raw = statistics.median(rates["ours"]), statistics.median(rates["raw"])
    stall, raw_stall = max(rates["ours_lag"]), max(rates["raw_lag"])
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
            second=f"longest loop stall {stall * 1e3:,.1f} ms (raw {raw_stall * 1e3:,.1f} ms)",
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
