"""The emulated account: input rules, authentication, rate limit and the six operations.

REST and SOAP both call this one class, so both fronts apply exactly the same rules to the same
state. It speaks in wire strings (what arrives in a query string or form) and plain dicts.
"""

from __future__ import annotations

import math
import secrets
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smsmobile.contract import operation_spec, request_problem

from ._store import SandboxStore, TokenGrant


#: The request fields each operation records as they came (a field the spec adds is kept too).
class ServiceError(Exception):
    """A failure the service answers with an HTTP error status (400, 401, 403, 429)."""

    def __init__(
        self,
        http_status: int,
        message: str,
        *,
        retry_after: int | None = None,
        invalid_token: bool = False,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.message = message
        self.retry_after = retry_after
        self.invalid_token = invalid_token


#: The `error` of a send through a phone of the account that is disconnected (sandbox).
PHONE_DISCONNECTED = "30"


class ApplicationError(Exception):
    """A failure the service reports inside an HTTP 200 reply, with its own `error` code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: how they authenticated, and the credential the rate limit counts on."""

    auth: str  # "apikey" | "oauth2"
    credential: str


def utc_iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def bad(field: str, rule: str) -> ServiceError:
    return ServiceError(400, f"{field}: {rule}")


def check_request(operation: str, params: Mapping[str, str]) -> None:
    """The spec's rules for `operation`'s request, by the one checker the client and the gateway
    use (`smsmobile._checker`): HTTP 400 naming the wire field and the rule."""
    found = request_problem(operation_spec(operation), params)
    if found is not None:
        raise bad(*found)


def spec_fields(operation: str, params: Mapping[str, str]) -> dict[str, str]:
    """The request's fields the spec lists for `operation` (what a record keeps)."""
    fields = operation_spec(operation).fields
    return {rule.wire: params[rule.wire] for rule in fields if rule.wire in params}


def _unsigned(params: Mapping[str, str], name: str) -> int | None:
    value = params.get(name)
    return None if value is None else int(value)  # checked by `check_request`


def _recipient(params: Mapping[str, str]) -> str:
    return params["recipients"].lstrip("+")  # checked by `check_request`


class SandboxService:
    """The service's behaviour over a `SandboxStore`; every method is thread-safe."""

    def __init__(self, store: SandboxStore) -> None:
        self.store = store

    # -- authentication -------------------------------------------------------------------

    def authenticate(self, api_key: str | None, bearer: str | None) -> Caller:
        """Check a call's credential and the rate limit; raise ServiceError 401/403/429."""
        store = self.store
        with store.lock:
            if bearer is not None:
                grant = store.state.tokens.get(bearer)
                if grant is None:
                    raise ServiceError(401, "unknown bearer token", invalid_token=True)
                if grant.revoked:
                    raise ServiceError(401, "bearer token revoked", invalid_token=True)
                if grant.expires_at <= time.time():
                    raise ServiceError(401, "bearer token expired", invalid_token=True)
                caller = Caller("oauth2", "bearer:" + bearer)
            elif api_key is None or api_key == "":
                raise ServiceError(403, "missing credentials: pass apikey or a bearer token")
            elif not secrets.compare_digest(api_key.encode(), store.api_key.encode()):
                raise ServiceError(403, "invalid API key")
            else:
                caller = Caller("apikey", "apikey:" + api_key)
            self.check_rate(caller.credential)
            return caller

    def check_rate(self, credential: str) -> None:
        """Sliding-window rate limit per credential; raise 429 with Retry-After when over."""
        with self.store.lock:
            limit = self.store.settings["rate_limit"]
            if limit is None:
                return
            now = time.time()
            window = float(limit["per_seconds"])
            log = self.store.state.rate_log.setdefault(credential, deque())
            while log and log[0] <= now - window:
                log.popleft()
            if len(log) >= int(limit["requests"]):
                retry_after = max(1, math.ceil(log[0] + window - now))
                raise ServiceError(429, "too many requests", retry_after=retry_after)
            log.append(now)

    def issue_token(self, client_id: str, client_secret: str) -> tuple[str, int] | None:
        """A new token and its lifetime, or None when the client is unknown."""
        store = self.store
        id_ok = secrets.compare_digest(client_id.encode(), store.client_id.encode())
        secret_ok = secrets.compare_digest(client_secret.encode(), store.client_secret.encode())
        if not (id_ok and secret_ok):
            return None
        with store.lock:
            lifetime = float(store.settings["token_lifetime"])
            token = secrets.token_urlsafe(32)
            store.state.tokens[token] = TokenGrant(expires_at=time.time() + lifetime)
            return token, math.ceil(lifetime)

    def count_token_request(self) -> None:
        with self.store.lock:
            self.store.state.token_requests += 1

    # -- operations -----------------------------------------------------------------------

    def accept(self, operation: str, params: Mapping[str, str]) -> None:
        """Check a request by the spec's rules (`check_request`) and record its fields."""
        check_request(operation, params)
        with self.store.lock:
            self.store.state.calls.append(
                {"operation": operation, "fields": spec_fields(operation, params)}
            )

    def send(self, caller: Caller, params: Mapping[str, str], via: str) -> dict[str, Any]:
        """Validate and store a send; the `result` object of the reply."""
        self.accept("send", params)
        number = _recipient(params)
        message = params["message"]
        url_media = params.get("url_media")
        schedule = _unsigned(params, "schedule_timestamp")

        waonly = params.get("waonly") == "yes"
        whatsapp = waonly or params.get("sendwa") == "1"
        sms = not waonly and params.get("sendsms", "1") == "1"  # SMS is on unless sendsms=0
        channel = ("whatsapp+sms" if sms else "whatsapp") if whatsapp else "sms"
        with_whatsapp = "1" if whatsapp else "0"
        now = time.time()
        with self.store.lock:
            phone = self.store.state.account.phone(params.get("sIdentifiant"))
            if phone is not None and phone.status != "connected":
                # ASSUMPTION (code not published): a phone that is off cannot take the job
                raise ApplicationError(
                    PHONE_DISCONNECTED, f"the phone {phone.sid} is disconnected: it cannot send"
                )
            if number in self.store.settings["error_recipients"]:
                status = "error"
            elif schedule is not None and schedule > now:
                status = "scheduled"
            else:
                status = "sent"
            guid = secrets.token_hex(20)
            self.store.state.messages.append(
                {
                    **spec_fields("send", params),
                    "guid": guid,
                    "recipients": number,
                    "message": message,
                    "url_media": url_media,
                    "pdf_with_image": params.get("pdf_with_image") == "yes",
                    "url_media_shorted": params.get("url_media_shorted") == "yes",
                    "channel": channel,
                    "status": status,
                    "attempts": 1,
                    "schedule_timestamp": schedule,
                    "sIdentifiant": params.get("sIdentifiant"),
                    # the phone that took it: the one asked for, else the first (issue 22)
                    "device_sid": self.store.state.account.phone_for(params.get("sIdentifiant")),
                    "port": params.get("port"),
                    "shorturl": params.get("shorturl"),
                    "created_at": utc_iso(now),
                    "auth": caller.auth,
                    "via": via,
                }
            )
            self.store.publish(status, self.store.state.messages[-1])
        note = "message scheduled" if status == "scheduled" else "message queued on the phone"
        return {
            "error": 0,
            "sent": "1",
            "id": guid,
            "note": note,
            "datetime": utc_iso(now),
            "send_with_whatsapp": with_whatsapp,
        }

    def resend(self, params: Mapping[str, str]) -> dict[str, Any]:
        """Resend a message in error status; ApplicationError "10"/"11" otherwise."""
        self.accept("resend", params)
        guid = params["guid"]
        with self.store.lock:
            stored = next((m for m in self.store.state.messages if m["guid"] == guid), None)
            if stored is None:
                raise ApplicationError("10", "unknown guid")
            if stored["status"] != "error":
                raise ApplicationError(
                    "11", "message is not in error status; only failed messages can be resent"
                )
            stored["status"] = "sent"
            stored["attempts"] += 1
            self.store.publish("resent", stored)
            with_whatsapp = "1" if stored["channel"] != "sms" else "0"
        return {
            "error": 0,
            "sent": "1",
            "id": guid,
            "note": "resent",
            "datetime": utc_iso(time.time()),
            "send_with_whatsapp": with_whatsapp,
        }

    def set_retrieval(self, params: Mapping[str, str]) -> dict[str, str]:
        self.accept("set_retrieval", params)
        statut = params.get("statut", "x")
        with self.store.lock:
            state = self.store.state
            state.retrieval_enabled = (
                not state.retrieval_enabled if statut == "x" else statut == "1"
            )
            enabled = state.retrieval_enabled
        return {
            "error": "0",
            "statut": "1" if enabled else "0",
            "message": "retrieval enabled" if enabled else "retrieval disabled",
        }

    def synchronize(self) -> int:
        """Open (or reopen) the retrieval window; its expiry in unix seconds. Retrieval must
        be on (the service's order: /getwa/active/?statut=1, then synchronisation), else
        ApplicationError "20"."""
        self.accept("synchronize", {})
        with self.store.lock:
            if not self.store.state.retrieval_enabled:
                raise ApplicationError("20", "retrieval is disabled; call /getwa/active/?statut=1")
            expires = time.time() + float(self.store.settings["sync_window"])
            self.store.state.sync_expires_at = expires
        return int(expires)

    def inbound_messages(self, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Matching inbound records, newest first, one page; ApplicationError "20"/"21"."""
        self.accept("fetch_messages", params)
        before = _unsigned(params, "before")
        day = params.get("date")
        message_type = params.get("message_type") or None
        with self.store.lock:
            state = self.store.state
            if not state.retrieval_enabled:
                raise ApplicationError("20", "retrieval is disabled; call /getwa/active/?statut=1")
            if state.sync_expires_at is None or state.sync_expires_at <= time.time():
                raise ApplicationError(
                    "21", "synchronisation required; call /getwa/synchronisation/"
                )
            found = [
                record
                for record in reversed(state.inbound)
                if (before is None or int(record["timestamp"]) < before)
                and (day is None or record["date"] == day)
                and (message_type is None or record["message_type"] == message_type)
            ]
            found.sort(key=lambda record: int(record["timestamp"]), reverse=True)
            page = found[: int(self.store.settings["page_size"])]
            return [public_inbound(record) for record in page]

    def check_number(self, params: Mapping[str, str]) -> dict[str, str]:
        self.accept("check_number", params)
        number = _recipient(params)
        with self.store.lock:
            absent = number in self.store.settings["not_on_whatsapp"]
        return {"error": "0", "number": number, "whatsapp": "0" if absent else "1"}

    # -- inbound injection ----------------------------------------------------------------

    def inject_inbound(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Store an inbound message (as if received on the phone); the stored record."""
        number = fields.get("number")
        message = fields.get("message")
        if not isinstance(number, str | int) or str(number).strip().lstrip("+") == "":
            raise bad("number", "required")
        if not isinstance(message, str):
            raise bad("message", "required, a string")
        contact = fields.get("contact", "")
        if not isinstance(contact, str):
            raise bad("contact", "must be a string")
        message_type = fields.get("message_type", "text")
        if message_type not in ("text", "audio"):
            raise bad("message_type", "must be text or audio")
        timestamp = fields.get("timestamp", int(time.time()))
        if isinstance(timestamp, bool) or not isinstance(timestamp, int) or timestamp < 0:
            raise bad("timestamp", "must be an integer >= 0")
        guid = fields.get("guid", str(uuid.uuid4()))
        if not isinstance(guid, str) or guid == "":
            raise bad("guid", "must be a non-empty string")
        more = fields.get("more", {})
        if not isinstance(more, dict) or not set(more) <= {
            "auto_reply",
            "transfert_to_email",
            "chatgpt_reply",
        }:
            raise bad("more", "must be an object of auto_reply, transfert_to_email, chatgpt_reply")
        flags = {}
        for name in ("auto_reply", "transfert_to_email", "chatgpt_reply"):
            value = (
                str(int(more[name]))
                if isinstance(more.get(name), bool)
                else str(more.get(name, "0"))
            )
            if value not in ("0", "1"):
                raise bad(f"more.{name}", 'must be "0" or "1"')
            flags[name] = value
        unknown = set(fields) - {
            "number", "message", "contact", "message_type", "timestamp", "guid", "more", "chatgpt",
        }  # fmt: skip
        if unknown:
            raise bad(sorted(unknown)[0], "unknown field")
        moment = datetime.fromtimestamp(timestamp, UTC)
        record: dict[str, Any] = {
            "date": moment.strftime("%Y-%m-%d"),
            "hour": moment.strftime("%H:%M:%S"),
            "timestamp": str(timestamp),
            "number": str(number).strip().lstrip("+"),
            "contact": contact,
            "message": message,
            "guid": guid,
            "more": flags,
            "message_type": message_type,
        }
        if "chatgpt" in fields:
            usage = fields["chatgpt"]
            keys = (
                "prompt_tokens",
                "completion_tokens",
                "total_tokens",
                "total_tokens_cost",
                "response",
            )
            if not isinstance(usage, dict) or not set(usage) <= set(keys):
                raise bad("chatgpt", "must be an object of " + ", ".join(keys))
            record["chatgpt"] = {key: str(usage[key]) for key in keys if key in usage}
        with self.store.lock:
            self.store.state.inbound.append(record)
            self.store.publish("received", record)
        return record


def public_inbound(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored inbound record in the doc's shape (without the sandbox's `message_type`)."""
    return {key: value for key, value in record.items() if key != "message_type"}
