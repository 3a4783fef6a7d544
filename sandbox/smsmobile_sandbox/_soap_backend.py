"""The sandbox's `SoapBackend`: every SOAP operation over the same service as REST.

The SOAP server hands over wire fields as REST spells them, so each operation is the REST
front's service call on the same strings, and a SOAP request changes the account exactly as
the same request over REST does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from smsmobile.contract import OPERATION_SPECS, soap_fields
from smsmobile.soapserver import (
    BackendFault,
    Credentials,
    Operation,
    UsernameTokenCheck,
    WireFields,
)

from ._account_rest import Reader, account_readers
from ._emulated import EMULATED
from ._service import ApplicationError, Caller, SandboxService, ServiceError

T = TypeVar("T")
_Params = dict[str, str]


def _soap_message(record: Mapping[str, Any]) -> dict[str, Any]:
    return {**record, "timestamp": int(record["timestamp"])}


class SandboxSoapBackend:
    """Maps service errors to `BackendFault`s with the REST-equivalent HTTP status."""

    def __init__(self, service: SandboxService) -> None:
        self.service = service
        self.username_tokens = UsernameTokenCheck()
        #: `Operation.name` -> the service call and the reply fields of its SOAP response.
        self._operations: dict[str, Callable[[Caller, _Params], Mapping[str, Any]]] = {
            "send": self._send,
            "resend": self._resend,
            "set_retrieval": lambda caller, params: self.service.set_retrieval(params),
            "synchronize": self._synchronize,
            "fetch_messages": self._messages,
            "check_number": lambda caller, params: self.service.check_number(params),
        }
        for name in EMULATED:
            self._operations.setdefault(name, self._emulated(name))
        readers = account_readers(service.store)
        for spec in OPERATION_SPECS:  # the account's operations beyond WhatsApp (issue 22)
            if spec.rest_path in readers and spec.name not in self._operations:
                self._operations[spec.name] = self._account(spec.name, readers[spec.rest_path])

    def call(
        self, operation: Operation[Any], credentials: Credentials, fields: WireFields
    ) -> Mapping[str, Any]:
        work = self._operations[operation.name]
        params = {name: str(value) for name, value in fields.items()}
        return self._call(credentials, lambda caller: work(caller, params))

    def _api_key(self, credentials: Credentials) -> str | None:
        """The `apikey` element, or the API key a WS-Security UsernameToken proves."""
        token = credentials.username_token
        if token is None:
            return credentials.api_key
        proved = self.username_tokens.admit(token, [self.service.store.api_key])
        if proved is None:
            raise BackendFault("403", "WS-Security authentication failed", 403)
        return proved

    def _call(self, credentials: Credentials, work: Callable[[Caller], T]) -> T:
        try:
            api_key = self._api_key(credentials)
            caller = self.service.authenticate(api_key, credentials.bearer)
            return work(caller)
        except ServiceError as error:
            raise BackendFault(
                str(error.http_status), error.message, error.http_status, error.retry_after
            ) from None
        except ApplicationError as error:
            raise BackendFault(error.code, error.message, 200) from None

    def _emulated(self, name: str) -> Callable[[Caller, _Params], Mapping[str, Any]]:
        def call(caller: Caller, params: _Params) -> Mapping[str, Any]:
            self.service.accept(name, params)
            return {**EMULATED[name](self.service, caller, params), "error": "0"}

        return call

    def _account(self, name: str, read: Reader) -> Callable[[Caller, _Params], Mapping[str, Any]]:
        """The REST reader's value in the WSDL's fields, an `error` or `success: false` in it
        a fault."""

        def call(caller: Caller, params: _Params) -> Mapping[str, Any]:
            self.service.accept(name, params)
            fields = soap_fields(read(caller, params))
            if fields["error"] not in ("0", "False", "None"):
                raise ApplicationError(fields["error"], str(fields.get("message", "")))
            if fields.get("success") is False:  # a refusal (the spec's ASSUMPTION), as clients
                # and the gateway read it: a fault with the code they give it
                raise ApplicationError("unsuccessful", str(fields.get("message", "")))
            return fields

        return call

    def _send(self, caller: Caller, params: _Params) -> Mapping[str, Any]:
        result = self.service.send(caller, params, via="soap")
        return {**result, "error": str(result["error"])}

    def _resend(self, caller: Caller, params: _Params) -> Mapping[str, Any]:
        result = self.service.resend(params)
        return {"error": str(result["error"]), "id": result["id"], "note": result["note"]}

    def _synchronize(self, caller: Caller, params: _Params) -> Mapping[str, Any]:
        expires = self.service.synchronize()
        return {
            "error": "0",
            "messages": "synchronized",
            "expire_at": datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "expire_at_unix": expires,
        }

    def _messages(self, caller: Caller, params: _Params) -> Mapping[str, Any]:
        found = self.service.inbound_messages(params)
        return {"error": "0", "message": [_soap_message(record) for record in found]}
