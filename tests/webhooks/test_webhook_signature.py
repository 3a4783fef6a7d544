"""Verifying a delivery: the signature scheme, the headers, the time window."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from webhook_support import NOW, SECRET, encode, envelope

from smsmobile._errors import InvalidRequest, SmsMobileError
from smsmobile.webhooks import (
    InvalidSignature,
    StaleDelivery,
    WebhookError,
    WhatsAppReceived,
    construct_event,
    sign,
    signed_headers,
    verify,
)

BODY = encode(envelope())


def headers_for(
    body: bytes = BODY, *, timestamp: int = NOW, secret: str = SECRET
) -> dict[str, str]:
    return signed_headers(body, secret, timestamp=timestamp)


def test_signature_is_hex_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET, NOW) == f"v1={expected}"
    assert sign(BODY, SECRET.encode(), NOW) == f"v1={expected}"


def test_good_delivery_verifies_and_parses() -> None:
    verify(BODY, headers_for(), SECRET, now=NOW)
    event = construct_event(BODY, headers_for(), SECRET, now=NOW + 10)
    assert isinstance(event.payload, WhatsAppReceived)
    assert event.payload.message == "Hello from the phone"


def test_signed_headers_carry_the_event_type_and_id() -> None:
    document = envelope()
    headers = signed_headers(encode(document), SECRET, timestamp=NOW)
    assert headers == {
        "X-SMSMobileAPI-Timestamp": str(NOW),
        "X-SMSMobileAPI-Signature": sign(encode(document), SECRET, NOW),
        "X-SMSMobileAPI-Event": "whatsapp.received",
        "X-SMSMobileAPI-Event-ID": document["id"],
        "Idempotency-Key": document["id"],
    }


def test_header_names_are_case_insensitive() -> None:
    lowered = {name.lower(): value for name, value in headers_for().items()}
    verify(BODY, lowered, SECRET, now=NOW)
    shouted = {name.upper(): value for name, value in headers_for().items()}
    verify(BODY, shouted, SECRET, now=NOW)


@pytest.mark.parametrize("separator", [",", ", ", " ", " ,  "])
def test_any_of_several_signatures_may_match_during_secret_rotation(separator: str) -> None:
    old = sign(BODY, "whsec_old_secret", NOW)
    new = sign(BODY, SECRET, NOW)
    for pair in ([old, new], [new, old]):
        headers = {**headers_for(), "X-SMSMobileAPI-Signature": separator.join(pair)}
        verify(BODY, headers, SECRET, now=NOW)


def test_unknown_schemes_beside_v1_are_ignored() -> None:
    headers = {**headers_for(), "X-SMSMobileAPI-Signature": f"v0=abc, {sign(BODY, SECRET, NOW)}"}
    verify(BODY, headers, SECRET, now=NOW)


def test_tampered_body_is_refused() -> None:
    tampered = BODY.replace(b"Hello", b"Jello")
    with pytest.raises(InvalidSignature, match="no signature matches"):
        verify(tampered, headers_for(), SECRET, now=NOW)


def test_tampered_signature_is_refused() -> None:
    signature = sign(BODY, SECRET, NOW)
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    with pytest.raises(InvalidSignature):
        verify(BODY, {**headers_for(), "X-SMSMobileAPI-Signature": flipped}, SECRET, now=NOW)


def test_signature_for_another_timestamp_is_refused() -> None:
    headers = {**headers_for(), "X-SMSMobileAPI-Timestamp": str(NOW + 1)}
    with pytest.raises(InvalidSignature):
        verify(BODY, headers, SECRET, now=NOW)


def test_wrong_secret_is_refused() -> None:
    with pytest.raises(InvalidSignature):
        verify(BODY, headers_for(secret="whsec_someone_else"), SECRET, now=NOW)


@pytest.mark.parametrize("missing", ["X-SMSMobileAPI-Timestamp", "X-SMSMobileAPI-Signature"])
def test_missing_headers_are_refused(missing: str) -> None:
    headers = {name: value for name, value in headers_for().items() if name != missing}
    with pytest.raises(InvalidSignature, match=missing):
        verify(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-SMSMobileAPI-Timestamp", "yesterday"),
        ("X-SMSMobileAPI-Timestamp", "1.7e9"),
        ("X-SMSMobileAPI-Timestamp", "١٧٦٠٠٠٠٠٠٠"),  # Arabic-Indic digits are not unix seconds
        ("X-SMSMobileAPI-Signature", ""),
        ("X-SMSMobileAPI-Signature", "deadbeef"),
        ("X-SMSMobileAPI-Signature", "v1="),
        ("X-SMSMobileAPI-Signature", "v1=" + "g" * 64),
        ("X-SMSMobileAPI-Signature", "v1=" + "é" * 64),
        ("X-SMSMobileAPI-Signature", "v2=" + "a" * 64),
    ],
)
def test_malformed_headers_are_refused(name: str, value: str) -> None:
    with pytest.raises(InvalidSignature):
        verify(BODY, {**headers_for(), name: value}, SECRET, now=NOW)


@pytest.mark.parametrize("offset", [301, -301, 86_400, -86_400])
def test_timestamp_outside_tolerance_is_stale(offset: int) -> None:
    with pytest.raises(StaleDelivery) as caught:
        verify(BODY, headers_for(timestamp=NOW - offset), SECRET, now=NOW)
    assert caught.value.skew == offset
    assert ("in the future" in str(caught.value)) == (offset < 0)


@pytest.mark.parametrize("offset", [0, 300, -300, 299.5])
def test_timestamp_inside_tolerance_is_fresh(offset: float) -> None:
    verify(BODY, headers_for(), SECRET, now=NOW + offset)


def test_tolerance_is_configurable() -> None:
    verify(BODY, headers_for(), SECRET, now=NOW + 3_000, tolerance=3_600)
    with pytest.raises(StaleDelivery):
        verify(BODY, headers_for(), SECRET, now=NOW + 6, tolerance=5)


def test_bad_signature_wins_over_staleness() -> None:
    """Staleness is only reported for a delivery that is otherwise authentic."""
    with pytest.raises(InvalidSignature):
        verify(BODY, headers_for(timestamp=NOW - 9_999, secret="whsec_x"), SECRET, now=NOW)


def test_default_clock_is_now() -> None:
    verify(BODY, signed_headers(BODY, SECRET), SECRET)
    with pytest.raises(StaleDelivery):
        verify(BODY, headers_for(timestamp=NOW - 10 * 365 * 86_400), SECRET)


def test_errors_form_one_tree_and_never_show_the_secret_or_expected_signature() -> None:
    assert issubclass(WebhookError, SmsMobileError)
    assert issubclass(InvalidSignature, WebhookError)
    assert issubclass(StaleDelivery, WebhookError)
    expected = sign(BODY, SECRET, NOW)
    failures: list[WebhookError] = []
    for headers, now in [
        (headers_for(secret="whsec_other"), NOW),
        (headers_for(), NOW + 10_000),
        ({}, NOW),
    ]:
        with pytest.raises(WebhookError) as caught:
            verify(BODY, headers, SECRET, now=now)
        failures.append(caught.value)
    for failure in failures:
        shown = f"{failure!s} {failure!r} {vars(failure)}"
        assert SECRET not in shown
        assert expected[3:] not in shown


@pytest.mark.parametrize("secret", ["", b""])
def test_an_empty_secret_is_a_configuration_error(secret: str | bytes) -> None:
    with pytest.raises(InvalidRequest, match="secret"):
        verify(BODY, headers_for(), secret, now=NOW)


def test_a_negative_tolerance_is_a_configuration_error() -> None:
    with pytest.raises(InvalidRequest, match="tolerance"):
        verify(BODY, headers_for(), SECRET, now=NOW, tolerance=-1)
