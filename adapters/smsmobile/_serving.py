"""Serving our own WSGI apps (the gateway, the webhook receiver) where callers can reach them.

Waitress reads requests on one event loop and hands only complete ones to its worker threads,
so a slow client costs a connection slot, not a thread. The limits below bound what such
clients can hold: more slots than a small flood can fill, idle connections closed after
`channel_timeout`, and bodies over `max_body` refused with 413 from their Content-Length
(chunked bodies as soon as they pass it), before they are buffered. Production still runs
behind a reverse proxy (TLS, slow-client buffering): see the README's security notes.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ._extras import require
from ._signals import sigterm_as_interrupt

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

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


class ExposedServer:
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
        self._dispatchers: dict[int, Any] = {}  # the loop's sockets, so close() can end them
        require("server", "serving with waitress (smsmobile gateway, webhook serve)")
        from waitress.server import create_server  # here: a gateway under gunicorn needs none

        self._server: Any = create_server(
            app,
            map=self._dispatchers,
            host=host,
            port=port,
            ident=ident,
            threads=limits.threads,
            connection_limit=limits.connection_limit,
            channel_timeout=limits.channel_timeout,
            cleanup_interval=limits.cleanup_interval,
            # waitress refuses a body whose length reaches this, so one more than the cap
            max_request_body_size=limits.max_body + 1,
            max_request_header_size=limits.max_header,
        )
        self.host = host
        self.port: int = int(self._server.effective_port)
        self._thread: threading.Thread | None = None
        self._close_lock = threading.Lock()
        self._closed = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve until `close()` is called from another thread (or Ctrl-C ends it)."""
        self._server.run()

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def run_until_stopped(self, ready: Callable[[], object] | None = None) -> bool:
        """Serve until Ctrl-C or SIGTERM, then close (for command lines); True when a signal
        stopped it (the command line then exits 130). `ready` runs once the handlers are in
        place, so a ready line printed there means a signal is handled from then on."""

        with sigterm_as_interrupt():
            self.start()
            try:
                if ready is not None:
                    ready()
                while self._thread is not None and self._thread.is_alive():
                    self._thread.join(0.5)
            except KeyboardInterrupt:
                return True
            finally:
                self.close()
        return False

    def close(self) -> None:
        """Stop accepting, close every connection, end the loop; idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        server = self._server

        def close_all() -> None:  # on the loop thread, or once the loop can no longer run
            for dispatcher in list(self._dispatchers.values()):
                with contextlib.suppress(OSError):
                    dispatcher.close()

        thread = self._thread
        if thread is not None and thread.is_alive():
            try:
                server.trigger.pull_trigger(close_all)
            except OSError:  # the trigger is closed: the loop ends once its map is empty
                close_all()
            thread.join(timeout=10)
        else:
            close_all()
        server.task_dispatcher.shutdown()
