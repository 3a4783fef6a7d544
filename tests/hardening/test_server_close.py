"""`SandboxServer.close()` is idempotent and safe when the server loop is already ending."""

from __future__ import annotations

import socket
import threading

import httpx

from smsmobile_sandbox import make_app, serve


def _refuses(url_port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", url_port), timeout=5).close()
    except OSError:
        return True
    return False


def test_close_after_the_loop_closed_its_trigger() -> None:
    server = serve(make_app())
    server.start()
    assert httpx.get(f"{server.url}/_sandbox/messages").status_code == 200
    # The state the loop is in while it ends: its trigger is already closed (waitress's public
    # `trigger` attribute of the server), and the old close() raised EBADF pulling it.
    server._server.trigger.close()
    server.close()
    assert not server.is_serving()
    assert _refuses(server.port)


def test_close_is_idempotent_and_thread_safe() -> None:
    server = serve(make_app())
    server.start()
    errors: list[BaseException] = []

    def close() -> None:
        try:
            server.close()
        except BaseException as error:  # recorded, asserted below
            errors.append(error)

    closers = [threading.Thread(target=close) for _ in range(4)]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(timeout=30)
    server.close()
    assert errors == []
    assert not server.is_serving()
    assert _refuses(server.port)
