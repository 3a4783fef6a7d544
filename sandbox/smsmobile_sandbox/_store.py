"""The sandbox's whole state, behind one lock: the server is multi-threaded.

Everything a test can observe or reset lives here, so `/_sandbox/reset` is a single assignment.
"""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._account_state import DEFAULT_PHONES, AccountState

DEFAULT_API_KEY = "sandbox-key"
DEFAULT_CLIENT_ID = "sandbox-client"
DEFAULT_CLIENT_SECRET = "sandbox-secret"  # noqa: S105 (the documented sandbox default)

MESSAGE_SHAPES = ("array", "object", "single")
SYNC_KEYS = ("doc", "openapi")
#: The resend reply is not published: "echo" repeats the GUID as `result.id`, "bare" does not.
RESEND_REPLIES = ("echo", "bare")

#: A listener of account events ("sent", "failed", "scheduled", "resent", "received"): called
#: under the store's lock with a copy of the record, so it must only queue work.
EventListener = Callable[[str, dict[str, Any]], None]


class SettingsError(ValueError):
    """A control request carried a setting the sandbox cannot take."""


def default_settings() -> dict[str, Any]:
    """The settings of a fresh sandbox; `/_sandbox/faults` merges into a copy of these."""
    return {
        "error_recipients": [],
        "not_on_whatsapp": [],
        "token_lifetime": 3600,
        "sync_window": 600,
        "rate_limit": None,
        "messages_shape": "array",
        "page_size": 50,
        "sync_key": "doc",
        "resend_reply": "echo",
    }


def _digits(number: object) -> str:
    return str(number).strip().lstrip("+")


def _number(name: str, value: object, *, minimum: float, integer: bool = False) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"{name}: must be a number")
    if integer and not isinstance(value, int):
        raise SettingsError(f"{name}: must be an integer")
    if value < minimum:
        raise SettingsError(f"{name}: must be >= {minimum:g}")
    return value


def merge_settings(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Validate `changes` (rules excluded) and return the merged settings; raise SettingsError."""
    merged = copy.deepcopy(current)
    for key, value in changes.items():
        if key in ("error_recipients", "not_on_whatsapp"):
            if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
                raise SettingsError(f"{key}: must be a list of numbers")
            merged[key] = [_digits(v) for v in value]
        elif key in ("token_lifetime", "sync_window"):
            merged[key] = _number(key, value, minimum=0)
        elif key == "page_size":
            merged[key] = _number(key, value, minimum=1, integer=True)
        elif key == "rate_limit":
            if value is None:
                merged[key] = None
                continue
            if not isinstance(value, dict) or set(value) != {"requests", "per_seconds"}:
                raise SettingsError("rate_limit: must be null or {requests, per_seconds}")
            merged[key] = {
                "requests": _number(
                    "rate_limit.requests", value["requests"], minimum=1, integer=True
                ),
                "per_seconds": _number(
                    "rate_limit.per_seconds", value["per_seconds"], minimum=0.001
                ),
            }
        elif key == "messages_shape":
            if value not in MESSAGE_SHAPES:
                raise SettingsError(f"messages_shape: must be one of {', '.join(MESSAGE_SHAPES)}")
            merged[key] = value
        elif key == "sync_key":
            if value not in SYNC_KEYS:
                raise SettingsError(f"sync_key: must be one of {', '.join(SYNC_KEYS)}")
            merged[key] = value
        elif key == "resend_reply":
            if value not in RESEND_REPLIES:
                raise SettingsError(f"resend_reply: must be one of {', '.join(RESEND_REPLIES)}")
            merged[key] = value
        else:
            raise SettingsError(f"{key}: unknown setting")
    return merged


@dataclass(slots=True)
class TokenGrant:
    """An issued bearer token."""

    expires_at: float
    revoked: bool = False


@dataclass(slots=True)
class SandboxState:
    """Everything `/_sandbox/reset` puts back."""

    settings: dict[str, Any]
    messages: list[dict[str, Any]] = field(default_factory=list)
    inbound: list[dict[str, Any]] = field(default_factory=list)
    tokens: dict[str, TokenGrant] = field(default_factory=dict)
    retrieval_enabled: bool = False
    sync_expires_at: float | None = None
    token_requests: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)
    rate_log: dict[str, deque[float]] = field(default_factory=dict)
    #: Every accepted request's operation and spec fields, as they arrived (the last 1000): what
    #: the end-to-end parity test reads back for every layer and every field.
    calls: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=1000))
    #: Phones, received SMS, calls, notifications, mailboxes (issue 22: _account_state).
    account: AccountState = field(default_factory=lambda: AccountState.fresh(DEFAULT_PHONES))
    #: Where each parameter of the last REST requests travelled (names only, never values).


class SandboxStore:
    """The state, its lock and the account's credentials (fixed for the store's life)."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        settings: dict[str, Any] | None = None,
        phones: int = DEFAULT_PHONES,
    ) -> None:
        self.api_key = api_key
        self.phones = phones
        self.client_id = client_id
        self.client_secret = client_secret
        self.lock = threading.RLock()
        self._initial_settings = merge_settings(default_settings(), settings or {})
        self.state = self._fresh_state()
        self.listeners: list[EventListener] = []

    def publish(self, kind: str, record: dict[str, Any]) -> None:
        """Tell the listeners (webhook delivery) what just happened on the account."""
        for listener in self.listeners:
            listener(kind, copy.deepcopy(record))

    def reset(self) -> None:
        with self.lock:
            self.state = self._fresh_state()

    def _fresh_state(self) -> SandboxState:
        return SandboxState(
            settings=copy.deepcopy(self._initial_settings),
            account=AccountState.fresh(self.phones),
        )

    @property
    def settings(self) -> dict[str, Any]:
        return self.state.settings

    def count_request(self, path: str) -> None:
        with self.lock:
            self.state.requests[path] = self.state.requests.get(path, 0) + 1
