"""Run a sandbox in-process for tests: `with run_sandbox() as sandbox: ... sandbox.url`.

`sandbox.control` is a small client of the /_sandbox/ endpoints.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from ._app import make_app
from ._server import serve
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

__all__ = ["RunningSandbox", "SandboxControl", "run_sandbox"]


class SandboxControl:
    """Client of the /_sandbox/ control endpoints; every call raises on a non-2xx reply."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self._client = httpx.Client(base_url=url + "/_sandbox/", timeout=timeout)

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        response = self._client.request(method, path, json=payload)
        response.raise_for_status()
        return response.json()

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """Any /_sandbox/ control by its path ("faults", "inbound", ...): the JSON reply.

        The named methods below are shorthands; a control the sandbox gains is reachable here
        before it has one."""
        return self._call(method.upper(), path.lstrip("/"), payload)

    def reset(self) -> None:
        """Back to the initial state: no messages, inbound, tokens, rules; initial settings."""
        self._call("POST", "reset")

    def messages(self) -> list[dict[str, Any]]:
        """Every stored send, oldest first (all the pages of /_sandbox/messages)."""
        result: list[dict[str, Any]] = []
        before: str | None = None
        while True:
            query = "messages?limit=1000" + (f"&before={before}" if before else "")
            page = self._call("GET", query)
            result[:0] = page["messages"]
            before = page["before"]
            if before is None:
                return result

    def requests(self, limit: int = 100) -> list[dict[str, Any]]:
        """The last `limit` requests of the request log, oldest first (REST ones name their query
        and body parameters)."""
        result: list[dict[str, Any]] = self._call("GET", f"requests?limit={limit}")["requests"]
        return result

    def calls(self, limit: int = 100) -> list[dict[str, Any]]:
        """The last `limit` accepted requests, oldest first: each its `operation` (the table's
        row name) and the spec `fields` it carried, as they arrived (REST or SOAP alike)."""
        result: list[dict[str, Any]] = self._call("GET", f"calls?limit={limit}")["calls"]
        return result

    def webhooks(self, limit: int = 100) -> list[dict[str, Any]]:
        """The last `limit` webhook deliveries (each with its attempts), oldest first."""
        result: list[dict[str, Any]] = self._call("GET", f"webhooks?limit={limit}")["deliveries"]
        return result

    def inbound(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", "inbound")["inbound"]
        return result

    def inject_inbound(self, **fields: Any) -> dict[str, Any]:
        """Receive a message on the account (number, message, contact, message_type, ...)."""
        result: dict[str, Any] = self._call("POST", "inbound", fields)["inbound"]
        return result

    # -- the account beyond WhatsApp (issue 22) -------------------------------------------

    def account(self) -> dict[str, Any]:
        """Phones, received SMS, calls, notifications, sent e-mail and mailbox folders."""
        result: dict[str, Any] = self._call("GET", "account")
        return result

    def set_phone(self, sid: str, **fields: Any) -> dict[str, Any]:
        """Change a phone: status="connected"|"disconnected", name=...; the phone."""
        result: dict[str, Any] = self._call("POST", "phones", {"sid": sid, **fields})["phone"]
        return result

    def receive_sms(self, **fields: Any) -> dict[str, Any]:
        """A phone receives an SMS (number, message, sid, alias, timestamp, guid); the record
        /getsms/ lists. Fires sms.received."""
        result: dict[str, Any] = self._call("POST", "sms", fields)["sms"]
        return result

    def send_sms_from_phone(self, **fields: Any) -> dict[str, Any]:
        """Someone sends an SMS from the phone itself (number, message, sid, timestamp); it
        joins /log/sent/sms/. Fires sms.mobile.sent."""
        result: dict[str, Any] = self._call("POST", "sms/from-phone", fields)["sms"]
        return result

    def record_call(self, **fields: Any) -> dict[str, Any]:
        """A call on a phone (kind missed|incoming|outgoing, number, name, duration_sec,
        timestamp, sid); the CallRecord the lists show. Fires call.<kind>."""
        result: dict[str, Any] = self._call("POST", "calls", fields)["call"]
        return result

    def deliver_email(self, **fields: Any) -> dict[str, Any]:
        """A message arrives in the mailbox (from, subject, body, to, mbox, timestamp); as
        /getemail/ lists it. Fires email.received."""
        result: dict[str, Any] = self._call("POST", "mailbox", fields)["email"]
        return result

    def faults(self, **settings: Any) -> dict[str, Any]:
        """Merge settings (and append `rules`); the current settings."""
        result: dict[str, Any] = self._call("POST", "faults", settings)
        return result

    def clear_rules(self) -> dict[str, Any]:
        """Drop every queued fault rule (settings are kept); the current settings."""
        result: dict[str, Any] = self._call("DELETE", "faults/rules")
        return result

    def revoke_tokens(self) -> None:
        self._call("POST", "tokens/revoke")

    def expire_tokens(self) -> None:
        """Every issued token is expired now (the next call with one gets 401)."""
        self._call("POST", "tokens/expire")

    def set_retrieval(self, enabled: bool = True) -> None:
        """Turn inbound retrieval on (or off) as a set-up step: no service call is made."""
        self._call("POST", "retrieval", {"enabled": enabled})

    def expire_sync(self) -> None:
        """Close the synchronisation window now (the next /getwa/ answers code 21)."""
        self._call("POST", "sync/expire")

    def stats(self) -> dict[str, Any]:
        """{"token_requests": n, "requests": {path: count}}."""
        result: dict[str, Any] = self._call("GET", "stats")
        return result

    def close(self) -> None:
        self._client.close()


@dataclass(frozen=True, slots=True)
class RunningSandbox:
    """A sandbox serving on 127.0.0.1: where it is, its credentials and its control client."""

    url: str
    api_key: str
    client_id: str
    client_secret: str
    control: SandboxControl


@contextmanager
def run_sandbox(
    *,
    api_key: str = DEFAULT_API_KEY,
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    host: str = "127.0.0.1",
    **settings: Any,
) -> Iterator[RunningSandbox]:
    """Serve a fresh sandbox on a free port in a background thread; stop it on exit.

    `settings` also takes `make_app`'s webhook_url, webhook_secret, webhook_retry_delays, quiet.
    """
    app = make_app(api_key=api_key, client_id=client_id, client_secret=client_secret, **settings)
    server = serve(app, host=host, port=0)
    server.start()
    control = SandboxControl(server.url)
    try:
        yield RunningSandbox(server.url, api_key, client_id, client_secret, control)
    finally:
        control.close()
        server.close()
        app.close()
