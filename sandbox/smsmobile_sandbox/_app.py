"""The one WSGI application: REST, OAuth2, SOAP and /_sandbox/ over one shared state."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from typing import Any

from ._control import CONTROL_PREFIX, ControlFront
from ._faults import FaultInjector
from ._http import BodyTooLarge, Environ, Request, Response, StartResponse, json_response
from ._oauth import TOKEN_PATH, TokenEndpoint
from ._rest import RestFront, canonical_path
from ._service import SandboxService
from ._soap import SoapFront
from ._soap_backend import SandboxSoapBackend
from ._store import (
    DEFAULT_API_KEY,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxStore,
)

SOAP_PATH = "/soap"


def load_wsdl() -> bytes:
    """The contract's WSDL, shipped inside the package."""
    return resources.files("smsmobile_sandbox").joinpath("smsmobileapi.wsdl").read_bytes()


class SandboxApp:
    """A WSGI callable emulating SMSMobileAPI; `store` and `service` are there to inspect."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.store = SandboxStore(
            api_key=api_key, client_id=client_id, client_secret=client_secret, settings=settings
        )
        self.service = SandboxService(self.store)
        self.rest = RestFront(self.service)
        self.token_endpoint = TokenEndpoint(self.service)
        self.soap = SoapFront(SandboxSoapBackend(self.service), load_wsdl())
        self.control = ControlFront(self.service)
        self.faults = FaultInjector(self.store)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return self.respond(environ)(start_response)

    def respond(self, environ: Environ) -> Response:
        path = str(environ.get("PATH_INFO") or "/")
        try:
            if path.startswith(CONTROL_PREFIX):
                return self.control.handle(Request.from_environ(environ))
            soap = path in (SOAP_PATH, SOAP_PATH + "/")
            route = canonical_path(path)
            token = path in (TOKEN_PATH, TOKEN_PATH + "/")
            if not (soap or token or route):
                self.store.count_request(path)
                return json_response(404, {"error": 404, "message": f"no such path {path}"})
            self.store.count_request(SOAP_PATH if soap else TOKEN_PATH if token else str(route))
            if soap and environ.get("REQUEST_METHOD") == "GET":
                return self.soap.respond(environ)  # ?wsdl is metadata: fault rules skip it
            return self.faults.run(path, soap, lambda: self._process(environ, soap, route))
        except BodyTooLarge:
            return json_response(413, {"error": 413, "message": "request body exceeds 1 MiB"})

    def _process(self, environ: Environ, soap: bool, route: str | None) -> Response:
        if soap:
            return self.soap.respond(environ)
        request = Request.from_environ(environ)
        if route is None:
            return self.token_endpoint.handle(request)
        return self.rest.handle(route, request)


def make_app(
    *,
    api_key: str = DEFAULT_API_KEY,
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    **settings: Any,
) -> SandboxApp:
    """A fresh sandbox app; `settings` are the initial (and reset) values of /_sandbox/faults."""
    return SandboxApp(
        api_key=api_key, client_id=client_id, client_secret=client_secret, settings=settings
    )
