"""One WSGI app under waitress, in the foreground or a thread, stopped through waitress's API.

Shared by our servers (the gateway, the webhook receiver, the sandbox). Stopping a waitress
server that runs in a thread takes four things, each done with what waitress offers in public:

- stop listening: the server's `close()`;
- close every open connection (an idle keep-alive one would keep the loop alive for up to its
  `channel_timeout`): they live in the socket map we handed `create_server` (`map=`), so we
  close our own map's connections; the loop ends when its map is empty. While the loop runs,
  both are done in the loop's own thread, handed to it through the server's trigger (waitress's
  way to run work in its loop, `trigger.pull_trigger(thunk)`), which also wakes it at once;
  so the loop may block in `poll()` for a whole `asyncore_loop_timeout` between events.
  (That setting is an int of seconds to waitress: 0.1 became 0, a `poll()` that never
  blocked, and every idle server of ours spun a core.)
- end the worker threads: single-socket `close()` leaves them running (Pylons/waitress#480), so
  the pool is ours, handed to `create_server`, and we shut it down once the loop has ended;
- in the foreground, Ctrl-C/SIGTERM ends `run()` itself, which shuts its pool down.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ._extras import require
from ._signals import sigterm_as_interrupt

__all__ = ["LOOP_TIMEOUT", "WaitressServer", "WsgiApp"]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOOP_TIMEOUT = 1
"""Whole seconds the loop may block in poll() with nothing to do (waitress's own default; it
reads the setting as an int, so a fraction would become 0: a loop that never blocks)."""


class WaitressServer:
    """`app` under waitress on host:port (0: a free one), bound at once, not yet serving.

    `threads` and every other waitress setting (`settings`) are waitress's own.
    """

    def __init__(
        self,
        app: WsgiApp,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        threads: int,
        name: str,
        **settings: Any,
    ) -> None:
        require("server", "serving with waitress (smsmobile gateway, sandbox, webhook serve)")
        from waitress import create_server  # here: a gateway under gunicorn needs no waitress
        from waitress.task import ThreadedTaskDispatcher

        self.name = name
        self._connections: dict[int, Any] = {}  # create_server's `map`: every socket it serves
        self._workers = ThreadedTaskDispatcher()
        self._workers.set_thread_count(threads)
        try:
            self._server: Any = create_server(
                app,
                map=self._connections,
                _dispatcher=self._workers,
                host=host,
                port=port,
                threads=threads,
                asyncore_use_poll=True,
                asyncore_loop_timeout=LOOP_TIMEOUT,
                **settings,
            )
        except BaseException:
            self._workers.shutdown()  # a port in use leaves no threads behind
            raise
        self.host = host
        self.port: int = int(self._server.effective_port)
        self._thread: threading.Thread | None = None
        self._close_lock = threading.Lock()
        self._closed = False
        self._looping: threading.Thread | None = None  # the thread running the loop, if any
        self._loop_ended = threading.Event()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        """Serve in this thread until `close()` (from another thread) or Ctrl-C ends it."""
        with self._close_lock:
            if self._closed:
                return
            self._looping = threading.current_thread()
        try:
            self._server.run()
        finally:
            self._loop_ended.set()

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, name=self.name, daemon=True)
        self._thread.start()

    def is_serving(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the serving thread ends (or `timeout` passes)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def run_until_stopped(self, ready: Callable[[], object] | None = None) -> bool:
        """Serve until Ctrl-C or SIGTERM, then close (for command lines); True when a signal
        stopped it (the command line then exits 130). `ready` runs once the handlers are in
        place, so a ready line printed there means a signal is handled from then on."""
        with sigterm_as_interrupt():
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
        return False

    def close(self) -> None:
        """Stop accepting, close every connection, end the loop and the worker threads.

        Idempotent and thread-safe; safe whether the loop runs, never ran, or already ended.
        """
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            looping = self._looping
        if looping is not None and looping is not threading.current_thread():
            # In the loop's thread, woken at once; the loop then ends, its map empty.
            with contextlib.suppress(OSError):
                self._server.trigger.pull_trigger(self._close_sockets)
            self._loop_ended.wait(timeout=10)
        self._close_sockets()  # the loop never ran, already ended, or this is its thread
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._workers.shutdown()

    def _close_sockets(self) -> None:
        """Stop listening and close every connection (each close is idempotent)."""
        with contextlib.suppress(OSError):
            self._server.close()  # the listening socket and the trigger
        for connection in list(self._connections.values()):
            with contextlib.suppress(OSError):
                connection.close()
