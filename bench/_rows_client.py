"""The client's CPU rows: one send and one retrieval of 100, REST and SOAP, against a baseline.

Each row's figure is the ratio of instructions per operation (callgrind, repeatable to well under
1%), with the ratio of CPU time measured in process (interleaved rounds, median) as the second
column; without valgrind the CPU ratio becomes the figure and the row says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict

from bench import _goals as goals
from bench import _instructions
from bench._measure import paired
from bench._row import Row, Scale, instructions, log, us, where_time_goes
from bench._sandbox import API_KEY, SandboxProcess
from bench._workloads import WORKLOADS, Workload
from smsmobile import ApiKey, WhatsApp


def counts_instructions(scale: Scale, key: str) -> bool:
    """Whether this row counts instructions: valgrind is there and the scale asks for it."""
    if not scale.instructions or _instructions.valgrind() is None:
        return False
    return not scale.quick or key in scale.counted


def pair_row(
    sandbox: SandboxProcess,
    scale: Scale,
    *,
    key: str,
    name: str,
    subject: str,
    baseline: str,
    baseline_label: str,
    goal: float,
    size: int = 0,
    per_round: int,
    counted: int,
    reset: bool,
    prepare: Callable[[], None] | None = None,
) -> Row:
    """Ours against its baseline: CPU interleaved in process, instructions under valgrind.

    `prepare`: called before the timed rounds and before each workload is counted (a row that
    lasts longer than some state it needs, such as the sandbox's retrieval window).
    """
    ours: Workload = WORKLOADS[subject](sandbox.url, size)
    base: Workload = WORKLOADS[baseline](sandbox.url, size)
    try:
        if prepare is not None:
            prepare()
        cpu = paired(
            ours.operation,
            base.operation,
            rounds=scale.rounds,
            per_round=per_round,
            warmup=3,
            between=sandbox.reset if reset else None,
        )
        row = Row(key, name, measure="cpu", goal=goal, data={"cpu": asdict(cpu)})
        row.ours, row.baseline = us(cpu.subject), f"{baseline_label} {us(cpu.baseline)}"
        row.second = f"CPU ratio {cpu.ratio:.2f}"
        row.figure = cpu.ratio
        if counts_instructions(scale, key):
            if reset:
                sandbox.reset()
            found: dict[str, _instructions.Counted] = {}
            for label, workload in (("ours", subject), ("baseline", baseline)):
                if prepare is not None:
                    prepare()
                found[label] = _instructions.count(workload, sandbox.url, count=counted, size=size)
            ratio = found["ours"].per_unit / found["baseline"].per_unit
            row.measure, row.figure = "instructions", ratio
            row.ours = f"{instructions(found['ours'].per_unit)} ({us(cpu.subject)} CPU)"
            row.baseline = (
                f"{baseline_label} {instructions(found['baseline'].per_unit)} "
                f"({us(cpu.baseline)} CPU)"
            )
            row.data["instructions"] = {k: vars(v) for k, v in found.items()}
        else:
            row.second += "; CPU time is the figure (no instruction count: see bench/README.md)"
        if row.ok is False:
            row.note = where_time_goes(ours.operation, max(2, per_round // 2))
        return row
    finally:
        ours.close()
        base.close()


def bench_rest_send(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    log("REST send vs raw httpx POST")
    sandbox.reset()
    return [
        pair_row(
            sandbox, scale, key="rest", name="send, REST: client cost per send",
            subject="rest_send_ours", baseline="rest_send_raw", baseline_label="raw httpx POST",
            goal=goals.REST_SEND, per_round=scale.sends_per_round, counted=scale.counted_sends,
            reset=True,
        )
    ]  # fmt: skip


def bench_soap_send(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    log("SOAP send vs bare zeep")
    sandbox.reset()
    return [
        pair_row(
            sandbox, scale, key="soap", name="send, SOAP: client cost per send",
            subject="soap_send_ours", baseline="soap_send_zeep", baseline_label="bare zeep",
            goal=goals.SOAP_SEND, per_round=scale.soap_per_round, counted=scale.counted_sends,
            reset=True,
        )
    ]  # fmt: skip


def prepare_inbound(sandbox: SandboxProcess, count: int) -> None:
    """`count` inbound messages with distinct timestamps (so `before` paging sees each one)."""
    sandbox.reset()
    now = int(time.time())
    for index in range(count):
        message = {
            "number": f"3247{index:07d}",
            "contact": f"Contact {index}",
            "message": f"message {index}",
            "timestamp": now - 10 * index,
        }
        sandbox.control("POST", "inbound", message)


def bench_retrieval(sandbox: SandboxProcess, scale: Scale) -> list[Row]:
    log("retrieval of 100 messages, REST vs raw httpx, SOAP vs bare zeep")
    prepare_inbound(sandbox, 100)

    def open_window() -> None:
        """Retrieval on and a fresh window: on a loaded machine a row outlasts one window."""
        with WhatsApp(auth=ApiKey(API_KEY), base_url=sandbox.url) as wa:
            wa.set_retrieval(True)
            wa.synchronize()

    common = {
        "size": 100,
        "per_round": scale.retrievals_per_round,
        "reset": False,
        "prepare": open_window,
    }
    return [
        pair_row(
            sandbox, scale, key="retrieval-rest", name="retrieve 100 messages, REST",
            subject="rest_messages_ours", baseline="rest_messages_raw",
            baseline_label="raw httpx paging", goal=goals.RETRIEVAL_REST,
            counted=scale.counted_retrievals,
            **common,  # type: ignore[arg-type]
        ),
        pair_row(
            sandbox, scale, key="retrieval-soap", name="retrieve 100 messages, SOAP",
            subject="soap_messages_ours", baseline="soap_messages_zeep",
            baseline_label="bare zeep paging", goal=goals.RETRIEVAL_SOAP,
            counted=scale.counted_retrievals,
            **common,  # type: ignore[arg-type]
        ),
    ]  # fmt: skip
