"""Where the gateway's CPU goes per SOAP request, stage by stage.

The gateway's own WSGI app (`make_gateway_app`, what `smsmobile gateway` serves) is called in
this process, one request at a time, over the same sandbox: first unprofiled, for its CPU per
request (`time.thread_time`); then under cProfile, for each stage's share of it (inclusive time
of the function that is the stage). What the gateway process spends per request under the
row's load beyond its app is waitress (HTTP parsing, its loop, handing requests to worker
threads) and running 16 threads on 2 cores: measured by subtraction, from /proc.
"""

from __future__ import annotations

import cProfile
import io
import logging
import os
import pstats
import time
from collections.abc import Callable, Iterable
from typing import Any

from bench import _raw
from bench._row import us
from bench._sandbox import API_KEY
from bench._workloads import TEXT, TO

# (stage, the file the function is in, its name): each counted with everything it calls.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("upstream call", "smsmobile/transports/rest.py", "exchange"),
    ("reply check", "smsmobile/_operations.py", "parse"),
    ("checker", "smsmobile/_checker.py", "request_problem"),
    ("XSD", "smsmobile/soapserver/_schema.py", "validate"),
    ("fields", "smsmobile/soapserver/_front.py", "_read_fields"),
    ("reply fields", "smsmobile/gateway/_replies.py", "soap_reply"),
    ("reply envelope", "smsmobile/soapserver/_front.py", "_reply"),
    ("log", "smsmobile/gateway/_requestlog.py", "log_request"),
)
_APP = ("smsmobile/gateway/_wsgi.py", "__call__")
_METRICS = "prometheus_client/"


def _soap_environ(body: bytes) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/soap",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "text/xml; charset=utf-8",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_SOAPACTION": f'"{_raw.NS}#SendWhatsApp"',
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
    }


def _inclusive(stats: pstats.Stats, path: str, name: str) -> float:
    """Seconds in `name` of `path` and everything it called (summed over its definitions)."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    found = 0.0
    for (file_name, _, function), (_, _, _, cumulative, _) in table.items():
        if function == name and file_name.replace("\\", "/").endswith(path):
            found += cumulative
    return found


def _entered_from_outside(stats: pstats.Stats, marker: str) -> float:
    """Seconds in a library (files whose path holds `marker`), counted where our code calls it."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    found = 0.0
    for (file_name, _, _), (_, _, _, _, callers) in table.items():
        if marker not in file_name:
            continue
        for (caller_file, _, _), edge in callers.items():
            if marker not in caller_file:
                found += edge[3]
    return found


def app_stages(upstream: str, requests: int) -> tuple[float, dict[str, float]]:
    """(the app's CPU seconds per request, each stage's share of it)."""
    from smsmobile.gateway import make_gateway_app
    from smsmobile.gateway._requestlog import RequestLogFormatter

    body = _raw.envelope(
        "SendWhatsApp", {"apikey": API_KEY, "recipients": TO, "message": TEXT, "waonly": "yes"}
    )
    app = make_gateway_app(upstream)

    def start_response(status: str, headers: Iterable[tuple[str, str]]) -> None:
        if not status.startswith("200"):
            raise RuntimeError(f"the gateway app answered {status}")

    def call() -> None:
        b"".join(app(_soap_environ(body), start_response))

    # A line per request, as `smsmobile gateway` writes them (to stderr there; here, nowhere).
    request_log = logging.getLogger("smsmobile.gateway.requests")
    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 (closed below)
    handler.setFormatter(RequestLogFormatter(json_lines=False))
    level, propagate = request_log.level, request_log.propagate
    request_log.addHandler(handler)
    request_log.setLevel(logging.INFO)
    request_log.propagate = False
    try:
        for _ in range(10):  # the upstream client and its connection, made before measuring
            call()
        started = time.thread_time()
        for _ in range(requests):
            call()
        per_request = (time.thread_time() - started) / requests
        shares = _profile_shares(call, requests)
    finally:
        app.backend.close()  # type: ignore[attr-defined]
        request_log.removeHandler(handler)
        request_log.setLevel(level)
        request_log.propagate = propagate
        handler.close()
        handler.stream.close()
    return per_request, shares


def _profile_shares(call: Callable[[], None], requests: int) -> dict[str, float]:
    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    for _ in range(requests):
        call()
    profile.disable()
    stats = pstats.Stats(profile)
    total = _inclusive(stats, *_APP) or 1.0
    shares = {stage: _inclusive(stats, path, name) / total for stage, path, name in STAGES}
    shares["metrics"] = _entered_from_outside(stats, _METRICS) / total
    # what is left: the envelope's parse, dispatch, request id, tracing span, WSGI glue
    shares["SOAP parse and the rest"] = max(0.0, 1.0 - sum(shares.values()))
    return shares


def breakdown(process_cpu: float, app_cpu: float, shares: dict[str, float]) -> str:
    """One line: the process's CPU per request, then where it goes."""
    parts = [f"waitress+threads {us(max(0.0, process_cpu - app_cpu))}"]
    ordered = sorted(shares.items(), key=lambda item: -item[1])
    parts += [f"{stage} {us(app_cpu * share)}" for stage, share in ordered]
    return f"gateway CPU/req {us(process_cpu)} = " + ", ".join(parts)
