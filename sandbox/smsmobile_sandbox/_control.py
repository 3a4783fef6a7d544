"""Inspection and control under /_sandbox/: what tests and demos use to see and steer the account.

No auth, JSON in and out, and the service's own field names.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ._faults import parse_rule
from ._http import Request, Response, json_response
from ._service import SandboxService, ServiceError, public_inbound
from ._store import SettingsError, merge_settings

CONTROL_PREFIX = "/_sandbox/"


def _json_body(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        payload = json.loads(request.body)
    except ValueError:
        raise SettingsError("the body must be a JSON object") from None
    if not isinstance(payload, dict):
        raise SettingsError("the body must be a JSON object")
    return payload


class ControlFront:
    """The /_sandbox/ endpoints."""

    def __init__(self, service: SandboxService) -> None:
        self.service = service
        self.store = service.store

    def handle(self, request: Request) -> Response:
        name = request.path[len(CONTROL_PREFIX) :].strip("/")
        routes = {
            ("GET", "messages"): self._messages,
            ("GET", "requests"): self._wire_log,
            ("GET", "inbound"): self._list_inbound,
            ("POST", "inbound"): self._inject_inbound,
            ("GET", "faults"): self._settings,
            ("POST", "faults"): self._faults,
            ("POST", "tokens/revoke"): self._revoke,
            ("POST", "sync/expire"): self._expire_sync,
            ("GET", "stats"): self._stats,
            ("POST", "reset"): self._reset,
        }
        handler = routes.get((request.method, name))
        if handler is None:
            allowed = sorted(method for method, route in routes if route == name)
            if allowed:
                return json_response(
                    405,
                    {"error": 405, "message": f"method {request.method} not allowed"},
                    [("Allow", ", ".join(allowed))],
                )
            return json_response(404, {"error": 404, "message": f"no such path {request.path}"})
        try:
            return handler(request)
        except SettingsError as error:
            return json_response(400, {"error": 400, "message": str(error)})
        except ServiceError as error:
            return json_response(
                error.http_status, {"error": error.http_status, "message": error.message}
            )

    def _messages(self, request: Request) -> Response:
        with self.store.lock:
            messages = copy.deepcopy(self.store.state.messages)
        return json_response(200, {"messages": messages})

    def _wire_log(self, request: Request) -> Response:
        """The last REST requests: method, route, and the parameter names of query and body."""
        with self.store.lock:
            log = copy.deepcopy(list(self.store.state.wire_log))
        return json_response(200, {"requests": log})

    def _list_inbound(self, request: Request) -> Response:
        with self.store.lock:
            inbound = copy.deepcopy(self.store.state.inbound)
        return json_response(200, {"inbound": inbound})

    def _inject_inbound(self, request: Request) -> Response:
        record = self.service.inject_inbound(_json_body(request))
        return json_response(201, {"inbound": public_inbound(record)})

    def _current(self) -> dict[str, Any]:
        with self.store.lock:
            return {
                **copy.deepcopy(self.store.settings),
                "rules": copy.deepcopy(self.store.state.rules),
            }

    def _settings(self, request: Request) -> Response:
        return json_response(200, self._current())

    def _faults(self, request: Request) -> Response:
        changes = _json_body(request)
        raw_rules = changes.pop("rules", [])
        if not isinstance(raw_rules, list):
            raise SettingsError("rules: must be a list")
        rules = [parse_rule(rule) for rule in raw_rules]
        with self.store.lock:
            merged = merge_settings(self.store.settings, changes)
            self.store.state.settings = merged
            if changes.get("rate_limit", "unchanged") != "unchanged":
                self.store.state.rate_log.clear()
            self.store.state.rules.extend(rules)
        return json_response(200, self._current())

    def _revoke(self, request: Request) -> Response:
        with self.store.lock:
            tokens = self.store.state.tokens
            for grant in tokens.values():
                grant.revoked = True
            count = len(tokens)
        return json_response(200, {"revoked": count})

    def _expire_sync(self, request: Request) -> Response:
        """Close the synchronisation window now, as its expiry would (the next /getwa/ gets 21)."""
        with self.store.lock:
            was_open = self.store.state.sync_expires_at is not None
            self.store.state.sync_expires_at = None
        return json_response(200, {"expired": was_open})

    def _stats(self, request: Request) -> Response:
        with self.store.lock:
            state = self.store.state
            stats = {"token_requests": state.token_requests, "requests": dict(state.requests)}
        return json_response(200, stats)

    def _reset(self, request: Request) -> Response:
        self.store.reset()
        return json_response(200, {"reset": True})
