"""Serving our own WSGI apps (the gateway, the webhook receiver) where callers can reach them.

Waitress reads requests on one event loop and hands only complete ones to its worker threads,
so a slow client costs a connection slot, not a thread. The limits below bound what such
clients can hold: more slots than a small flood can fill, idle connections closed after
`channel_timeout`, and bodies over `max_body` refused with 413 from their Content-Length
(chunked bodies as soon as they pass it), before they are buffered. Production still runs
behind a reverse proxy (TLS, slow-client buffering): see docs/guides/security.md.
Starting and stopping is `_waitress.WaitressServer`'s, shared with the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._waitress import WaitressServer, WsgiApp

__all__ = ["ExposedServer", "ServerLimits"]


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """Waitress settings for a server exposed to callers we do not control."""

    threads: int = 16
    """Worker threads: requests handled at once (each upstream call holds one)."""
    connection_limit: int = 500
    """Open connections before waitress stops accepting (its default, 100, is a small flood)."""
    channel_timeout: int = 30
    """Seconds a connection may sit idle (no byte sent or received) before it is closed."""
    cleanup_interval: int = 5
    """Seconds between sweeps for idle connections."""
    max_body: int = 1024 * 1024
    """The largest request body taken (1 MiB, the apps' own cap); larger gets 413."""
    max_header: int = 64 * 1024
    """The largest request head (request line + headers) taken; larger gets 431/400."""


class ExposedServer(WaitressServer):
    """One WSGI app under waitress with `ServerLimits`, in the foreground or a thread."""

    def __init__(
        self,
        app: WsgiApp,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        ident: str,
        limits: ServerLimits = ServerLimits(),
    ) -> None:
        self.limits = limits
        super().__init__(
            app,
            host,
            port,
            threads=limits.threads,
            name=ident,
            ident=ident,
            connection_limit=limits.connection_limit,
            channel_timeout=limits.channel_timeout,
            cleanup_interval=limits.cleanup_interval,
            # waitress refuses a body whose length reaches this, so one more than the cap
            max_request_body_size=limits.max_body + 1,
            max_request_header_size=limits.max_header,
        )
