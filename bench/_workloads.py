"""The operations the CPU rows measure, each built the same way in process and under valgrind.

A workload is a factory `(sandbox_url, size) -> Workload`: the subject (our client) or the
baseline (raw httpx, bare zeep, ...) set up and connected, with one operation to repeat. The same
factory feeds the in-process CPU timing and `python -m bench._workloads NAME URL COUNT SIZE`,
which valgrind runs with a marker around the measured part (see `_instructions`).
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import requests

from bench import _raw
from bench._sandbox import API_KEY

TO = "32470123456"
TEXT = "Hello from the benchmark"
WSDL = Path(__file__).resolve().parents[1] / "spec" / "smsmobileapi.wsdl"
SOAP_BINDING = "{urn:smsmobile:whatsapp:v1}WhatsAppSoapBinding"
WARMUP = 5


@dataclass
class Workload:
    """One operation to repeat; `units` is how many user-visible things one call does."""

    operation: Callable[[], object]
    close: Callable[[], object] = lambda: None
    units: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


def _timeout() -> httpx.Timeout:
    return httpx.Timeout(30, connect=5)


def _ours(url: str, transport: str = "rest") -> Any:
    from smsmobile import ApiKey, WhatsApp

    return WhatsApp(auth=ApiKey(API_KEY), base_url=url, transport=transport)  # type: ignore[arg-type]


def rest_send_ours(url: str, size: int) -> Workload:
    wa = _ours(url)
    return Workload(lambda: wa.send(TO, TEXT), wa.close)


def rest_send_raw(url: str, size: int) -> Workload:
    raw = httpx.Client(base_url=url, timeout=_timeout())
    return Workload(lambda: _raw.rest_send(raw, TO, TEXT), raw.close)


def _bare_zeep(url: str) -> tuple[Any, requests.Session]:
    """`zeep.Client(wsdl).create_service(binding, address)`: zeep's public API, nothing else."""
    import zeep
    import zeep.transports

    session = requests.Session()
    client = zeep.Client(str(WSDL), transport=zeep.transports.Transport(session=session))
    return client.create_service(SOAP_BINDING, url + "/soap"), session


def soap_send_ours(url: str, size: int) -> Workload:
    wa = _ours(url, "soap")
    return Workload(lambda: wa.send(TO, TEXT), wa.close)


def soap_send_zeep(url: str, size: int) -> Workload:
    service, session = _bare_zeep(url)

    def send() -> object:
        reply = service.SendWhatsApp(apikey=API_KEY, recipients=TO, message=TEXT, waonly="yes")
        if str(reply["error"]) != "0":
            raise RuntimeError(reply["error"])
        return reply["id"]

    return Workload(send, session.close)


def _checked(found: list[Any], size: int) -> list[Any]:
    if len(found) != size:
        raise RuntimeError(f"expected {size} messages, got {len(found)}")
    return found


def rest_messages_ours(url: str, size: int) -> Workload:
    wa = _ours(url)
    return Workload(lambda: _checked(list(wa.messages()), size), wa.close)


def rest_messages_raw(url: str, size: int) -> Workload:
    raw = httpx.Client(base_url=url, timeout=_timeout())
    return Workload(lambda: _checked(_raw.rest_messages(raw), size), raw.close)


def soap_messages_ours(url: str, size: int) -> Workload:
    wa = _ours(url, "soap")
    return Workload(lambda: _checked(list(wa.messages()), size), wa.close)


def soap_messages_zeep(url: str, size: int) -> Workload:
    """Bare zeep paging the way `messages()` does: `before` the oldest timestamp, until empty."""
    service, session = _bare_zeep(url)

    def retrieve() -> list[Any]:
        found: list[Any] = []
        before: int | None = None
        while True:
            reply = service.GetMessages(apikey=API_KEY, before=before)
            page = list(reply["message"] or [])
            if not page:
                return _checked(found, size)
            found.extend(page)
            before = min(int(item["timestamp"]) for item in page)

    return Workload(retrieve, session.close)


def _bulk_csv(directory: Path, rows: int) -> Path:
    path = directory / "bulk.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("recipient,message\n")
        out.writelines(f"+32 4{index:08d},Hello number {index}\n" for index in range(rows))
    return path


def bulk_ours(url: str, size: int, workers: int = 4) -> Workload:
    """`smsmobile bulk FILE --journal J --rate 0 --workers 4`, through the CLI's public `main`."""
    from smsmobile.__main__ import main

    directory = Path(tempfile.mkdtemp(prefix="smsmobile-bench-bulk-"))
    csv_path = _bulk_csv(directory, size)
    runs = iter(range(1_000_000))
    os.environ["SMSMOBILEAPI_API_KEY"] = API_KEY
    os.environ["SMSMOBILEAPI_BASE_URL"] = url

    def run() -> None:
        journal = directory / f"journal-{next(runs)}.db"
        argv = ["--json", "bulk", str(csv_path), "--journal", str(journal)]
        argv += ["--rate", "0", "--workers", str(workers)]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
        if code != 0:
            raise RuntimeError(f"smsmobile bulk exited {code}")

    def close() -> None:
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()

    return Workload(run, close, units=size)


def bulk_raw(url: str, size: int, workers: int = 4) -> Workload:
    """A `ThreadPoolExecutor(4)` posting the same forms through one `httpx.Client`."""
    raw = httpx.Client(base_url=url, timeout=_timeout())
    recipients = [f"324{index:08d}" for index in range(size)]

    def run() -> None:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda to: _raw.rest_send(raw, to, TEXT), recipients))

    return Workload(run, raw.close, units=size)


def official_send(url: str, size: int) -> Workload:
    """The official `smsmobileapi` package, its hard-coded service address pointed at `url`."""
    from smsmobileapi import SMSSender

    sender = SMSSender(API_KEY)
    sender.api_url_send = url + "/sendsms"
    sender.api_url_received = url + "/getsms"

    def send() -> None:
        if "result" not in sender.send_message(TO, TEXT, sendwa=1, sendsms=0):
            raise RuntimeError("the official package got no result")

    return Workload(send)


WORKLOADS: dict[str, Callable[[str, int], Workload]] = {
    "rest_send_ours": rest_send_ours,
    "rest_send_raw": rest_send_raw,
    "soap_send_ours": soap_send_ours,
    "soap_send_zeep": soap_send_zeep,
    "rest_messages_ours": rest_messages_ours,
    "rest_messages_raw": rest_messages_raw,
    "soap_messages_ours": soap_messages_ours,
    "soap_messages_zeep": soap_messages_zeep,
    "bulk_ours": bulk_ours,
    "bulk_raw": bulk_raw,
    "official_send": official_send,
}


def _marker() -> None:
    """A libc call nothing else in these workloads makes: callgrind dumps its counters here."""
    os.getppid()


def main(argv: list[str]) -> int:
    name, url, count, size = argv[0], argv[1], int(argv[2]), int(argv[3])
    workload = WORKLOADS[name](url, size)
    for _ in range(min(WARMUP, count)):
        workload.operation()
    # a full collection of what the imports left would otherwise land inside the counted loop of
    # one workload and not the other, by chance (about 20 M instructions: 10% of the REST send row)
    gc.collect()
    _marker()
    for _ in range(count):
        workload.operation()
    _marker()
    workload.close()
    print(workload.units)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
