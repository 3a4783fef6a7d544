"""The one exception hierarchy of smsmobile, shared by the REST and SOAP transports.

    SmsMobileError
    ├── InvalidRequest      bad input, caught before any I/O (names the field and the rule)
    ├── AuthenticationError the key or OAuth2 credentials were refused (HTTP 401/403)
    ├── RateLimited         HTTP 429; `retry_after` seconds, when the service said
    ├── ServiceError        the service answered with a non-zero `error` (even inside HTTP 200),
    │                       or with a 4xx/5xx that is none of the above; `code`, `http_status`
    └── TransportError      the exchange itself failed
        ├── ConnectError    the request never reached the service: safe to repeat, even a send
        ├── RequestTimeout  no (complete) reply in time
        ├── MalformedReply  a reply that cannot be read (bad JSON/XML, wrong shape), one
        │                   past MAX_REPLY_BYTES (decompressed), or a stacked encoding
        ├── RedirectRefused a 3xx: never followed, as every request carries a credential
        └── OutcomeUnknown  a send that may or may not have been accepted: do not resend
                            blindly; `cause` is the failure behind it

No message, attribute or repr of these ever holds an API key, client secret or token.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "ConnectError",
    "InvalidRequest",
    "MalformedReply",
    "OutcomeUnknown",
    "RateLimited",
    "RedirectRefused",
    "RequestTimeout",
    "ServiceError",
    "SmsMobileError",
    "TransportError",
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
    """The service refused or failed the call; `code` is its `error` value, as a string."""

    def __init__(self, message: str, *, code: str, http_status: int | None = None) -> None:
        self.code = code
        self.http_status = http_status
        super().__init__(message)


class TransportError(SmsMobileError):
    """The HTTP exchange failed: connection, timeout or unreadable reply."""


class ConnectError(TransportError):
    """The connection could not be made, so the request never reached the service."""


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
    could deliver it twice.
    """

    def __init__(self, message: str, *, cause: SmsMobileError | None = None) -> None:
        self.cause = cause
        super().__init__(message)
