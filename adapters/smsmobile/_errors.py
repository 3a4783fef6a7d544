"""The one exception hierarchy of smsmobile, shared by the REST and SOAP transports.

    SmsMobileError
    ├── InvalidRequest      bad input, caught before any I/O (names the field and the rule)
    │   └── ClientClosed    a call on a client after close()/aclose(): nothing was sent
    ├── AuthenticationError the key or OAuth2 credentials were refused (HTTP 401/403)
    ├── RateLimited         HTTP 429; `retry_after` seconds, when the service said
    ├── ServiceError        the service answered with a non-zero `error` (even inside HTTP 200),
    │                       or with a 4xx/5xx that is none of the above; `code`, `http_status`
    │   ├── RetrievalDisabled   code 20: inbound retrieval is off (`set_retrieval(True)`)
    │   └── SyncWindowClosed    code 21: no synchronisation window open (`synchronize()`)
    └── TransportError      the exchange itself failed
        ├── ConnectError    the request never reached the service: safe to repeat, even a send
        ├── RequestTimeout  no (complete) reply in time
        ├── MalformedReply  a reply that cannot be read (bad JSON/XML, wrong shape), one
        │                   past MAX_REPLY_BYTES (decompressed), or a stacked encoding
        ├── RedirectRefused a 3xx: never followed, as every request carries a credential
        └── OutcomeUnknown  a send that may or may not have been accepted: do not resend
                            blindly; `cause`, `operation`, `recipient`, `guid` say which

No message, attribute or repr of these ever holds an API key, client secret or token. Each
message is one sentence: what failed, where (the host, never a credential) and, where it
helps, what to do.
"""

from __future__ import annotations

import re
import socket

__all__ = [
    "AuthenticationError",
    "ClientClosed",
    "ConnectError",
    "InvalidRequest",
    "MalformedReply",
    "OutcomeUnknown",
    "RateLimited",
    "RedirectRefused",
    "RequestTimeout",
    "RetrievalDisabled",
    "ServiceError",
    "SmsMobileError",
    "SyncWindowClosed",
    "TransportError",
    "connect_error",
    "service_error",
    "tls_handshake_timed_out",
]


class SmsMobileError(Exception):
    """Base of every error this package raises.

    `before_request` is True when the failure came before the request left (a token fetch that
    failed): nothing reached the service, so even a send may be repeated.
    """

    before_request: bool = False


