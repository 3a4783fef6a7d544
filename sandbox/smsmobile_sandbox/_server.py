"""Serving the app with waitress (keep-alive, a thread pool), including the `drop` fault.

`drop` needs the connection closed with no reply at all. Waitress reads the whole request before
calling the app, and when the app raises its `ClientDisconnected` before anything was written it
writes nothing and closes the connection. `_DropAware` turns the app's `DropConnection` into that.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from waitress.channel import ClientDisconnected

from smsmobile._waitress import WaitressServer

from ._http import DropConnection, Environ, StartResponse, WsgiApp

DEFAULT_THREADS = 16


class _DropAware:
    """Translate the app's `DropConnection` into waitress's silent connection close."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        try:
            return self.app(environ, start_response)
        except DropConnection:
            raise ClientDisconnected("sandbox fault: drop") from None


class SandboxServer(WaitressServer):
    """A waitress server for one WSGI app, run in the foreground or in a background thread
    (started and stopped as our other servers are: `smsmobile._waitress`)."""

    def __init__(
        self, app: WsgiApp, host: str = "127.0.0.1", port: int = 0, threads: int = DEFAULT_THREADS
    ) -> None:
        self.app = app
        super().__init__(
            _DropAware(app),
            host,
            port,
            threads=threads,
            name="smsmobile-sandbox",
            ident="smsmobile-sandbox",
            channel_timeout=30,
        )
        # A dropped connection is the point of the fault, not news.
        logging.getLogger("waitress").setLevel(logging.WARNING)


def serve(
    app: WsgiApp, host: str = "127.0.0.1", port: int = 0, threads: int = DEFAULT_THREADS
) -> SandboxServer:
    """A server bound to host:port (port 0 picks a free one), not yet serving."""
    return SandboxServer(app, host=host, port=port, threads=threads)
