"""Helpers shared by the adapter tests (imported by name: tests/adapter is on sys.path)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from smsmobile import ApiKey, OAuth2ClientCredentials, RetryPolicy, WhatsApp
from smsmobile._auth import TokenProvider
from smsmobile_sandbox.testing import RunningSandbox

FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05)

MakeClient = Callable[..., WhatsApp]


def token_provider_of(wa: WhatsApp) -> TokenProvider | None:
    """The token provider a client uses: its credentials object's, shared per token URL."""
    if not isinstance(wa.auth, OAuth2ClientCredentials):
        return None
    return wa.auth.token_provider(wa.base_url, wa.timeouts)


def credentials(
    sandbox: RunningSandbox, kind: str, **options: Any
) -> ApiKey | OAuth2ClientCredentials:
    if kind == "apikey":
        return ApiKey(sandbox.api_key)
    return OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret, **options)


@contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections: bound (nobody else takes it), not listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


class LateForwarder:
    """A port on 127.0.0.1 that refuses connections until `open()`, then forwards each one to
    `target` (host, port). Refusal is real: the socket is bound but not listening."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.accepted = 0
        self._closed = threading.Event()

    def open(self) -> None:
        self._sock.listen(16)
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        self._sock.close()

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            self.accepted += 1
            upstream = socket.create_connection(self.target)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(src, dst), daemon=True).start()


def _pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
