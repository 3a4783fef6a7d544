"""`/readyz`: can this gateway serve right now? The upstream must answer and the replay store
must answer; `/healthz` only says the process is alive (restart it when that fails, take it out
of the load balancer when this does)."""

from __future__ import annotations

import ssl
import threading

import httpx

from ..replay import ReplayStore, ReplayStoreUnavailable

__all__ = ["Readiness"]


class Readiness:
    """Checks both, each bounded by `timeout` seconds. Any HTTP answer of the upstream counts as
    reachable (its root may well be a 404): a probe asks whether it answers, not what."""

    def __init__(
        self, upstream: str, store: ReplayStore, *, tls: ssl.SSLContext, timeout: float = 2.0
    ) -> None:
        self.upstream = upstream
        self.store = store
        self._http = httpx.Client(
            timeout=timeout,
            verify=tls,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        self._lock = threading.Lock()  # one probe at a time: a flood of probes is one probe

    def check(self) -> dict[str, str]:
        """{"upstream": "ok"|"unreachable", "replay_store": "ok"|"unavailable"}."""
        with self._lock:
            try:
                self._http.head(self.upstream)
                upstream = "ok"
            except httpx.HTTPError:
                upstream = "unreachable"
            try:
                self.store.ping()
                store = "ok"
            except ReplayStoreUnavailable:
                store = "unavailable"
        return {"upstream": upstream, "replay_store": store}

    def close(self) -> None:
        self._http.close()
