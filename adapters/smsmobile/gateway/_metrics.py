"""The gateway's Prometheus metrics, right under several workers.

Each process counts in its own registry. With PROMETHEUS_MULTIPROC_DIR set (gunicorn: see the
README, and `smsmobile.gateway.gunicorn_conf`, which empties the directory at start and drops
a dead worker's live gauges), prometheus-client keeps every value in a file of that directory
and `/metrics` sums them across the workers, so whichever worker answers the scrape gives the
totals of all of them.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = ["ENV_MULTIPROC_DIR", "GatewayMetrics"]

ENV_MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
#: Upstream latency buckets (seconds): a REST call is tens of ms; a timeout is tens of seconds.
UPSTREAM_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class GatewayMetrics:
    """Requests by SOAP operation and outcome, upstream latency and errors, requests in flight."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "smsmobile_gateway_requests",
            "SOAP requests answered, by operation and outcome (ok, or the fault's code)",
            ("operation", "outcome"),
            registry=self.registry,
        )
        self.upstream_seconds = Histogram(
            "smsmobile_gateway_upstream_request_duration_seconds",
            "Time of each call to the upstream REST service (every attempt), by operation",
            ("operation",),
            buckets=UPSTREAM_BUCKETS,
            registry=self.registry,
        )
        self.upstream_errors = Counter(
            "smsmobile_gateway_upstream_errors",
            "Upstream calls that failed (unreachable, timed out, unreadable, 5xx), by error",
            ("operation", "error"),
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "smsmobile_gateway_requests_in_flight",
            "SOAP requests being handled now (summed over live workers)",
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    def exposition(self) -> tuple[bytes, str]:
        """The text format of every metric (of every worker, in multiprocess mode)."""
        registry: Any = self.registry
        if os.environ.get(ENV_MULTIPROC_DIR):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
