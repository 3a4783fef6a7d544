"""The web inspector at `/`: look at the account, answer as the customer, switch faults.

Plain HTML forms that post to `/_sandbox/ui/<action>` and redirect back (303), so it works
without JavaScript; a small script only refreshes the live parts. A state-changing form is
refused (403) unless it carries this process's token and, when the browser says where the
request came from (Origin, else Referer), that is this sandbox: another site cannot drive it.
"""

from __future__ import annotations

import copy
import re
import secrets
from importlib import resources
from typing import Any
from urllib.parse import quote

from ._account_control import account_view
from ._control import cross_site
from ._faults import parse_rule
from ._http import Request, Response
from ._inspector_account import SHOWN, AccountForms
from ._inspector_render import Snapshot, page
from ._request_log import RequestLog
from ._service import ApplicationError, SandboxService, ServiceError
from ._store import SettingsError, merge_settings
from ._webhook_delivery import WebhookSender

UI_PREFIX = "/_sandbox/ui/"
_STATIC = {"inspector.css": "text/css; charset=utf-8", "inspector.js": "text/javascript"}
_NUMBER = re.compile(r"\+?[0-9]{1,20}")
_SECURITY_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
    ),
]
_SHOWN = 25  # requests and deliveries on the page


def _html(status: int, text: str) -> Response:
    headers = [("Content-Type", "text/html; charset=utf-8"), *_SECURITY_HEADERS]
    return Response(status, text.encode("utf-8"), headers)


def _int_field(form: dict[str, str], name: str, default: str) -> int:
    text = form.get(name, default).strip() or default
    if not text.isascii() or not text.isdigit():
        raise SettingsError(f"{name}: must be a whole number")
    return int(text)


def _seconds_field(form: dict[str, str], name: str) -> float:
    try:
        return float(form.get(name, "1").strip() or "1")
    except ValueError:
        raise SettingsError(f"{name}: must be a number of seconds") from None


