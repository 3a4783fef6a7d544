"""One log line per gateway request, and the request id that ties it to the upstream call.

The id is the caller's `X-Request-ID` when it is a sane token (letters, digits, `.`, `_`, `-`,
`:`; at most 128), else one we make. It is echoed in the reply and sent upstream in the same
header. A line holds only what an operator needs (operation, outcome, HTTP status, duration,
request id, worker pid): never a key, a token, a secret or a message's text.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from .._errors import InvalidRequest

__all__ = [
    "ENV_LOG_FORMAT",
    "REQUEST_ID_HEADER",
    "RequestLogFormatter",
    "current_request_id",
    "install_request_log",
    "log_request",
    "request_id_for",
    "send_request_id",
]

ENV_LOG_FORMAT = "SMSMOBILE_GATEWAY_LOG_FORMAT"
REQUEST_ID_HEADER = "X-Request-ID"
request_log = logging.getLogger("smsmobile.gateway.requests")
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "smsmobile_gateway_request_id", default=None
)
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_for(offered: object) -> str:
    """The caller's request id when it is a sane token, else a new one."""
    if isinstance(offered, str) and _SANE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def send_request_id(request: httpx.Request) -> None:
    """An httpx request hook: the current request's id goes upstream with the call."""
    request_id = current_request_id.get()
    if request_id is not None:
        request.headers[REQUEST_ID_HEADER] = request_id


def log_request(fields: Mapping[str, Any]) -> None:
    """One line: `key=value ...` as the message; the fields themselves for a JSON formatter."""
    if request_log.isEnabledFor(logging.INFO):
        text = " ".join(f"{name}={value}" for name, value in fields.items())
        request_log.info("%s", text, extra={"smsmobile_request": dict(fields)})


class RequestLogFormatter(logging.Formatter):
    """JSON lines (`json=True`: one object per request, with time and level) or plain text."""

    def __init__(self, *, json_lines: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.json_lines = json_lines

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "smsmobile_request", None)
        if not self.json_lines or fields is None:
            return super().format(record)
        document = {"time": self.formatTime(record), "level": record.levelname, **fields}
        return json.dumps(document, separators=(",", ":"))


def install_request_log(log_format: str | None = None) -> None:
    """Request lines on stderr (`text`, or `json`: default SMSMOBILE_GATEWAY_LOG_FORMAT), unless
    the operator already gave the request logger a handler of their own."""
    if request_log.handlers:
        return
    chosen = (log_format or os.environ.get(ENV_LOG_FORMAT, "") or "text").strip().lower()
    if chosen not in ("text", "json"):
        raise InvalidRequest("log_format", f"{ENV_LOG_FORMAT} must be text or json")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RequestLogFormatter(json_lines=chosen == "json"))
    request_log.addHandler(handler)
    request_log.setLevel(logging.INFO)
    request_log.propagate = False