class InvalidRequest(SmsMobileError, ValueError):
    """Input that breaks a documented rule; raised before anything is sent."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class ClientClosed(InvalidRequest):
    """A call on a client that was closed (`close()`, `aclose()`, or the end of its `with`).

    An `InvalidRequest` (and so a `ValueError`, as Python's own "I/O operation on closed file"):
    it is the caller's mistake, found before any I/O, and nothing was sent. Build a new client.
    """

    before_request = True

    def __init__(self, client: str, method: str = "") -> None:
        self.client = client
        call = f" ({method})" if method else ""
        super().__init__(
            "client",
            f"this {client} was closed{call}: nothing was sent; make a new {client}(...) "
            "or keep the calls inside its `with` block",
        )


class AuthenticationError(SmsMobileError):
    """The API key, token or client credentials were refused."""

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        self.http_status = http_status
        super().__init__(message)


class RateLimited(SmsMobileError):
    """The service asked us to slow down (HTTP 429)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ServiceError(SmsMobileError):
    """The service refused or failed the call; `code` is its `error` value, as a string.

    The text reads `service error CODE (HTTP STATUS): DETAIL`, composed here once: a message
    that already starts with that (an error re-raised by the gateway, a transport's
    `HTTP 400, error 400: ...`) gives its detail only, so nothing is said twice.
    """

    def __init__(self, message: str, *, code: str, http_status: int | None = None) -> None:
        self.code = code
        self.http_status = http_status
        self.detail = _service_detail(message, code, http_status)
        status = f" (HTTP {http_status})" if http_status is not None else ""
        detail = f": {self.detail}" if self.detail else ""
        super().__init__(f"service error {code}{status}{detail}")


class RetrievalDisabled(ServiceError):
    """Code 20: the account keeps no inbound messages until retrieval is turned on.

    Python: `wa.set_retrieval(True)` once (it stays on); the command line: `smsmobile
    retrieval on`. `detail` keeps the service's own words (the gateway passes those on).
    """

    hint = "turn retrieval on first: wa.set_retrieval(True) (command line: smsmobile retrieval on)"

    def __init__(self, message: str, *, code: str = "20", http_status: int | None = None) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.args = (f"{self.args[0]}; {self.hint}",)


class SyncWindowClosed(ServiceError):
    """Code 21: no synchronisation window is open (none yet, or it expired).

    Python: `wa.synchronize()` opens one (`messages()` never calls it by itself); the command
    line's `smsmobile inbox` opens one when needed, or `smsmobile sync`.
    """

    hint = "open a window first: wa.synchronize() (command line: smsmobile sync)"

    def __init__(self, message: str, *, code: str = "21", http_status: int | None = None) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.args = (f"{self.args[0]}; {self.hint}",)


_SERVICE_ERROR_BY_CODE: dict[str, type[ServiceError]] = {
    "20": RetrievalDisabled,
    "21": SyncWindowClosed,
}


def service_error(message: str, *, code: str, http_status: int | None = None) -> ServiceError:
    """The `ServiceError` for `code`: its own subclass for the codes that have one."""
    kind = _SERVICE_ERROR_BY_CODE.get(code, ServiceError)
    return kind(message, code=code, http_status=http_status)


def _service_detail(message: str, code: str, http_status: int | None) -> str:
    """`message` without the prefixes that repeat the code or the status."""
    code_re, status_re = re.escape(code), r"\d{3}" if http_status is None else str(http_status)
    prefixes = (
        rf"service error {code_re}(?: \(HTTP {status_re}\))?(?::\s*|$)",
        rf"HTTP {status_re}, error {code_re}(?::\s*|$)",
        rf"error {code_re}(?::\s*|$)",
    )
    text = message.strip()
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            stripped = re.sub("^" + prefix, "", text, count=1)
            if stripped != text:
                text, changed = stripped.strip(), True
    return text


class TransportError(SmsMobileError):
    """The HTTP exchange failed: connection, timeout or unreadable reply."""


class ConnectError(TransportError):
    """The connection could not be made, so the request never reached the service."""


_NOT_SENT = "the request was not sent"


def connect_error(exc: BaseException, host: str, operation: str = "") -> ConnectError:
    """A `ConnectError` naming the host and why: name not found, refused, timed out, TLS; the
    proxy when one from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY) was in the way."""
    reason = _connect_reason(exc)
    proxy = _proxy_of(exc)
    if proxy is not None and reason in ("dns", "refused", "timeout", ""):
        variable, address = proxy
        text = (
            f"cannot connect to the proxy {address} ({variable}, on the way to {host}): "
            f"{_PROXY_WHY.get(reason, type(exc).__name__)}; is the proxy running? Unset "
            f"{variable} or add the host to NO_PROXY to connect directly"
        )
        return ConnectError(f"{operation}: {text}" if operation else text)
    why = {
        "dns": "the name was not found (DNS); check the base URL",
        "refused": "the connection was refused; is the service running there, and is the "
        "base URL right?",
        "timeout": "no answer within the connect timeout; check the network and the base URL",
        "tls": "the TLS handshake failed; check the base URL and the certificates; " + _NOT_SENT,
        "tls-plain": "the TLS handshake failed: the server answered in plain HTTP; use an "
        "http:// base URL for it (or point https:// at a TLS server); " + _NOT_SENT,
        "tls-timeout": "the TLS handshake got no answer within the connect timeout: is it a "
        "plain-HTTP server? Then the base URL starts with http://; " + _NOT_SENT,
    }.get(reason, f"{type(exc).__name__}; check the network and the base URL")
    text = f"cannot connect to {host}: {why}"
    return ConnectError(f"{operation}: {text}" if operation else text)


def tls_handshake_timed_out(exc: BaseException) -> bool:
    """Whether `exc` is a TLS handshake that got no answer (urllib3 reports it as a read
    timeout, although no byte of the request was written: a plain-HTTP server, say)."""
    return _connect_reason(exc) == "tls-timeout"


_PROXY_WHY = {
    "dns": "its name was not found (DNS)",
    "refused": "the connection was refused",
    "timeout": "no answer within the connect timeout",
}


def _proxy_of(exc: BaseException) -> tuple[str, str] | None:
    """(variable, host:port) of the environment's proxy for the failed request's URL, if one
    applies (the variables httpx and requests honour); never the proxy's credentials."""
    import urllib.request
    from urllib.parse import urlsplit

    try:
        url = str(exc.request.url)  # type: ignore[attr-defined]  # httpx and requests errors
    except Exception:  # no request attached
        return None
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    for scheme in (parts.scheme, "all"):
        proxy = proxies.get(scheme)
        if not proxy:
            continue
        if urllib.request.proxy_bypass(parts.hostname or ""):  # NO_PROXY
            return None
        found = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        address = f"{found.hostname}:{found.port}" if found.port else str(found.hostname)
        return f"{scheme.upper()}_PROXY", address
    return None


def _connect_reason(exc: BaseException) -> str:
    """What the exception chain says went wrong: "dns", "refused", "timeout", "tls" or ""."""
    import ssl

    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "dns"
        if isinstance(current, ConnectionRefusedError):
            return "refused"
        if isinstance(current, ssl.SSLError):
            plain = "WRONG_VERSION_NUMBER" in str(current).upper().replace(" ", "_")
            return "tls-plain" if plain else "tls"
        if isinstance(current, TimeoutError | socket.timeout):
            return "tls-timeout" if "handshake" in str(current) else "timeout"
        text = str(current)
        if "handshake" in text and "timed out" in text:
            return "tls-timeout"
        if "WRONG_VERSION_NUMBER" in text.upper().replace(" ", "_"):
            return "tls-plain"
        if "Name or service not known" in text or "nodename nor servname" in text:
            return "dns"
        if "Temporary failure in name resolution" in text or "getaddrinfo failed" in text:
            return "dns"
        if "Connection refused" in text:
            return "refused"
        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        pending.extend(current.args)
    return ""


class RequestTimeout(TransportError):
    """The service did not answer (completely) within the read timeout or the attempt's
    deadline (`Timeouts.total`)."""


class MalformedReply(TransportError):
    """The reply could not be parsed or does not have the documented shape."""


class RedirectRefused(TransportError):
    """The service answered with a redirect (3xx), which is not followed: the request carries
    the key, a token or the client secret, and `Location` could send it anywhere.

    Not an unknown outcome, even for a send: a redirect is the server's answer that the request
    belongs elsewhere, not a sign it was processed. Not retried either (the answer would be the
    same); `status` and `location_host` say where it pointed.
    """

    def __init__(self, message: str, *, status: int, location_host: str | None) -> None:
        self.status = status
        self.location_host = location_host
        super().__init__(message)


class OutcomeUnknown(TransportError):
    """A send whose request may have reached the service, but whose reply was lost or failed.

    The message may or may not have been accepted. Check before sending again: a blind retry
    could deliver it twice. `operation` is the call ("send", "resend", ...), `recipient` the
    normalised number it was for (kept here, never in the message: it is personal data), `guid`
    the message's id when the call had one (a resend). How to check: the phone's outbox, or
    `wa.messages()` / `smsmobile inbox` for a reply; a bulk run keeps such rows as "unknown"
    (`smsmobile bulk ... --report`).
    """

    how_to_check = (
        "check the phone's sent messages (or `smsmobile bulk ... --report` for a bulk row) "
        "before sending again"
    )

    def __init__(
        self,
        message: str,
        *,
        cause: SmsMobileError | None = None,
        operation: str = "",
        recipient: str | None = None,
        guid: str | None = None,
    ) -> None:
        self.cause = cause
        self.operation = operation
        self.recipient = recipient
        self.guid = guid
        super().__init__(message)
