"""The one error map (`smsmobile.transports.errors`): statuses, bodies and fault details -> the
shared exceptions, as REST, SOAP and the gateway all use it. Pure data in, exception out."""

from __future__ import annotations

import pytest

from smsmobile import (
    AuthenticationError,
    OutcomeUnknown,
    RateLimited,
    ServiceError,
)
from smsmobile.transports.errors import (
    application_error,
    fault_error,
    status_error,
    token_status_error,
)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_an_authentication_error(status: int) -> None:
    error = status_error(status, {"error": "401", "message": "bad key"}, None)

    assert isinstance(error, AuthenticationError) and error.http_status == status
    assert "bad key" in str(error)


def test_429_carries_retry_after_in_seconds_and_ignores_a_date() -> None:
    limited = status_error(429, None, "12")
    dated = status_error(429, None, "Wed, 21 Oct 2026 07:28:00 GMT")

    assert isinstance(limited, RateLimited) and limited.retry_after == 12
    assert isinstance(dated, RateLimited) and dated.retry_after is None


def test_another_status_is_a_service_error_with_the_body_code_or_the_status() -> None:
    coded = status_error(400, {"error": "17", "message": "no such device"}, None)
    bare = status_error(503, None, None)

    assert isinstance(coded, ServiceError) and (coded.code, coded.http_status) == ("17", 400)
    assert isinstance(bare, ServiceError) and (bare.code, bare.http_status) == ("503", 503)


def test_an_application_fault_is_the_error_rest_raises_inside_http_200() -> None:
    detail = {"code": "21", "message": "synchronisation required", "httpStatus": "200"}

    error = fault_error(detail, operation="GetMessages", fault_code="soap:Client")

    assert isinstance(error, ServiceError) and error.code == "21" and error.http_status is None
    assert str(error) == str(application_error("21", "synchronisation required"))


def test_a_fault_with_an_http_status_maps_as_that_status() -> None:
    limited = fault_error(
        {"code": "429", "message": "slow down", "httpStatus": "429", "retryAfter": "4"},
        operation="CheckNumber",
        fault_code="soap:Client",
    )
    failed = fault_error(
        {"code": "upstream", "message": "broken"},
        operation="CheckNumber",
        fault_code="soap:Server",
        http_status=502,
    )

    assert isinstance(limited, RateLimited) and limited.retry_after == 4
    assert isinstance(failed, ServiceError) and failed.http_status == 502


def test_an_unknown_outcome_is_said_only_for_a_call_not_safe_to_repeat() -> None:
    detail = {"code": "504", "message": "timed out", "httpStatus": "504", "outcome": "unknown"}

    send = fault_error(detail, operation="SendWhatsApp", fault_code="soap:Server", retry_safe=False)
    read = fault_error(detail, operation="Synchronize", fault_code="soap:Server")

    assert isinstance(send, OutcomeUnknown) and isinstance(send.cause, ServiceError)
    assert isinstance(read, ServiceError) and read.http_status == 504


def test_the_token_endpoint_refusals_follow_rfc_6749() -> None:
    refused = token_status_error(400, {"error": "invalid_client"}, None)
    bad_grant = token_status_error(400, {"error": "unsupported_grant_type"}, None)
    limited = token_status_error(429, None, "9")

    assert isinstance(refused, AuthenticationError) and refused.http_status == 400
    assert isinstance(bad_grant, ServiceError) and bad_grant.code == "unsupported_grant_type"
    assert isinstance(limited, RateLimited) and limited.retry_after == 9