class InspectorFront(AccountForms):
    """`GET /`, the static files, and the forms' POST endpoints."""

    def __init__(
        self,
        service: SandboxService,
        request_log: RequestLog,
        webhooks: WebhookSender | None = None,
    ) -> None:
        self.service = service
        self.store = service.store
        self.request_log = request_log
        self.webhooks = webhooks
        self.csrf_token = secrets.token_urlsafe(24)
        self._arrival: dict[str, int] = {}
        self.store.listeners.append(self._note_arrival)

    def __repr__(self) -> str:
        return "InspectorFront()"

    def handle(self, request: Request) -> Response:
        if request.path == "/":
            if request.method not in ("GET", "HEAD"):
                return Response(405, b"use GET", [("Allow", "GET, HEAD")])
            return self._page(request, 200)
        name = request.path[len(UI_PREFIX) :]
        if name.startswith("static/"):
            return self._static(name[len("static/") :])
        if request.method != "POST":
            return Response(405, b"use POST", [("Allow", "POST")])
        action = getattr(self, "_do_" + name, None) if name.isidentifier() else None
        if action is None:
            return _html(404, "<!doctype html><title>404</title><p>No such page.</p>")
        if not self._same_origin(request):
            return _html(403, "<!doctype html><title>403</title><p>Cross-site form refused.</p>")
        form = request.form()
        try:
            action(form)
        except (SettingsError, ServiceError) as error:
            message = error.message if isinstance(error, ServiceError) else str(error)
            return self._page(request, 400, form.get("number"), message)
        number = form.get("number", "")
        target = "/?number=" + quote(number) if _NUMBER.fullmatch(number) else "/"
        return Response(303, b"", [("Location", target), *_SECURITY_HEADERS])

    def _note_arrival(self, kind: str, record: dict[str, Any]) -> None:
        """Order within one second: stored times are whole seconds (runs under the lock)."""
        if kind != "resent":
            self._arrival.setdefault(record["guid"], len(self._arrival) + 1)

    # -- reading ----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self.store.lock:
            state = self.store.state
            if len(self._arrival) > 2 * (len(state.messages) + len(state.inbound)) + 1000:
                kept = {record["guid"] for record in (*state.messages, *state.inbound)}
                self._arrival = {g: n for g, n in self._arrival.items() if g in kept}
            return Snapshot(
                messages=copy.deepcopy(state.messages),
                inbound=copy.deepcopy(state.inbound),
                settings=copy.deepcopy(state.settings),
                rules=copy.deepcopy(state.rules),
                retrieval_enabled=state.retrieval_enabled,
                sync_expires_at=state.sync_expires_at,
                tokens=[(grant.expires_at, grant.revoked) for grant in state.tokens.values()],
                api_key=self.store.api_key,
                client_id=self.store.client_id,
                client_secret=self.store.client_secret,
                requests=self.request_log.last(_SHOWN),
                webhook_url=self.webhooks.shown_url if self.webhooks else None,
                deliveries=self.webhooks.deliveries(_SHOWN) if self.webhooks else [],
                arrival=dict(self._arrival),
                account=account_view(self.store, last=SHOWN),
            )

    def _page(
        self, request: Request, status: int, number: str | None = None, notice: str | None = None
    ) -> Response:
        if number is None:
            wanted = request.query.get("number")
            number = "" if "new" in request.query else wanted
        if number is not None and number != "" and not _NUMBER.fullmatch(number):
            number, notice = None, notice or "number: digits only"
        selected = number.lstrip("+") if number else number
        return _html(status, page(self.snapshot(), selected, self.csrf_token, notice))

    def _static(self, name: str) -> Response:
        content_type = _STATIC.get(name)
        if content_type is None:
            return Response(404, b"no such file", [("Content-Type", "text/plain")])
        data = resources.files("smsmobile_sandbox").joinpath("static", name).read_bytes()
        return Response(200, data, [("Content-Type", content_type), ("Cache-Control", "no-cache")])

    # -- the cross-site check ---------------------------------------------------------------

    def _same_origin(self, request: Request) -> bool:
        if cross_site(request):
            return False
        token = request.form().get("csrf", "")
        return secrets.compare_digest(token.encode(), self.csrf_token.encode())

    # -- the forms --------------------------------------------------------------------------

    def _do_reply(self, form: dict[str, str]) -> None:
        number = form.get("number", "").strip()
        if number and not _NUMBER.fullmatch(number):
            raise SettingsError("number: the country code and number, digits only")
        if not form.get("message", "").strip():
            raise SettingsError("message: required")
        self.service.inject_inbound(
            {
                "number": number,
                "contact": form.get("contact", "").strip(),
                "message": form.get("message", ""),
                "message_type": form.get("message_type", "text"),
            }
        )

    def _do_retrieval(self, form: dict[str, str]) -> None:
        self.service.set_retrieval({"statut": "1" if form.get("state") == "on" else "0"})

    def _do_sync(self, form: dict[str, str]) -> None:
        if form.get("state") == "on":
            try:
                self.service.synchronize()
            except ApplicationError:
                raise SettingsError("sync: turn retrieval on first (code 20)") from None
            return
        with self.store.lock:
            self.store.state.sync_expires_at = None

    def _do_tokens(self, form: dict[str, str]) -> None:
        kind = form.get("kind")
        if kind not in ("expire", "revoke"):
            raise SettingsError("kind: must be expire or revoke")
        with self.store.lock:
            for grant in self.store.state.tokens.values():
                if kind == "revoke":
                    grant.revoked = True
                else:
                    grant.expires_at = 0.0

    def _do_fault(self, form: dict[str, str]) -> None:
        kind = form.get("kind")
        if kind == "error_recipients":
            numbers = [n for n in re.split(r"[\s,;]+", form.get("numbers", "")) if n]
            with self.store.lock:
                merged = merge_settings(self.store.settings, {"error_recipients": numbers})
                self.store.state.settings = merged
            return
        if kind == "clear":
            with self.store.lock:
                self.store.state.rules.clear()
            return
        count = _int_field(form, "count", "1")
        raw: dict[str, object]
        if kind == "too_many":
            retry_after = _int_field(form, "retry_after", "1")
            raw = {"action": "status", "status": 429, "retry_after": retry_after, "count": count}
        elif kind == "status_503":
            raw = {"action": "status", "status": 503, "count": count}
        elif kind == "latency":
            raw = {"action": "latency", "seconds": _seconds_field(form, "seconds"), "count": count}
        elif kind == "drop":
            raw = {"action": "drop", "count": count}
        else:
            raise SettingsError("kind: unknown fault")
        rule = parse_rule(raw)
        with self.store.lock:
            self.store.state.rules.append(rule)

    def _do_reset(self, form: dict[str, str]) -> None:
        self.store.reset()
        self.request_log.clear()
