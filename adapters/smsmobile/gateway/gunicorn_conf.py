"""gunicorn settings for the gateway: `gunicorn -c python:smsmobile.gateway.gunicorn_conf ...`.

With PROMETHEUS_MULTIPROC_DIR set, the master empties that directory before the first worker
starts (values of an earlier run would be added to this one's) and, when a worker exits, drops
its live gauges (requests in flight); its counters stay, as Prometheus expects of a counter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ENV_MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"


def on_starting(server: Any) -> None:
    directory = os.environ.get(ENV_MULTIPROC_DIR)
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get(ENV_MULTIPROC_DIR):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
