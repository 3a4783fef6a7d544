"""The gateway's HTTP face: its routes, and the address it writes into its WSDL.

A `?wsdl` request's `Host` header is the caller's to choose, and SOAP toolkits (and caches
between them) send every later call to the address the WSDL names. So the address is the
configured public URL when there is one; otherwise the request's `Host` only when it names a
loopback name or a host the operator configured (the interface the gateway is bound to), and
any other `Host` is refused with 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .._errors import InvalidRequest
from .._tracing import server_span
from ..soapserver import SoapBackend, SoapFront

__all__ = ["LOOPBACK_HOSTS", "GatewayApp", "WsdlAddress", "parse_public_url"]

Environ = dict[str, Any]
StartResponse = Callable[..., Any]

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
    """`/soap` (and `/soap?wsdl`) to the SOAP front, `/healthz` for load balancers."""

    def __init__(self, backend: SoapBackend, address: WsdlAddress) -> None:
        self.backend = backend
        self.address = address
        self.front = SoapFront(backend, _wsdl_text())

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", "")).rstrip("/")
        if path == "/soap":
            if _asks_for_wsdl(environ):
                rendered = self.address.environ_for(environ)
                if rendered is None:
                    start_response("400 Bad Request", [("Content-Type", "text/plain")])
                    return [
                        b"this Host is not the gateway's: configure its public URL "
                        b"(--public-url, SMSMOBILE_GATEWAY_PUBLIC_URL)\n"
                    ]
                return self.front.wsdl_response(rendered)(start_response)
            # One SERVER span per SOAP request, continuing the caller's `traceparent`.
            with server_span(environ, "smsmobile.gateway /soap", start_response) as noting:
                return self.front(environ, noting)
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: the gateway serves /soap and /soap?wsdl\n"]


def _asks_for_wsdl(environ: Environ) -> bool:
    if str(environ.get("REQUEST_METHOD", "GET")).upper() != "GET":
        return False
    query = parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
    return "wsdl" in {name.lower() for name, _ in query}
