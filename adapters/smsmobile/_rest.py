"""`RestTransport`: the `Transport` protocol over the generated client (`smsmobile_rest`).

Every exchange goes through a generated `sync_detailed`; this module only chooses the operation,
maps exceptions and statuses, and hands the JSON body to `_parse`. Sends and resends use the POST
operations, so the key and the text travel in the form body; GETs carry `apikey` in the query.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from smsmobile_rest import Client
from smsmobile_rest.api.whatsapp.check_number import sync_detailed as check_number_call
from smsmobile_rest.api.whatsapp.get_messages import sync_detailed as get_messages_call
from smsmobile_rest.api.whatsapp.resend_whatsapp import sync_detailed as resend_call
from smsmobile_rest.api.whatsapp.send_whatsapp import sync_detailed as send_call
from smsmobile_rest.api.whatsapp.set_retrieval import sync_detailed as set_retrieval_call
from smsmobile_rest.api.whatsapp.synchronize import sync_detailed as synchronize_call
from smsmobile_rest.models import (
    MessageType as WireMessageType,
)
from smsmobile_rest.models import (
    ResendForm,
    RetrievalStatus,
    SendForm,
    SimPort,
    YesFlag,
    ZeroOne,
)
from smsmobile_rest.types import UNSET, Response, Unset

from . import _parse
from ._auth import ApiKey, OAuth2ClientCredentials, TokenProvider
from ._bearer_httpx import BearerHttpxAuth
from ._errors import (
    AuthenticationError,
    ConnectError,
    MalformedReply,
    RateLimited,
    RequestTimeout,
    ServiceError,
    SmsMobileError,
    TransportError,
)
from ._models import (
    InboundMessage,
    MessageType,
    NumberCheck,
    RetrievalState,
    SendRequest,
    SentMessage,
    SyncWindow,
    Timeouts,
)
from ._redact import install_log_filter, redact
from ._retry import current_attempt
from ._transport import RetrievalSwitch

__all__ = ["RestTransport", "http_failure"]

logger = logging.getLogger("smsmobile")
T = TypeVar("T")
_SWITCH = {"on": RetrievalStatus("1"), "off": RetrievalStatus("0"), "toggle": RetrievalStatus("x")}


class RestTransport:
    """One keep-alive `httpx.Client` behind the generated `smsmobile_rest.Client`."""

    name = "rest"

    def __init__(
        self,
        *,
        base_url: str,
        auth: ApiKey | OAuth2ClientCredentials,
        timeouts: Timeouts,
    ) -> None:
        install_log_filter()
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self.token_provider: TokenProvider | None = None
        self._apikey: str | Unset = UNSET
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [self._on_response]},
        }
        if isinstance(auth, OAuth2ClientCredentials):
            self.token_provider = auth.token_provider(self.base_url, timeouts)
            httpx_args["auth"] = BearerHttpxAuth(self.token_provider)
        else:
            self._apikey = auth.key
        self._client = Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.read,
                write=timeouts.read,
                pool=timeouts.connect,
            ),
            follow_redirects=False,
            raise_on_unexpected_status=False,
            httpx_args=httpx_args,
        )
        self._last = threading.local()  # the last raw response seen on this thread

    # -- the Transport protocol ------------------------------------------------------------

    def send(self, request: SendRequest) -> SentMessage:
        yes = YesFlag("yes")
        form = SendForm(
            recipients=request.recipient,
            message=request.message,
            apikey=self._apikey,
            waonly=UNSET if request.also_sms else yes,
            sendwa=ZeroOne("1") if request.also_sms else UNSET,
            sendsms=ZeroOne("1") if request.also_sms else UNSET,
            url_media=request.media_url if request.media_url is not None else UNSET,
            pdf_with_image=yes if request.pdf_preview else UNSET,
            url_media_shorted=yes if request.short_url else UNSET,
            schedule_timestamp=request.schedule_at if request.schedule_at is not None else UNSET,
            s_identifiant=request.device_sid if request.device_sid is not None else UNSET,
            port=SimPort(request.sim_port) if request.sim_port is not None else UNSET,
        )
        body = self._exchange(lambda: send_call(client=self._client, body=form))
        return _parse.sent_message(body)

    def resend(self, guid: str) -> SentMessage:
        form = ResendForm(guid=guid, apikey=self._apikey)
        body = self._exchange(lambda: resend_call(client=self._client, body=form))
        return _parse.sent_message(body)

    def set_retrieval(self, switch: RetrievalSwitch) -> RetrievalState:
        statut = _SWITCH[switch]
        body = self._exchange(
            lambda: set_retrieval_call(client=self._client, apikey=self._apikey, statut=statut)
        )
        return _parse.retrieval_state(body)

    def synchronize(self) -> SyncWindow:
        body = self._exchange(lambda: synchronize_call(client=self._client, apikey=self._apikey))
        return _parse.sync_window(body)

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: MessageType | None = None,
    ) -> list[InboundMessage]:
        body = self._exchange(
            lambda: get_messages_call(
                client=self._client,
                apikey=self._apikey,
                before=before if before is not None else UNSET,
                date=date if date is not None else UNSET,
                message_type=WireMessageType(message_type) if message_type else UNSET,
            )
        )
        return _parse.inbound_messages(body)

    def check_number(self, number: str) -> NumberCheck:
        body = self._exchange(
            lambda: check_number_call(client=self._client, apikey=self._apikey, recipients=number)
        )
        return _parse.number_check(body, number)

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def __repr__(self) -> str:
        return f"RestTransport(base_url={self.base_url!r})"

    # -- one exchange ----------------------------------------------------------------------

    def _on_response(self, response: httpx.Response) -> None:
        response.read()
        self._last.response = response
        try:
            elapsed = response.elapsed.total_seconds() * 1000
        except RuntimeError:
            elapsed = float("nan")
        logger.debug(
            "%s %s -> %d in %.1f ms (attempt %d)",
            response.request.method,
            redact(response.request.url.path),
            response.status_code,
            elapsed,
            current_attempt(),
        )

    def _exchange(self, call: Callable[[], Response[T]]) -> object:
        """Run one generated operation; return the decoded JSON body of a successful reply."""
        self._last.response = None
        started = time.monotonic()
        try:
            reply = call()
            status, content, headers = int(reply.status_code), reply.content, reply.headers
        except SmsMobileError:
            raise  # from the token provider inside the auth flow
        except httpx.HTTPError as exc:
            error = _httpx_failure(exc)
            logger.debug(
                "request failed after %.1f ms (attempt %d): %s",
                (time.monotonic() - started) * 1000,
                current_attempt(),
                error,
            )
            raise error from None
        except (ValueError, TypeError, KeyError, AttributeError):
            # the generated parser choked on the body; judge from the raw response instead
            raw: httpx.Response | None = getattr(self._last, "response", None)
            if raw is None:
                raise MalformedReply("unreadable reply") from None
            status, content, headers = raw.status_code, raw.content, raw.headers
        return decode_reply(status, content, headers)


def decode_reply(status: int, content: bytes, headers: Any) -> object:
    """The JSON body of a 2xx reply; any other status becomes its exception."""
    body: object = None
    decoded = True
    try:
        body = json.loads(content) if content.strip() else None
    except ValueError:
        decoded = False
    if 200 <= status < 300:
        if not decoded:
            raise MalformedReply(f"HTTP {status} with a body that is not JSON")
        return body
    raise http_failure(status, body if decoded else None, headers.get("Retry-After"))


def http_failure(status: int, body: object, retry_after: str | None) -> SmsMobileError:
    """The exception for a non-2xx HTTP status (shared with the SOAP transport)."""
    code = ""
    detail = ""
    if isinstance(body, dict):
        code = _parse.error_code(body.get("error")) or ""
        message = body.get("message") or body.get("error_description")
        detail = redact(str(message)) if isinstance(message, str) else ""
    suffix = f": {detail}" if detail else ""
    if status in (401, 403):
        what = "token" if status == 401 else "API key or credentials"
        return AuthenticationError(
            f"HTTP {status}: the service refused the {what}{suffix}", http_status=status
        )
    if status == 429:
        seconds = float(retry_after) if retry_after and retry_after.strip().isdigit() else None
        return RateLimited(f"HTTP 429: too many requests{suffix}", retry_after=seconds)
    code = redact(code) or str(status)
    return ServiceError(f"HTTP {status}, error {code}{suffix}", code=code, http_status=status)


def _httpx_failure(exc: httpx.HTTPError) -> SmsMobileError:
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return ConnectError(f"could not connect to the service ({name})")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.ProxyError):
        return ConnectError(f"could not connect to the service ({name})")
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return RequestTimeout(f"no reply within the timeout ({name})")
    if isinstance(exc, httpx.DecodingError):
        return MalformedReply(f"the reply could not be decoded ({name})")
    return TransportError(f"the connection failed during the exchange ({name})")
