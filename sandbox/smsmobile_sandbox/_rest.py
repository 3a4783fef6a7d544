"""The REST front: the service's own paths, query/form parameters, and its JSON reply shapes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from smsmobile.contract import OPERATION_SPECS, operation_spec

from ._account_rest import ACCOUNT_ROUTES, account_handlers
from ._emulated import EMULATED
from ._http import Request, Response, json_response
from ._request_log import AUTH_KEY, PARAMETERS_KEY
from ._service import ApplicationError, Caller, SandboxService, ServiceError

#: Canonical path -> allowed methods. Every path is also served without its trailing slash.
REST_ROUTES: dict[str, tuple[str, ...]] = {
    "/sendsms/": ("GET", "POST"),
    "/resendwa/": ("GET", "POST"),
    "/getwa/active/": ("GET",),
    "/getwa/synchronisation/": ("GET",),
    "/getwa/": ("GET",),
    "/whatsapp/checknumber/": ("GET",),
    **ACCOUNT_ROUTES,  # issue 22: SMS, phones, calls, notifications, e-mail
}
#: Canonical path -> the row name of an operation emulated by `_emulated` (route from the table).
EMULATED_ROUTES: dict[str, str] = {
    spec.rest_path: spec.name for spec in OPERATION_SPECS if spec.name in EMULATED
}
#: Canonical path -> the row name of its operation (a variant's path is its operation's).
ROW_OF_PATH: dict[str, str] = {}
for _spec in OPERATION_SPECS:
    ROW_OF_PATH.setdefault(_spec.rest_path, _spec.name)
for _path, _name in EMULATED_ROUTES.items():
    REST_ROUTES.setdefault(_path, (operation_spec(_name).rest_method,))


def canonical_path(path: str) -> str | None:
    """The route a request path belongs to, with or without its trailing slash."""
    if path in REST_ROUTES:
        return path
    if path + "/" in REST_ROUTES:
        return path + "/"
    return None


def error_response(error: ServiceError) -> Response:
    headers: list[tuple[str, str]] = []
    if error.invalid_token:
        headers.append(("WWW-Authenticate", 'Bearer error="invalid_token"'))
    if error.retry_after is not None:
        headers.append(("Retry-After", str(error.retry_after)))
    return json_response(
        error.http_status, {"error": error.http_status, "message": error.message}, headers
    )


def parameter_names(request: Request) -> tuple[list[str], list[str]]:
    """Which parameters came in the query string and which in the form body (names only, so
    no key is kept): what lets a test check the documented shape of a request on the wire."""
    body = sorted(request.form()) if request.method == "POST" else []
    return sorted(request.query), body


class RestFront:
    """Routes one REST request to the service and renders its reply."""

    def __init__(self, service: SandboxService) -> None:
        self.service = service
        self._handlers: dict[str, Callable[[Caller, dict[str, str]], Response]] = {
            "/sendsms/": self._send,
            "/resendwa/": self._resend,
            "/getwa/active/": self._set_retrieval,
            "/getwa/synchronisation/": self._synchronize,
            "/getwa/": self._messages,
            "/whatsapp/checknumber/": self._check_number,
        }
        for path, handler in account_handlers(service.store).items():
            self._handlers[path] = self._accepting(ROW_OF_PATH[path], handler)
        for path, name in EMULATED_ROUTES.items():
            self._handlers.setdefault(path, self._emulated(name))

    def handle(self, route: str, request: Request) -> Response:
        allowed = REST_ROUTES[route]
        if request.method not in allowed:
            return json_response(
                405,
                {"error": 405, "message": f"method {request.method} not allowed"},
                [("Allow", ", ".join(allowed))],
            )
        params = request.params()
        request.environ[PARAMETERS_KEY] = parameter_names(request)  # for the request log
        try:
            caller = self.service.authenticate(params.pop("apikey", None), request.bearer())
            request.environ[AUTH_KEY] = caller.auth  # for the request log
            return self._handlers[route](caller, params)
        except ServiceError as error:
            return error_response(error)

    def _accepting(
        self, name: str, handler: Callable[[Caller, dict[str, str]], Response]
    ) -> Callable[[Caller, dict[str, str]], Response]:
        """`handler` after the spec's rules and the record of the request (`accept`)."""

        def handle(caller: Caller, params: dict[str, str]) -> Response:
            self.service.accept(name, params)
            return handler(caller, params)

        return handle

    def _emulated(self, name: str) -> Callable[[Caller, dict[str, str]], Response]:
        def handle(caller: Caller, params: dict[str, str]) -> Response:
            self.service.accept(name, params)
            return json_response(200, EMULATED[name](self.service, caller, params))

        return handle

    def _send(self, caller: Caller, params: dict[str, str]) -> Response:
        try:
            result = self.service.send(caller, params, via="rest")
        except ApplicationError as error:  # a disconnected phone: "30"
            return json_response(200, {"result": {"error": error.code, "note": error.message}})
        return json_response(200, {"result": result})

    def _resend(self, caller: Caller, params: dict[str, str]) -> Response:
        try:
            result = self.service.resend(params)
        except ApplicationError as error:
            return json_response(200, {"result": {"error": error.code, "note": error.message}})
        if self.service.store.settings["resend_reply"] == "bare":
            result = {"error": result["error"], "note": result["note"]}
        return json_response(200, {"result": result})

    def _set_retrieval(self, caller: Caller, params: dict[str, str]) -> Response:
        return json_response(200, self.service.set_retrieval(params))

    def _synchronize(self, caller: Caller, params: dict[str, str]) -> Response:
        try:
            expires = self.service.synchronize()
        except ApplicationError as error:  # retrieval off: "20", as /getwa/ says it
            return json_response(200, {"error": error.code, "message": error.message})
        key = "expire_at " if self.service.store.settings["sync_key"] == "doc" else "expire_at"
        return json_response(
            200,
            {
                "error": "0",
                "messages": "synchronized",
                key: datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "expire_at_unix": str(expires),
            },
        )

    def _messages(self, caller: Caller, params: dict[str, str]) -> Response:
        try:
            found = self.service.inbound_messages(params)
        except ApplicationError as error:
            return json_response(200, {"error": error.code, "message": error.message})
        shape = self.service.store.settings["messages_shape"]
        if shape == "object":
            return json_response(200, {"error": "0", "messages": found})
        if shape == "single":
            return json_response(200, found[0] if found else [])
        return json_response(200, found)

    def _check_number(self, caller: Caller, params: dict[str, str]) -> Response:
        return json_response(200, self.service.check_number(params))
