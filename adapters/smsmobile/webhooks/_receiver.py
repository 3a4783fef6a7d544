"""A small WSGI app that receives Webhook V2 deliveries, and `serve` to run it under waitress.

Its answers (202/200/400/401/405/409/413/500/503) are decided in `_delivery`, shared with
the ASGI receiver and the framework recipes; this module only reads the WSGI body and calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .._extras import require
from ..replay import ReplayStore
from ._delivery import (
    MAX_BODY,
    METHOD_NOT_ALLOWED,
    REPLAY_CACHE_SIZE,
    Deliveries,
    WebhookReply,
)
from ._events import WebhookEvent
from ._replay import EventIdCache
from ._signing import DEFAULT_TOLERANCE

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from .._serving import ServerLimits

__all__ = ["MAX_BODY", "REPLAY_CACHE_SIZE", "WebhookReceiver", "serve"]


class WebhookReceiver:
    """A WSGI app that verifies each delivery, de-duplicates it, and calls `handler` once.

    The handler runs inside the request: keep it short (queue the work) so the sender does not
    time out. Mount it at any path; every path answers the same. By default each id is
    remembered for twice the tolerance (a timestamp may be that far either side of now), so
    a replay is refused for as long as its signature would pass; `clock` (unix seconds) is
    what timestamps are checked against. `store` is where ids are claimed (see `Deliveries`):
    several workers or replicas must share one (a Redis URL, or SMSMOBILE_REDIS_URL).
    """

    def __init__(
        self,
        secret: str | bytes,
        handler: Callable[[WebhookEvent], None],
        *,
        tolerance: int = DEFAULT_TOLERANCE,
        max_body: int = MAX_BODY,
        seen: EventIdCache | None = None,
        store: ReplayStore | str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._deliveries = Deliveries(
            secret, tolerance=tolerance, max_body=max_body, seen=seen, store=store, clock=clock
        )
        self._handler = handler
        self.seen = self._deliveries.seen
        self.store = self._deliveries.store

    def __repr__(self) -> str:
        return f"WebhookReceiver(handler={self._handler!r}, tolerance={self._deliveries.tolerance})"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD", "GET").upper() != "POST":
            return _reply(start_response, METHOD_NOT_ALLOWED)
        reply = self._deliveries.receive(
            str(environ.get("CONTENT_LENGTH") or ""),
            environ["wsgi.input"].read,
            _headers(environ),
            self._handler,
        )
        return _reply(start_response, reply)


def serve(
    secret: str | bytes,
    handler: Callable[[WebhookEvent], None],
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    max_body: int = MAX_BODY,
    seen: EventIdCache | None = None,
    store: ReplayStore | str | None = None,
    ready: Callable[[str], None] | None = None,
    limits: ServerLimits | None = None,
) -> None:
    """Receive webhooks on http://host:port/ with waitress until interrupted (Ctrl-C).

    Prints nothing. `ready`, if given, is called with the listening URL once the socket is
    bound (the real port when `port` is 0). `limits` bound slow clients and connections.
    `store` (or SMSMOBILE_REDIS_URL) is the replay store shared with the other receivers.
    """
    require("server", "smsmobile.webhooks.serve")
    from .._serving import ExposedServer, ServerLimits  # lazily: waitress is an extra

    app = WebhookReceiver(
        secret, handler, tolerance=tolerance, max_body=max_body, seen=seen, store=store
    )
    bounds = limits or ServerLimits(max_body=max_body)
    server = ExposedServer(app, host, port, ident="smsmobile-webhooks", limits=bounds)
    try:
        if ready is not None:
            ready(f"{server.url}/")
        server.serve_forever()  # returns on KeyboardInterrupt / SystemExit
    finally:
        server.close()


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-"): value
        for key, value in environ.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    }
    if isinstance(environ.get("CONTENT_TYPE"), str):
        headers["CONTENT-TYPE"] = environ["CONTENT_TYPE"]
    return headers


def _reply(start_response: StartResponse, reply: WebhookReply) -> list[bytes]:
    start_response(f"{reply.status.value} {reply.status.phrase}", reply.header_list())
    return [reply.body]
