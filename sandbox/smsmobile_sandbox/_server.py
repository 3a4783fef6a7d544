"""Serving the app with waitress (keep-alive, a thread pool), including the `drop` fault.

`drop` needs the connection closed with no reply at all. Waitress reads the whole request before
calling the app, and when the app raises its `ClientDisconnected` before anything was written it
writes nothing and closes the connection. `_DropAware` turns the app's `DropConnection` into that.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from waitress.channel import ClientDisconnected
from waitress.server import create_server

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


class SandboxServer:
    """A waitress server for one WSGI app, run in the foreground or in a background thread."""

    def __init__(
        self, app: WsgiApp, host: str = "127.0.0.1", port: int = 0, threads: int = DEFAULT_THREADS
    ) -> None:
        self.app = app
        self._server: Any = create_server(
            _DropAware(app),
            host=host,
            port=port,
            threads=threads,
            ident="smsmobile-sandbox",
            channel_timeout=30,
        )
        self.host = host
        self.port: int = int(self._server.effective_port)
        self._thread: threading.Thread | None = None
        self._close_lock = threading.Lock()
        self._closed = False
        # A dropped connection is the point of the fault, not news.
        logging.getLogger("waitress").setLevel(logging.WARNING)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve until `close()` is called from another thread (or SIGINT/SIGTERM end it)."""
        self._server.run()

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="smsmobile-sandbox", daemon=True
        )
        self._thread.start()

    def is_serving(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the background thread ends (or `timeout` passes)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def run_until_stopped(self, ready: Callable[[], object] | None = None) -> bool:
        """Serve in the background until Ctrl-C or SIGTERM, then close (for command lines);
        True when a signal stopped it (the command line then exits 130). `ready` runs once
        serving, with the handlers in place: a ready line printed there means a signal is
        handled from then on."""

        def stop(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        self.start()
        try:
            if ready is not None:
                ready()
            while self.is_serving():
                self.wait(0.5)
        except KeyboardInterrupt:
            return True
        finally:
            self.close()
            signal.signal(signal.SIGTERM, previous)
        return False

    def close(self) -> None:
        """Stop accepting, close every connection, end the loop and the worker threads.

        Idempotent, and safe when the loop already ended or is ending: its trigger may be
        closed by then, so a failed pull falls back to closing what is left from here.
        """
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        server = self._server

        def close_all() -> None:  # on the loop thread, or once the loop can no longer run
            for dispatcher in list(server._map.values()):
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


def serve(
    app: WsgiApp, host: str = "127.0.0.1", port: int = 0, threads: int = DEFAULT_THREADS
) -> SandboxServer:
    """A server bound to host:port (port 0 picks a free one), not yet serving."""
    return SandboxServer(app, host=host, port=port, threads=threads)
