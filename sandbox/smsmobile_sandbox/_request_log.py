"""The request log: one line per request on stdout, and the last ones in a bounded ring.

Only what is safe to show is kept: the path without its query string (which may carry
`apikey`), the kind of credential used, never the credential itself.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from ._http import Environ

#: Requests kept for `GET /_sandbox/requests`; older ones fall off.
RING_SIZE = 1000
#: Set on the environ by a front that knows who authenticated ("apikey", "oauth2").
AUTH_KEY = "smsmobile_sandbox.auth"
#: Set by the REST front: the parameter names of the query string and of the form body.
PARAMETERS_KEY = "smsmobile_sandbox.parameters"


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request as the log shows it."""

    time: str
    method: str
    path: str
    auth: str
    status: int
    ms: float
    query: list[str]
    body: list[str]


def _printable(text: str) -> str:
    """No control characters: a path must not forge a second log line."""
    return "".join(char if char.isprintable() else "?" for char in text)


def auth_kind(environ: Environ, soap: bool) -> str:
    """How the request authenticated, as far as it can be told without reading secrets."""
    known = environ.get(AUTH_KEY)
    if isinstance(known, str):
        return known
    if str(environ.get("PATH_INFO", "")).rstrip("/") == "/oauth2/token":
        return "client"  # client credentials, in the body or as HTTP Basic
    scheme = str(environ.get("HTTP_AUTHORIZATION", "")).partition(" ")[0].lower()
    if scheme == "bearer":
        return "oauth2"
    if scheme == "basic":
        return "basic"
    if soap:
        return "soap"
    query = str(environ.get("QUERY_STRING", ""))
    if any(part.partition("=")[0] == "apikey" for part in query.split("&")):
        return "apikey"
    return "-"


class RequestLog:
    """Prints each request (unless quiet) and keeps the last `RING_SIZE` of them."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = True) -> None:
        self.quiet = quiet
        self._stream = stream
        self._ring: deque[LoggedRequest] = deque(maxlen=RING_SIZE)
        self._lock = threading.Lock()

    def record(self, environ: Environ, *, soap: bool, status: int, started: float) -> LoggedRequest:
        query, body = environ.get(PARAMETERS_KEY, ([], []))
        entry = LoggedRequest(
            time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            method=str(environ.get("REQUEST_METHOD", "GET")).upper()[:16],
            path=_printable(str(environ.get("PATH_INFO") or "/")[:300]),
            auth=auth_kind(environ, soap),
            status=status,
            ms=round((time.perf_counter() - started) * 1000, 1),
            query=query,
            body=body,
        )
        with self._lock:
            self._ring.append(entry)
            if not self.quiet:
                stream = self._stream or sys.stdout
                stream.write(
                    f"{entry.time} {entry.method} {entry.path} auth={entry.auth} "
                    f"{entry.status} {entry.ms:.1f}ms\n"
                )
                stream.flush()
        return entry

    def last(self, limit: int) -> list[dict[str, Any]]:
        """The last `limit` requests, oldest first."""
        with self._lock:
            entries = list(self._ring)[-limit:] if limit > 0 else []
        return [asdict(entry) for entry in entries]

    def clear(self) -> None:
        with self._lock:
            self._ring.clear()
