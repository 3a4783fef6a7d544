"""`WhatsApp`: the facade. Every public method validates and normalises its input, maps it to
wire fields (`_wire`) and calls the operation's row (`_operations`) through `_call`, which
decides retries once for every transport; the transport does one generic exchange per call."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self, TypeVar

from . import _calls
from ._auth import ApiKey, OAuth2ClientCredentials
from ._config import DEFAULT_BASE_URL, resolve
from ._derived.facade_sync import WhatsAppOperations
from ._errors import ClientClosed, InvalidRequest
from ._extras import require
from ._models import (
    InboundMessage,
    MessageType,
    Timeouts,
)
from ._operations import (
    Operation,
    WireFields,
)
from ._redact import install_log_filter
from ._retry import RetryPolicy, call_with_retries
from .transports.base import Transport

if TYPE_CHECKING:
    import httpx

    from ._raw import RawResponses
    from .transports.soap import SoapTransport

__all__ = ["DEFAULT_BASE_URL", "WhatsApp", "auth_from_env"]

R = TypeVar("R")


def auth_from_env(environ: Mapping[str, str] | None = None) -> ApiKey | OAuth2ClientCredentials:
    """Client credentials when both SMSMOBILEAPI_CLIENT_ID and _SECRET are set, else the key."""
    return resolve(environ=environ).require_auth()


class WhatsApp(WhatsAppOperations):
    """Send and receive WhatsApp messages through SMSMobileAPI.

    >>> wa = WhatsApp(auth=ApiKey("..."))          # or WhatsApp.from_env()
    >>> sent = wa.send("+1 917 286 60", "Hello *world*")
    """

    def __init__(
        self,
        *,
        auth: ApiKey | OAuth2ClientCredentials | None = None,
        base_url: str | None = None,
        transport: Literal["rest", "soap"] | Transport | None = None,
        timeout: Timeouts | float | None = None,
        retry: RetryPolicy | None = None,
        wsdl: str | None = None,
        soap_endpoint: str | None = None,
        soap_version: Literal["1.1", "1.2"] = "1.1",
        wsse: bool | Literal["digest", "text"] = False,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Each setting left out comes from its SMSMOBILEAPI_* variable, else its default
        (https://api.smsmobileapi.com, REST, 5 s to connect and 30 s to read).

        `http_client`: your own `httpx.Client` (proxy, CA bundle, client certificate, event
        hooks, transport) for REST, SOAP and the OAuth2 token fetch; only a WSDL fetched by URL
        (`wsdl=`) is loaded without it. Our timeouts, reply cap and refusal of redirects still
        apply to each request; we never close it (you do, after `close()`)."""
        install_log_filter()
        own_transport = transport is None or isinstance(transport, str)
        config, self.retry, auth = _calls.settings(
            auth=auth,
            base_url=base_url,
            transport=transport if transport is None or isinstance(transport, str) else "rest",
            own_transport=own_transport,
            timeout=timeout,
            retry=retry,
            http_client=http_client,
            asynchronous=False,
        )
        self.base_url = config.base_url
        self.timeouts = config.timeouts
        self.auth = auth
        if transport is None or isinstance(transport, str):
            transport = config.transport
        self._transport: Transport
        if transport == "rest":
            from .transports.rest import RestTransport

            assert auth is not None
            self._transport = RestTransport(
                base_url=self.base_url, auth=auth, timeouts=self.timeouts, http_client=http_client
            )
        elif transport == "soap":
            soap_transport = _soap_transport_class()
            assert auth is not None
            self._transport = soap_transport(
                base_url=self.base_url,
                auth=auth,
                timeouts=self.timeouts,
                wsdl=wsdl,
                endpoint=soap_endpoint,
                soap_version=soap_version,
                wsse=wsse,
                http_client=http_client,
            )
        elif callable(getattr(transport, "exchange", None)):
            self._transport = transport
        else:
            raise InvalidRequest(
                "transport", "must be 'rest', 'soap' or an object with exchange(operation, fields)"
            )
        self.transport_name: str = self._transport.name

    @classmethod
    def from_env(
        cls,
        *,
        auth: ApiKey | OAuth2ClientCredentials | None = None,
        base_url: str | None = None,
        transport: Literal["rest", "soap"] | Transport | None = None,
        timeout: Timeouts | float | None = None,
        retry: RetryPolicy | None = None,
        wsdl: str | None = None,
        soap_endpoint: str | None = None,
        soap_version: Literal["1.1", "1.2"] = "1.1",
        wsse: bool | Literal["digest", "text"] = False,
        http_client: httpx.Client | None = None,
    ) -> WhatsApp:
        """A client configured from SMSMOBILEAPI_* variables; keyword arguments win over them.

        The same as `WhatsApp(...)`, spelled so that the environment is visibly the source.
        """
        return cls(
            auth=auth,
            base_url=base_url,
            transport=transport,
            timeout=timeout,
            retry=retry,
            wsdl=wsdl,
            soap_endpoint=soap_endpoint,
            soap_version=soap_version,
            wsse=wsse,
            http_client=http_client,
        )

    # -- the operations: derived (`_derived/`), but paging -----------------------------------

    def messages(
        self,
        *,
        date: dt.date | str | None = None,
        message_type: MessageType | Literal["all", ""] | None = None,
        before: int | dt.datetime | None = None,
        limit: int | None = None,
    ) -> Iterator[InboundMessage]:
        """Every inbound message, newest first, fetched lazily page by page.

        Each next page asks for messages `before` the oldest timestamp of the previous page
        plus one, so the rest of that second is read too; messages are de-duplicated by guid,
        and paging ends at an empty page. A second with more messages than a page holds is
        read once more per message type, and what still cannot be reached is a logged warning
        naming the timestamp. `message_type` is as for `fetch_page`. Arguments are checked
        at the call, before iteration starts.
        """
        from ._paging import inbound_messages  # imported by a first use, like `_options`, `_raw`

        query = _calls.page_query(date=date, message_type=message_type, before=before, limit=limit)
        messages = inbound_messages(
            lambda older_than, only: self._call(*_calls.page(query, older_than, only)),
            before=query.before,
            message_type=query.message_type,
        )
        return messages if query.limit is None else itertools.islice(messages, query.limit)

    # -- one call of an operation -------------------------------------------------------------

    def _call(self, operation: Operation[R], fields: WireFields) -> R:
        """One logical call: exchanges (repeated as `_retry` decides) and the row's parser."""
        if self._closed:
            raise ClientClosed("WhatsApp", operation.name)
        exchange = getattr(self._transport, "fetch", self._transport.exchange)  # typed replies
        return call_with_retries(
            operation.name,
            lambda: operation.parse(exchange(operation, fields), fields),
            self.retry,
            idempotent=operation.is_retry_safe(fields),
            transport=self.transport_name,
            fields=fields,
        )

    # -- per-call options and raw replies (`_options`, `_raw`) --------------------------------

    def with_options(
        self, *, timeout: Timeouts | float | None = None, retry: RetryPolicy | None = None
    ) -> Self:
        """This client with other timeouts or another retry policy (None: keep this one's),
        sharing its connections and token cache; closing it leaves them open."""
        from ._options import SharedTransport, derive

        return derive(self, SharedTransport, timeout=timeout, retry=retry)

    @property
    def with_raw_response(self) -> RawResponses:
        """The same methods, each returning a `RawReply` (status, headers, body, `.parse()`)."""
        from ._raw import RawResponses

        return RawResponses(self)

    # -- lifecycle ---------------------------------------------------------------------------

    _closed = False  # set by `close`: later calls raise `ClientClosed`, sending nothing

    def close(self) -> None:
        """Close the connections (the token provider is shared by the credentials object);
        a call after this raises `ClientClosed`. Closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"WhatsApp(transport={self.transport_name!r}, base_url={self.base_url!r}, "
            f"auth={self.auth!r})"
        )


def _soap_transport_class() -> type[SoapTransport]:
    """`SoapTransport`, or `MissingExtra` naming the extra that brings zeep and lxml."""
    require("soap", "transport='soap'")
    from .transports.soap import SoapTransport

    return SoapTransport
