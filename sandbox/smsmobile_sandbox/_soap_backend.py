"""The sandbox's `SoapBackend`: the SOAP operations over the same service as REST."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from ._service import ApplicationError, Caller, SandboxService, ServiceError
from ._soap import BackendFault, Credentials, Fields
from ._wsse import UsernameTokenCheck

T = TypeVar("T")


def _wire(fields: Fields) -> dict[str, str]:
    """Typed SOAP values back to the strings the service's input rules read."""
    return {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in fields.items()
    }


def _soap_message(record: Mapping[str, Any]) -> dict[str, Any]:
    return {**record, "timestamp": int(record["timestamp"])}


class SandboxSoapBackend:
    """Maps service errors to `BackendFault`s with the REST-equivalent HTTP status."""

    def __init__(self, service: SandboxService) -> None:
        self.service = service
        self.username_tokens = UsernameTokenCheck()

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

    def send_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        result = self._call(
            credentials, lambda caller: self.service.send(caller, _wire(fields), via="soap")
        )
        return {**result, "error": str(result["error"])}

    def resend_whatsapp(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        result = self._call(credentials, lambda caller: self.service.resend(_wire(fields)))
        return {"error": str(result["error"]), "id": result["id"], "note": result["note"]}

    def set_retrieval(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        return self._call(credentials, lambda caller: self.service.set_retrieval(_wire(fields)))

    def synchronize(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        expires = self._call(credentials, lambda caller: self.service.synchronize())
        return {
            "error": "0",
            "messages": "synchronized",
            "expire_at": datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "expire_at_unix": expires,
        }

    def get_messages(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        found = self._call(credentials, lambda caller: self.service.inbound_messages(_wire(fields)))
        return {"error": "0", "message": [_soap_message(record) for record in found]}

    def check_number(self, credentials: Credentials, fields: Fields) -> dict[str, Any]:
        return self._call(credentials, lambda caller: self.service.check_number(_wire(fields)))
