"""Injected faults: a queue of rules that each spoil a number of matching requests.

A rule fires `before` the request is processed (nothing happens on the account) or `after` it
(the account changed, then the reply is lost or replaced): the two cases a client must tell apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from smsmobile.soapserver import fault_response, version_for

from ._http import DropConnection, Response, json_response
from ._store import SandboxStore, SettingsError

ACTIONS = ("status", "latency", "drop", "malformed")
WHENS = ("before", "after")
_RULE_KEYS = {"match", "action", "count", "status", "retry_after", "seconds", "when"}
_MALFORMED_JSON = b'{"result": {"error": 0, "sent": "1", "id": "'
_MALFORMED_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap='
    b'"http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><tns:SendWhatsAppRes'
)


def _int(rule: dict[str, Any], key: str, default: int | None, low: int, high: int) -> int | None:
    value = rule.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError(f"rules.{key}: must be an integer from {low} to {high}")
    return value


def parse_rule(raw: object) -> dict[str, Any]:
    """A validated rule with its defaults filled in; raise SettingsError."""
    if not isinstance(raw, dict):
        raise SettingsError("rules: each rule must be an object")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise SettingsError(f"rules.{sorted(unknown)[0]}: unknown key")
    action = raw.get("action")
    if action not in ACTIONS:
        raise SettingsError(f"rules.action: must be one of {', '.join(ACTIONS)}")
    when = raw.get("when", "before")
    if when not in WHENS:
        raise SettingsError("rules.when: must be before or after")
    match = raw.get("match")
    if match is not None and (not isinstance(match, str) or not match.startswith("/")):
        raise SettingsError("rules.match: must be a path prefix starting with /")
    seconds = raw.get("seconds", 1.0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= 60:
        raise SettingsError("rules.seconds: must be a number from 0 to 60")
    return {
        "match": match,
        "action": action,
        "count": _int(raw, "count", 1, 1, 1_000_000),
        "status": _int(raw, "status", 503, 100, 599),
        "retry_after": _int(raw, "retry_after", None, 0, 86_400),
        "seconds": float(seconds),
        "when": when,
    }


def _matches(rule: dict[str, Any], path: str) -> bool:
    prefix = rule["match"]
    if prefix is None:
        return True
    return path.startswith(prefix) or (path + "/").startswith(prefix)


class FaultInjector:
    """Consumes rules from the store and applies them around a request's processing."""

    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    def take(self, path: str) -> dict[str, Any] | None:
        """The first rule matching `path`, with one of its counts consumed."""
        with self.store.lock:
            rules = self.store.state.rules
            for index, rule in enumerate(rules):
                if _matches(rule, path):
                    rule["count"] -= 1
                    if rule["count"] <= 0:
                        del rules[index]
                    return dict(rule)
        return None

    def run(
        self,
        path: str,
        soap: bool,
        process: Callable[[], Response],
        content_type: str | None = None,
    ) -> Response:
        """Process the request under the next matching rule, if any. An injected SOAP fault or
        malformed reply speaks the caller's SOAP version (told by `content_type`)."""
        rule = self.take(path)
        if rule is None:
            return process()
        processed = process() if rule["when"] == "after" else None
        action = rule["action"]
        if action == "latency":
            time.sleep(rule["seconds"])
            return processed if processed is not None else process()
        if action == "drop":
            raise DropConnection
        if action == "malformed":
            if soap:
                media = version_for(content_type).content_type
                return Response(200, _MALFORMED_XML, [("Content-Type", media)])
            return Response(200, _MALFORMED_JSON, [("Content-Type", "application/json")])
        status: int = rule["status"]
        retry_after: int | None = rule["retry_after"]
        if soap:
            return fault_response(
                str(status),
                "injected fault",
                status,
                retry_after,
                version=version_for(content_type),
            )
        headers = [] if retry_after is None else [("Retry-After", str(retry_after))]
        return json_response(status, {"error": status, "message": "injected fault"}, headers)
