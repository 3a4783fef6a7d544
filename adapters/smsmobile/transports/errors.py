"""The one error map: an HTTP status with its body, or a SOAP fault's detail, -> the exception.

REST, SOAP and the gateway all call these, so the same refusal is the same exception whichever
way it came (the tree is drawn in `_errors`):

- HTTP 401 / 403                                  -> AuthenticationError(http_status)
- HTTP 429                                        -> RateLimited(retry_after seconds)
- any other non-2xx                               -> ServiceError(code: the body's `error`, else
                                                     the status; http_status)
- a fault detail (`ServiceFault`: code, message, httpStatus, retryAfter, outcome) whose status
  is an HTTP error, or that a server-side fault carries -> the same as that status
- a fault detail without an HTTP error status     -> ServiceError(code), as REST reports a
                                                     non-zero `error` inside an HTTP 200
- `outcome` "unknown" on a call that is not safe to repeat -> OutcomeUnknown(cause)
- the token endpoint's 400 `invalid_client` / 401 / 403 -> AuthenticationError, 429 ->
  RateLimited, anything else -> ServiceError (`token_status_error`: RFC 6749's error codes)

This module imports no HTTP library: it maps data, not library exceptions (each transport maps
its own library's exceptions, next to the code that catches them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._errors import (
    AuthenticationError,
    OutcomeUnknown,
    RateLimited,
    ServiceError,
    SmsMobileError,
    service_error,
)
from .._lazy import LazyModule
from .._redact import redact

if TYPE_CHECKING:
    from .. import _parse
else:  # the reply readers, imported by a first reply (`import smsmobile` needs none)
    _parse = LazyModule("smsmobile._parse", globals(), "_parse")

__all__ = ["application_error", "fault_error", "status_error", "token_status_error"]


def status_error(status: int, body: object, retry_after: str | None) -> SmsMobileError:
    """The exception for a non-2xx HTTP `status`; `body` is the decoded JSON body (or None),
    `retry_after` the `Retry-After` header (seconds; anything else is ignored)."""
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
        seconds = _seconds(retry_after)
        return RateLimited(f"HTTP 429: too many requests{suffix}", retry_after=seconds)
    code = redact(code) or str(status)
    return service_error(f"HTTP {status}, error {code}{suffix}", code=code, http_status=status)


def token_status_error(status: int, body: object, retry_after: str | None) -> SmsMobileError:
    """The exception for a non-2xx reply of the OAuth2 token endpoint (`body`: decoded JSON)."""
    body_error = str(body.get("error", "")) if isinstance(body, dict) else ""
    if status in (400, 401, 403) and (status != 400 or body_error in ("", "invalid_client")):
        return AuthenticationError(
            f"client credentials refused by the token endpoint (HTTP {status}"
            + (f", {redact(body_error)})" if body_error else ")"),
            http_status=status,
        )
    if status == 429:
        return RateLimited("token endpoint rate limit", retry_after=_seconds(retry_after))
    return ServiceError(
        f"token endpoint failed with HTTP {status}",
        code=redact(body_error) or str(status),
        http_status=status,
    )


def application_error(code: str, message: str) -> SmsMobileError:
    """The ServiceError REST raises for the same non-zero `error` inside an HTTP 200."""
    try:
        _parse.raise_for_error({"error": code or "unknown", "message": message})
    except ServiceError as error:
        return error
    return ServiceError("the service refused the request", code=code)  # code "0": not expected


def fault_error(
    detail: Mapping[str, str],
    *,
    operation: str,
    fault_code: str = "",
    fault_message: str = "",
    http_status: int | None = None,
    retry_after: str | None = None,
    retry_safe: bool = True,
) -> SmsMobileError:
    """The exception for a SOAP fault whose detail is `detail` ({element: text} of its
    `ServiceFault`); `http_status` and `retry_after` are the HTTP reply's, used when the
    detail does not say; `retry_safe` is False for a send, whose unknown outcome is said."""
    code = detail.get("code", "")
    message = detail.get("message") or fault_message
    status = _int(detail.get("httpStatus"))
    if status is None and http_status is not None and http_status >= 400:
        status = http_status
    retry_after = detail.get("retryAfter") or retry_after
    server_side = fault_code.rpartition(":")[2] in ("Server", "Receiver")
    error: SmsMobileError
    if (
        status is None
        or status < 400
        or (status >= 500 and not server_side and code != str(status))
    ):
        # An application refusal (REST reports it inside an HTTP 200): a soap:Client fault
        # whose code is the service's own, so no HTTP status goes with it, as over REST.
        error = application_error(code, message)
    else:
        error = status_error(status, {"error": code, "message": message}, retry_after)
    if not retry_safe and detail.get("outcome") == "unknown":
        return OutcomeUnknown(
            f"{operation}: the service cannot tell whether it was accepted ({error})",
            cause=error,
        )
    return error


def _seconds(value: str | None) -> float | None:
    return float(value) if value and value.strip().isdigit() else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
