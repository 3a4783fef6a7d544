"""Inspection and control under /_sandbox/: what tests and demos use to see and steer the account.

No auth, JSON in and out, and the service's own field names.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any
from urllib.parse import urlsplit

from ._account_control import account_controls
from ._control_index import controls_docs, controls_index
from ._faults import parse_rule
from ._http import Request, Response, json_response
from ._request_log import RequestLog
from ._service import SandboxService, ServiceError, public_inbound
from ._store import SettingsError, merge_settings
from ._webhook_delivery import EVENT_TYPES, WebhookSender

CONTROL_PREFIX = "/_sandbox/"
#: A page of /_sandbox/messages, /requests or /webhooks when no `limit` is given, and the most.
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def cross_site(request: Request) -> bool:
    """True when the browser says the request comes from another origin (Origin, else Referer).

    A page elsewhere can make a browser POST here (a text/plain body passes for JSON): that must
    not change the sandbox. Clients that send neither header (SDKs, curl) are not browsers.
    """
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == "null" or urlsplit(origin).netloc != host
    referer = request.headers.get("referer")
    return referer is not None and urlsplit(referer).netloc != host


def _limit(request: Request) -> int:
    text = request.query.get("limit")
    if text is None or text == "":
        return DEFAULT_LIMIT
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise SettingsError(f"limit: must be an integer from 1 to {MAX_LIMIT}")
    return int(text)


def page_before(
    records: list[dict[str, Any]], before: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """The `limit` records just older than the one with guid `before` (all when None), oldest
    first, and the cursor for the page before them (None when there is none)."""
    end = len(records)
    if before:
        end = next((i for i, record in enumerate(records) if record["guid"] == before), -1)
        if end < 0:
            raise SettingsError("before: no stored message has this guid")
    start = max(0, end - limit)
    page = records[start:end]
    return page, (page[0]["guid"] if start > 0 else None)


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

    def __init__(
        self,
        service: SandboxService,
        request_log: RequestLog | None = None,
        webhooks: WebhookSender | None = None,
    ) -> None:
        self.service = service
        self.store = service.store
        self.request_log = request_log or RequestLog()
        self.webhooks = webhooks
        self._account_controls = account_controls(self.store)

    def handle(self, request: Request) -> Response:
        name = request.path[len(CONTROL_PREFIX) :].strip("/")
        routes = {
            ("GET", ""): controls_index,
            ("GET", "docs"): controls_docs,
            ("GET", "messages"): self._messages,
            ("GET", "inbound"): self._list_inbound,
            ("POST", "inbound"): self._inject_inbound,
            ("GET", "faults"): self._settings,
            ("POST", "faults"): self._faults,
            ("DELETE", "faults/rules"): self._clear_rules,
            ("POST", "tokens/revoke"): self._revoke,
            ("POST", "tokens/expire"): self._expire_tokens,
            ("GET", "requests"): self._requests,
            ("GET", "calls"): self._calls,
            ("GET", "webhooks"): self._webhooks,
            ("POST", "webhooks"): self._fire_webhook,
            ("POST", "sync/expire"): self._expire_sync,
            ("POST", "retrieval"): self._retrieval,
            ("GET", "stats"): self._stats,
            ("POST", "reset"): self._reset,
            **self._account_controls,  # issue 22: phones, SMS, calls, mailbox
        }
        if request.method in ("POST", "DELETE") and cross_site(request):
            return json_response(403, {"error": 403, "message": "cross-site request refused"})
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
        limit = _limit(request)
        with self.store.lock:
            stored = self.store.state.messages
            page, before = page_before(stored, request.query.get("before"), limit)
            total = len(stored)
            messages = copy.deepcopy(page)
        return json_response(200, {"messages": messages, "before": before, "total": total})

    def _calls(self, request: Request) -> Response:
        """The last accepted requests' operations and spec fields, oldest first."""
        limit = _limit(request)
        with self.store.lock:
            calls = copy.deepcopy(list(self.store.state.calls)[-limit:])
        return json_response(200, {"calls": calls})

    def _requests(self, request: Request) -> Response:
        return json_response(200, {"requests": self.request_log.last(_limit(request))})

    def _webhooks(self, request: Request) -> Response:
        limit = _limit(request)
        if self.webhooks is None:
            return json_response(200, {"url": None, "deliveries": []})
        deliveries = self.webhooks.deliveries(limit)
        return json_response(200, {"url": self.webhooks.shown_url, "deliveries": deliveries})

    def _fire_webhook(self, request: Request) -> Response:
        """Send one event now: {"type": ..., "data": {...}}."""
        if self.webhooks is None:
            raise SettingsError("webhooks: start the sandbox with --webhook-url and a secret")
        payload = _json_body(request)
        if payload.get("type") not in EVENT_TYPES:
            raise SettingsError(f"type: must be one of {', '.join(EVENT_TYPES)}")
        data = payload.get("data", {})
        if not isinstance(data, dict):
            raise SettingsError("data: must be an object")
        return json_response(202, {"delivery": self.webhooks.fire(payload["type"], data)})

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

    def _clear_rules(self, request: Request) -> Response:
        """Drop every queued fault rule; settings stay (a POST appends rules, this clears)."""
        with self.store.lock:
            self.store.state.rules.clear()
        return json_response(200, self._current())

    def _revoke(self, request: Request) -> Response:
        with self.store.lock:
            tokens = self.store.state.tokens
            for grant in tokens.values():
                grant.revoked = True
            count = len(tokens)
        return json_response(200, {"revoked": count})

    def _expire_tokens(self, request: Request) -> Response:
        """Make every issued token expired now (the next call with one gets 401)."""
        with self.store.lock:
            grants = self.store.state.tokens.values()
            for grant in grants:
                grant.expires_at = min(grant.expires_at, time.time())
            count = len(grants)
        return json_response(200, {"expired": count})

    def _expire_sync(self, request: Request) -> Response:
        """Close the synchronisation window now, as its expiry would (the next /getwa/ gets 21)."""
        with self.store.lock:
            was_open = self.store.state.sync_expires_at is not None
            self.store.state.sync_expires_at = None
        return json_response(200, {"expired": was_open})

    def _retrieval(self, request: Request) -> Response:
        """Turn inbound retrieval on or off (`{"enabled": true}`) without a service call, as a
        test's set-up: `/getwa/active/` would count as the client's own request."""
        enabled = _json_body(request).get("enabled")
        if not isinstance(enabled, bool):
            raise SettingsError("enabled: must be true or false")
        with self.store.lock:
            self.store.state.retrieval_enabled = enabled
        return json_response(200, {"retrieval": enabled})

    def _stats(self, request: Request) -> Response:
        with self.store.lock:
            state = self.store.state
            stats = {"token_requests": state.token_requests, "requests": dict(state.requests)}
        return json_response(200, stats)

    def _reset(self, request: Request) -> Response:
        self.store.reset()
        self.request_log.clear()
        return json_response(200, {"reset": True})
