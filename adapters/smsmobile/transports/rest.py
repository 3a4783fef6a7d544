"""`RestTransport`: the `Transport` protocol over the generated client (`smsmobile_rest`).

Every request is built by a generated operation (its `_get_kwargs`) and sent by the generated
client's `httpx.Client`; this module only chooses the operation, reads the reply under
`MAX_REPLY_BYTES`, maps exceptions and statuses, and hands the JSON body to `_parse`. Sends and
resends use the POST operations, so the key and the text travel in the form body (a send's
channel flags in its query string, where the service's examples put them); GETs carry `apikey`
in the query.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from smsmobile_rest import Client
from smsmobile_rest.api.whatsapp import (
    check_number,
    get_messages,
    resend_whatsapp,
    send_whatsapp,
    set_retrieval,
    synchronize,
)
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
from smsmobile_rest.types import UNSET, Unset

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
    connect_error,
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
from ._reply_body import ACCEPT_ENCODING, Deadline, read_body, refuse_redirect
from ._retry import current_attempt
from ._transport import MAX_REPLY_BYTES, RetrievalSwitch

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
        httpx_args: dict[str, Any] = {}
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
            follow_redirects=False,  # explicit: a redirect would take the key or token along
            headers={"Accept-Encoding": ACCEPT_ENCODING},  # what `_reply_body` inflates
            raise_on_unexpected_status=False,
            httpx_args=httpx_args,
        )
        self._http = self._client.get_httpx_client()

    # -- the Transport protocol ------------------------------------------------------------
    #
    # Each call builds its request with the generated operation's `_get_kwargs` (URL, method,
    # query or form encoding: all from spec/openapi.yaml) and sends it on the generated client's
    # `httpx.Client`, as the generated `sync_detailed` does, but without `sync_detailed` itself:
    # it reads the whole body with no size limit, then parses every reply into attrs models
    # that `_parse` does not use (a second JSON decode, about a fifth of a retrieval's CPU).
    # `_get_kwargs` is private to the generated modules, but the generator is pinned in
    # spec/codegen.yml and `make check-generated` compares generated/ with a fresh generation,
    # so a regeneration that changed it would show up there and in tests/contract.

    def send(self, request: SendRequest) -> SentMessage:
        yes = YesFlag("yes")
        form = SendForm(
            recipients=request.recipient,
            message=request.message,
            apikey=self._apikey,
            url_media=request.media_url if request.media_url is not None else UNSET,
            pdf_with_image=yes if request.pdf_preview else UNSET,
            url_media_shorted=yes if request.short_url else UNSET,
            schedule_timestamp=request.schedule_at if request.schedule_at is not None else UNSET,
            s_identifiant=request.device_sid if request.device_sid is not None else UNSET,
            port=SimPort(request.sim_port) if request.sim_port is not None else UNSET,
        )
        # The channel flags go in the query string, as the documentation's and the Postman
        # collection's `POST /sendsms/?waonly=yes` put them; key and text stay in the body.
        kwargs = send_whatsapp._get_kwargs(
            body=form,
            waonly=UNSET if request.also_sms else yes,
            sendwa=ZeroOne("1") if request.also_sms else UNSET,
            sendsms=ZeroOne("1") if request.also_sms else UNSET,
        )
        return self._exchange(kwargs, _parse.sent_message)

    def resend(self, guid: str) -> SentMessage:
        form = ResendForm(guid=guid, apikey=self._apikey)
        return self._exchange(
            resend_whatsapp._get_kwargs(body=form),
            lambda body: _parse.sent_message(body, resent_guid=guid),
        )

    def set_retrieval(self, switch: RetrievalSwitch) -> RetrievalState:
        kwargs = set_retrieval._get_kwargs(apikey=self._apikey, statut=_SWITCH[switch])
        return self._exchange(kwargs, _parse.retrieval_state)

    def synchronize(self) -> SyncWindow:
        return self._exchange(synchronize._get_kwargs(apikey=self._apikey), _parse.sync_window)

    def fetch_messages(
        self,
        *,
        before: int | None = None,
        date: dt.date | None = None,
        message_type: MessageType | None = None,
    ) -> list[InboundMessage]:
        kwargs = get_messages._get_kwargs(
            apikey=self._apikey,
            before=before if before is not None else UNSET,
            date=date if date is not None else UNSET,
            message_type=WireMessageType(message_type) if message_type else UNSET,
        )
        return self._exchange(kwargs, _parse.inbound_messages)

    def check_number(self, number: str) -> NumberCheck:
        kwargs = check_number._get_kwargs(apikey=self._apikey, recipients=number)
        return self._exchange(kwargs, lambda body: _parse.number_check(body, number))

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:
        return f"RestTransport(base_url={self.base_url!r})"

    # -- one exchange ----------------------------------------------------------------------

    def _exchange(self, kwargs: dict[str, Any], parse: Callable[[object], T]) -> T:
        """Send one generated request, read the reply under the size cap and the attempt's
        deadline, and parse it; a redirect is refused, not followed."""
        started = time.monotonic()
        deadline = Deadline(self.timeouts.total_seconds)
        try:
            request = self._http.build_request(**kwargs)
            response = self._http.send(request, stream=True)
            try:
                refuse_redirect(response.status_code, response.headers.get("Location"))
                content = read_capped(response, deadline=deadline)
            finally:
                response.close()
        except SmsMobileError:
            raise  # cap, deadline, redirect, or the token provider inside the auth flow
        except httpx.HTTPError as exc:
            error = _httpx_failure(exc)
            logger.debug(
                "request failed after %.1f ms (attempt %d): %s",
                (time.monotonic() - started) * 1000,
                current_attempt(),
                error,
            )
            raise error from None
        if logger.isEnabledFor(logging.DEBUG):  # not worth the redaction and timing otherwise
            _log_exchange(response)
        body = decode_reply(response.status_code, content, response.headers)
        return _parse.guarded(parse, body)


def _log_exchange(response: httpx.Response) -> None:
    try:
        elapsed = response.elapsed.total_seconds() * 1000
    except RuntimeError:  # no timing on a response that was not read through the client
        elapsed = float("nan")
    logger.debug(
        "%s %s -> %d in %.1f ms (attempt %d)",
        response.request.method,
        redact(response.request.url.path),
        response.status_code,
        elapsed,
        current_attempt(),
    )


def read_capped(
    response: httpx.Response, limit: int = MAX_REPLY_BYTES, *, deadline: Deadline | None = None
) -> bytes:
    """The decoded body of a streamed response, refused as soon as it exceeds `limit` bytes.

    A `Content-Length` over the limit is refused before reading anything; the rest is read raw
    (`iter_raw`) and inflated by `_reply_body` under the limit, because httpx's own decoders
    inflate a chunk, and a stack of encodings, without any bound.
    """
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise MalformedReply(f"reply larger than {limit} bytes")
    return read_body(
        response.iter_raw(),
        response.headers.get("Content-Encoding"),
        deadline=deadline,
        limit=limit,
    )


def decode_reply(status: int, content: bytes, headers: Any) -> object:
    """The JSON body of a 2xx reply; any other status becomes its exception."""
    body: object = None
    decoded = True
    try:
        body = json.loads(content) if content.strip() else None
    except (ValueError, RecursionError):  # RecursionError: a few KB of nested `[` will do
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
        return connect_error(exc, _host_of(exc))
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.ProxyError):
        return ConnectError(f"could not connect to the service ({name})")
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return RequestTimeout(f"no reply within the timeout ({name})")
    if isinstance(exc, httpx.DecodingError):
        return MalformedReply(f"the reply could not be decoded ({name})")
    return TransportError(f"the connection failed during the exchange ({name})")


def _host_of(exc: httpx.HTTPError) -> str:
    """host[:port] of the failed request (never its userinfo), for the error's text."""
    try:
        url = exc.request.url
    except RuntimeError:  # no request attached
        return "the service"
    return f"{url.host}:{url.port}" if url.port else url.host
