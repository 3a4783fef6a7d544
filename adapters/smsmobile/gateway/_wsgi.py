"""The gateway's HTTP face: its routes, and the address it writes into its WSDL.

A `?wsdl` request's `Host` header is the caller's to choose, and SOAP toolkits (and caches
between them) send every later call to the address the WSDL names. So the address is the
configured public URL when there is one; otherwise the request's `Host` only when it names a
loopback name or a host the operator configured (the interface the gateway is bound to), and
any other `Host` is refused with 400.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .._errors import InvalidRequest
from .._tracing import server_span
from ..soapserver import Response, SoapBackend, SoapFront
from ._metrics import GatewayMetrics
from ._readiness import Readiness
from ._requestlog import REQUEST_ID_HEADER, current_request_id, log_request, request_id_for

__all__ = ["LOOPBACK_HOSTS", "GatewayApp", "WsdlAddress", "parse_public_url"]

Environ = dict[str, Any]
StartResponse = Callable[..., Any]

_log = logging.getLogger("smsmobile.gateway")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (a bound wildcard names no host)
_HOST_HEADER = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?")


def parse_public_url(url: str) -> tuple[str, str, str]:
    """(scheme, netloc, path prefix) of a public URL such as https://soap.example.com/gw."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        raise InvalidRequest("public_url", "must be an http(s) URL such as https://host") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequest("public_url", "must be an http(s) URL such as https://host")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidRequest("public_url", "must hold no query, fragment or user info")
    return parts.scheme, parts.netloc, parts.path.rstrip("/")


class WsdlAddress:
    """The environ to render the WSDL with, or None when the request's `Host` is refused."""

    def __init__(self, public_url: str | None = None, hosts: Iterable[str] = ()) -> None:
        self.public = parse_public_url(public_url) if public_url else None
        configured = {host.strip().strip("[]").lower() for host in hosts}
        self.hosts = LOOPBACK_HOSTS | (configured - _WILDCARDS)

    def environ_for(self, environ: dict[str, Any]) -> dict[str, Any] | None:
        if self.public is not None:
            scheme, netloc, prefix = self.public
            return {
                **environ,
                "HTTP_HOST": netloc,
                "wsgi.url_scheme": scheme,
                "SCRIPT_NAME": prefix,
                "PATH_INFO": "/soap",
            }
        found = _HOST_HEADER.fullmatch(str(environ.get("HTTP_HOST", "")))
        if found is None or found["host"].strip("[]").lower() not in self.hosts:
            return None
        return {**environ, "SCRIPT_NAME": "", "PATH_INFO": "/soap"}


def _wsdl_text() -> bytes:
    return (files("smsmobile") / "smsmobileapi.wsdl").read_bytes()


class GatewayApp:
    """`/soap` (and `/soap?wsdl`) to the SOAP front; `/healthz` (alive), `/readyz` (upstream
    and replay store answer) and `/metrics` (Prometheus text) for the operator.

    Every `/soap` request is counted, timed and logged in one line, under a request id (the
    caller's `X-Request-ID`, or one made here) that the reply echoes and the upstream receives.
    """

    def __init__(
        self,
        backend: SoapBackend,
        address: WsdlAddress,
        *,
        metrics: GatewayMetrics | None = None,
        readiness: Readiness | None = None,
    ) -> None:
        self.backend = backend
        self.address = address
        self.front = SoapFront(backend, _wsdl_text())
        self.metrics = metrics or GatewayMetrics()
        self.readiness = readiness

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", "")).rstrip("/")
        if path == "/soap":
            # One SERVER span per SOAP request, continuing the caller's `traceparent`.
            with server_span(environ, "smsmobile.gateway /soap", start_response) as noting:
                return self._soap(environ)(noting)
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        if path == "/readyz":
            return self._ready()(start_response)
        if path == "/metrics":
            body, content_type = self.metrics.exposition()
            start_response("200 OK", [("Content-Type", content_type)])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: the gateway serves /soap and /soap?wsdl\n"]

    def _soap(self, environ: Environ) -> Response:
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        bound = current_request_id.set(request_id)
        started = time.monotonic()
        wsdl = _asks_for_wsdl(environ)
        self.metrics.in_flight.inc()
        try:
            response = self._soap_response(environ, wsdl)
        except Exception:
            _log.exception("gateway request %s failed", request_id)
            response = Response(500, b"internal error\n", [("Content-Type", "text/plain")])
            response.outcome = "500"
        finally:
            self.metrics.in_flight.dec()
            current_request_id.reset(bound)
        operation = response.operation or ("wsdl" if wsdl else "unknown")
        self.metrics.requests.labels(operation, response.outcome).inc()
        response.headers.append((REQUEST_ID_HEADER, request_id))
        log_request(
            {
                "request_id": request_id,
                "operation": operation,
                "outcome": response.outcome,
                "status": response.status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "worker": os.getpid(),
            }
        )
        return response

    def _soap_response(self, environ: Environ, wsdl: bool) -> Response:
        if not wsdl:
            return self.front.respond(environ)
        rendered = self.address.environ_for(environ)
        if rendered is None:
            refused = Response(
                400,
                b"this Host is not the gateway's: configure its public URL "
                b"(--public-url, SMSMOBILE_GATEWAY_PUBLIC_URL)\n",
                [("Content-Type", "text/plain")],
            )
            refused.outcome = "400"
            return refused
        return self.front.wsdl_response(rendered)

    def _ready(self) -> Response:
        checks = {} if self.readiness is None else self.readiness.check()
        ready = all(state == "ok" for state in checks.values())
        body = json.dumps({"status": "ready" if ready else "not ready", **checks}).encode()
        return Response(200 if ready else 503, body, [("Content-Type", "application/json")])


def _asks_for_wsdl(environ: Environ) -> bool:
    if str(environ.get("REQUEST_METHOD", "GET")).upper() != "GET":
        return False
    query = parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
    return "wsdl" in {name.lower() for name, _ in query}
