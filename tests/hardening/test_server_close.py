"""Our servers stop cleanly through waitress's public API (`smsmobile._waitress`): no port left
listening, no connection left open, no loop or worker thread left running; close() is idempotent,
thread-safe, and safe before the server ever ran."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from smsmobile._serving import ExposedServer
from smsmobile._waitress import WaitressServer
from smsmobile_sandbox import make_app, serve


def _refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError:
        return True
    return False


def _threads_named(prefix: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


def _hello(environ: dict[str, object], start_response: object) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])  # type: ignore[operator]
    return [b"hello"]


@pytest.mark.parametrize("kind", ["sandbox", "exposed"])
def test_close_ends_the_loop_the_workers_and_open_connections(kind: str) -> None:
    before = len(threading.enumerate())
    server: WaitressServer = (
        serve(make_app()) if kind == "sandbox" else ExposedServer(_hello, ident="closing-test")
    )
    server.start()
    keep_alive = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    keep_alive.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert keep_alive.recv(1024).startswith(b"HTTP/1.1")  # an open, idle keep-alive connection
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 5  # not the 30 s channel timeout of the idle connection
    while keep_alive.recv(65536):  # the rest of the reply, then EOF: the server closed it
        pass  # (a server that kept it open would make recv time out here)
    keep_alive.close()
    assert not server.is_serving()
    assert _refuses(server.port)
    assert len(threading.enumerate()) == before  # no loop thread, no waitress-N worker left


def test_close_is_idempotent_and_thread_safe() -> None:
    server = serve(make_app())
    server.start()
    assert httpx.get(f"{server.url}/_sandbox/messages").status_code == 200
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


def test_close_of_a_server_that_never_ran_frees_its_port_and_threads() -> None:
    before = len(threading.enumerate())
    server = ExposedServer(_hello, ident="never-ran")
    server.close()
    assert _refuses(server.port)
    assert len(threading.enumerate()) == before


def test_a_port_in_use_leaves_no_threads_behind() -> None:
    holder = ExposedServer(_hello, ident="holder")
    before = len(threading.enumerate())
    with pytest.raises(OSError):
        ExposedServer(_hello, port=holder.port, ident="second")
    assert len(threading.enumerate()) == before
    holder.close()
