"""The one WSGI application: REST, OAuth2, SOAP and /_sandbox/ over one shared state."""

from __future__ import annotations

import time
from collections.abc import Iterable
from importlib import resources
from typing import Any, TextIO

from smsmobile.soapserver import SoapFront

from ._account_state import DEFAULT_PHONES, MAX_PHONES
from ._control import CONTROL_PREFIX, ControlFront
from ._faults import FaultInjector
from ._http import (
    BodyTooLarge,
    DropConnection,
    Environ,
    Request,
    Response,
    StartResponse,
    json_response,
)
from ._inspector import UI_PREFIX, InspectorFront
from ._oauth import TOKEN_PATH, TokenEndpoint
from ._request_log import RequestLog
from ._rest import RestFront, canonical_path
from ._service import SandboxService
from ._soap_backend import SandboxSoapBackend
from ._store import (
    DEFAULT_API_KEY,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxStore,
)
from ._webhook_delivery import DEFAULT_RETRY_DELAYS, WebhookSender

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
        webhooks: WebhookSender | None = None,
        request_log: RequestLog | None = None,
        phones: int = DEFAULT_PHONES,
    ) -> None:
        self.store = SandboxStore(
            api_key=api_key,
            client_id=client_id,
            client_secret=client_secret,
            settings=settings,
            phones=phones,
        )
        self.service = SandboxService(self.store)
        self.rest = RestFront(self.service)
        self.token_endpoint = TokenEndpoint(self.service)
        self.soap = SoapFront(SandboxSoapBackend(self.service), load_wsdl())
        self.request_log = request_log or RequestLog()
        self.webhooks = webhooks
        if webhooks is not None:
            self.store.listeners.append(webhooks.on_account_event)
        self.control = ControlFront(self.service, self.request_log, webhooks)
        self.inspector = InspectorFront(self.service, self.request_log, webhooks)
        self.faults = FaultInjector(self.store)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        path = str(environ.get("PATH_INFO") or "/")
        soap = path in (SOAP_PATH, SOAP_PATH + "/")
        # Reads of the inspector and controls are not logged: the page polls them.
        logged = environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not (
            path == "/" or path.startswith(CONTROL_PREFIX)
        )
        try:
            response = self.respond(environ)
        except DropConnection:
            if logged:
                self.request_log.record(environ, soap=soap, status=0, started=started)
            raise
        if logged:
            self.request_log.record(environ, soap=soap, status=response.status, started=started)
        return response(start_response)

    def close(self) -> None:
        """Stop the webhook thread, if any (the server is closed by its owner)."""
        if self.webhooks is not None:
            self.webhooks.close()

    def respond(self, environ: Environ) -> Response:
        path = str(environ.get("PATH_INFO") or "/")
        try:
            if path == "/" or path.startswith(UI_PREFIX):
                return self.inspector.handle(Request.from_environ(environ))
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
            return self.faults.run(
                path,
                soap,
                lambda: self._process(environ, soap, route),
                content_type=environ.get("CONTENT_TYPE"),
            )
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
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    webhook_retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
    quiet: bool = True,
    log_stream: TextIO | None = None,
    phones: int = DEFAULT_PHONES,
    **settings: Any,
) -> SandboxApp:
    """A fresh sandbox app; `settings` are the initial (and reset) values of /_sandbox/faults.

    With `webhook_url` and `webhook_secret` it delivers signed V2 events there; unless `quiet`
    it writes one line per request to `log_stream` (stdout). The account has `phones` connected
    phones (SIDs sandbox-sid-1, ...).
    """
    if not 1 <= phones <= MAX_PHONES:
        raise ValueError(f"phones: must be from 1 to {MAX_PHONES}")
    webhooks = None
    if webhook_url is not None or webhook_secret is not None:
        if not (webhook_url and webhook_secret):
            raise ValueError("webhooks need both a URL and a secret")
        webhooks = WebhookSender(webhook_url, webhook_secret, retry_delays=webhook_retry_delays)
    return SandboxApp(
        api_key=api_key,
        client_id=client_id,
        client_secret=client_secret,
        settings=settings,
        webhooks=webhooks,
        request_log=RequestLog(log_stream, quiet=quiet),
        phones=phones,
    )
