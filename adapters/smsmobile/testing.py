"""Testing your own application against the sandbox: what the pytest fixtures of
`smsmobile[testing]` are made of (`smsmobile_pytest`), usable without pytest too.

    with run_sandbox() as sandbox:                     # a real server on 127.0.0.1
        wa = WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url)
        sandbox.control.inject_inbound(number="+32470123456", message="Hi")
        reply = WebhookDeliverer("whsec_test").deliver(app, "whatsapp.received")

`WebhookDeliverer` signs a Webhook V2 event exactly as the service does and delivers it to a
WSGI app (Flask, Django), an ASGI app (FastAPI, Starlette), both called in-process, or a URL.
Importing this module needs the `testing` extra (the sandbox's server).
"""

from __future__ import annotations

import asyncio
import inspect
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ._extras import require

require("testing", "smsmobile.testing")

import httpx  # noqa: E402 (after the extra's check, so its absence is one clear sentence)

from smsmobile_sandbox.testing import RunningSandbox, SandboxControl, run_sandbox  # noqa: E402

from .webhooks import signed_headers  # noqa: E402
from .webhooks._trigger import sample_event  # noqa: E402

__all__ = [
    "DEFAULT_WEBHOOK_SECRET",
    "RunningSandbox",
    "SandboxControl",
    "WebhookDeliverer",
    "WebhookResult",
    "run_sandbox",
    "sandbox_environment",
]

#: The secret `smsmobile_webhook_secret` gives unless a test project overrides that fixture.
DEFAULT_WEBHOOK_SECRET = "whsec_smsmobile_test_0123456789"  # noqa: S105 (a test value)


def sandbox_environment(sandbox: RunningSandbox, transport: str = "rest") -> dict[str, str]:
    """The SMSMOBILEAPI_* variables that point `WhatsApp.from_env()` at `sandbox`."""
    return {
        "SMSMOBILEAPI_API_KEY": sandbox.api_key,
        "SMSMOBILEAPI_BASE_URL": sandbox.url,
        "SMSMOBILEAPI_TRANSPORT": transport,
    }


@dataclass(frozen=True, slots=True)
class WebhookResult:
    """What the application answered to one delivery, and the event it was sent."""

    status_code: int
    content: bytes
    headers: Mapping[str, str]
    event: dict[str, Any] = field(repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class WebhookDeliverer:
    """Signs Webhook V2 events with `secret` and delivers them to an app or a URL."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def __repr__(self) -> str:
        return "WebhookDeliverer(secret='***')"

    def event(self, event: str | Mapping[str, Any], data: Mapping[str, Any] | None = None) -> Any:
        """A full envelope: `event` is a type (sample data, `data` fields replacing them) or an
        envelope of your own, sent as it is."""
        if isinstance(event, str):
            built = sample_event(event)
            built["data"] = {**built["data"], **(data or {})}  # type: ignore[dict-item]
            return built
        return dict(event)

    def deliver(
        self,
        target: Any,
        event: str | Mapping[str, Any] = "whatsapp.received",
        *,
        data: Mapping[str, Any] | None = None,
        path: str = "/",
        timestamp: int | None = None,
    ) -> WebhookResult:
        """POST one signed event to `target`: a URL, a WSGI app or an ASGI app (at `path`).

        `timestamp` (unix seconds) signs as of another moment: a stale delivery, say.
        """
        envelope = self.event(event, data)
        body = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            **signed_headers(body, self.secret, timestamp=timestamp),
        }
        if isinstance(target, str):
            response = httpx.post(target, content=body, headers=headers, timeout=30.0)
            return WebhookResult(response.status_code, response.content, response.headers, envelope)
        if _is_asgi(target):
            return asyncio.run(_asgi_post(target, path, body, headers, envelope))
        return _wsgi_post(target, path, body, headers, envelope)

    async def adeliver(
        self,
        target: Any,
        event: str | Mapping[str, Any] = "whatsapp.received",
        *,
        data: Mapping[str, Any] | None = None,
        path: str = "/",
        timestamp: int | None = None,
    ) -> WebhookResult:
        """`deliver` from async code (an ASGI app runs on the caller's event loop)."""
        if not isinstance(target, str) and _is_asgi(target):
            envelope = self.event(event, data)
            body = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
            headers = {
                "Content-Type": "application/json",
                **signed_headers(body, self.secret, timestamp=timestamp),
            }
            return await _asgi_post(target, path, body, headers, envelope)
        return await asyncio.to_thread(
            self.deliver, target, event, data=data, path=path, timestamp=timestamp
        )


def _is_asgi(app: Any) -> bool:
    call = getattr(app, "__call__", None)  # noqa: B004 (an app object's own __call__)
    return inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(call)


def _wsgi_post(
    app: Any, path: str, body: bytes, headers: Mapping[str, str], event: dict[str, Any]
) -> WebhookResult:
    """Call a WSGI app in-process with one POST, as a server would."""
    parts = urlsplit(path)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": headers.get("Content-Type", ""),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        if name.lower() != "content-type":
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    started: list[Any] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> Any:
        started[:] = [status, response_headers]
        return lambda data: None

    result = app(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, response_headers = started
    return WebhookResult(int(status.split(" ", 1)[0]), content, dict(response_headers), event)


async def _asgi_post(
    app: Any, path: str, body: bytes, headers: Mapping[str, str], event: dict[str, Any]
) -> WebhookResult:
    """Call an ASGI app in-process with one POST, as a server would."""
    parts = urlsplit(path)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": parts.path or "/",
        "raw_path": (parts.path or "/").encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in {**headers, "Content-Length": str(len(body))}.items()
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    status = 500
    response_headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def send(message: Mapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            for name, value in message.get("headers", []):
                response_headers[name.decode("latin-1")] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    await app(scope, receive, send)
    return WebhookResult(status, b"".join(chunks), response_headers, event)
