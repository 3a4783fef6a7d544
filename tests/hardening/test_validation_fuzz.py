"""Every validator of `smsmobile._validation`, fuzzed: no exception but `InvalidRequest`, and
whatever passed comes out unchanged when validated again (normalisation is idempotent)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smsmobile import InvalidRequest
from smsmobile._validation import (
    MEDIA_EXTENSIONS,
    normalise_number,
    validate_before,
    validate_date,
    validate_guid,
    validate_limit,
    validate_media_url,
    validate_message,
    validate_message_type,
    validate_send,
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Naive datetimes are local time; before year 2 the conversion to a timestamp overflows in
# `datetime.timestamp()` itself (see test_extreme_naive_datetimes_are_invalid_requests).
_SAFE_DATETIMES = st.datetimes(min_value=dt.datetime(2, 1, 1)) | st.datetimes(
    timezones=st.just(dt.UTC)
)
_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(),
    st.binary(max_size=20),
    st.dates(),
    _SAFE_DATETIMES,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_PHONE_TEXT = st.text(alphabet="0123456789 +-.()[]\t\n0", max_size=25)
_URLISH = st.builds(
    lambda scheme, host, path, ext, tail: f"{scheme}{host}/{path}.{ext}{tail}",
    st.sampled_from(["https://", "HTTPS://", "http://", "ftp://", "https:/", "", " https://"]),
    st.text(alphabet="abcxyz.-:[]@0123456789%", max_size=20),
    st.text(max_size=15),
    st.sampled_from([*sorted(MEDIA_EXTENSIONS), "PDF", "exe", "", "pdf?x=1"]),
    st.sampled_from(["", "?a=b.exe", "#frag", " ", "\n"]),
)


def _outcome(check: Callable[[Any], Any], value: object) -> Any:
    """The validated value, or the `InvalidRequest` class; any other exception fails the test."""
    try:
        return check(value)
    except InvalidRequest as error:
        assert error.field and error.rule
        return InvalidRequest


def _idempotent(check: Callable[[Any], Any], value: object) -> None:
    first = _outcome(check, value)
    if first is not InvalidRequest:
        assert check(first) == first


@FUZZ
@given(st.one_of(_ANYTHING, _PHONE_TEXT))
@example("+32 (470) 12-34.56")
@example("0032470123456")
@example("00+32470123456")
@example("+0032470123456")
def test_normalise_number(value: object) -> None:
    _idempotent(normalise_number, value)


@FUZZ
@given(st.one_of(_ANYTHING, st.text(min_size=4090, max_size=4100)))
def test_validate_message(value: object) -> None:
    _idempotent(validate_message, value)


@FUZZ
@given(st.one_of(_ANYTHING, _URLISH))
@example("https://[::1/a.pdf")
@example("https://exa\u2100mple.com/a.pdf")
@example("https://example.com:99999/a.pdf")
def test_validate_media_url(value: object) -> None:
    _idempotent(validate_media_url, value)


@FUZZ
@given(
    st.one_of(
        _ANYTHING,
        st.text(alphabet="0123456789abcdefABCDEF- \n", min_size=30, max_size=45),
        st.uuids().map(str),
    )
)
def test_validate_guid(value: object) -> None:
    _idempotent(validate_guid, value)


@FUZZ
@given(st.one_of(_ANYTHING, st.dates().map(str), st.text(alphabet="0123456789- ", max_size=12)))
@example("2024-02-30")
@example(" 2024-02-29 ")
def test_validate_date(value: object) -> None:
    _idempotent(validate_date, value)


@FUZZ
@given(st.one_of(_ANYTHING, st.sampled_from(["text", "audio", "TEXT", "video", ""])))
def test_validate_message_type(value: object) -> None:
    _idempotent(validate_message_type, value)


@FUZZ
@given(_ANYTHING)
def test_validate_before(value: object) -> None:
    _idempotent(validate_before, value)


@FUZZ
@given(_ANYTHING)
def test_validate_limit(value: object) -> None:
    _idempotent(validate_limit, value)


@FUZZ
@given(
    to=st.one_of(_PHONE_TEXT, _ANYTHING),
    message=st.one_of(st.text(max_size=30), _ANYTHING),
    media_url=st.one_of(st.none(), _URLISH, _ANYTHING),
    pdf_preview=st.one_of(st.booleans(), _ANYTHING),
    short_url=st.one_of(st.booleans(), _ANYTHING),
    also_sms=st.one_of(st.booleans(), _ANYTHING),
    schedule_at=st.one_of(st.none(), st.integers(), _SAFE_DATETIMES),
    device_sid=st.one_of(st.none(), st.text(max_size=10), _ANYTHING),
    sim_port=st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, True, 1.0, "1"]), _ANYTHING),
)
def test_validate_send(**fields: Any) -> None:
    request = _outcome(lambda kwargs: validate_send(**kwargs), fields)
    if request is InvalidRequest:
        return
    again = validate_send(
        to=request.recipient,
        message=request.message,
        media_url=request.media_url,
        pdf_preview=request.pdf_preview,
        short_url=request.short_url,
        also_sms=request.also_sms,
        schedule_at=request.schedule_at,
        device_sid=request.device_sid,
        sim_port=request.sim_port,
    )
    assert again == request
    if request.schedule_at is not None:
        assert request.schedule_at > time.time() - 60


@pytest.mark.parametrize("check", ["before", "schedule_at"])
def test_extreme_naive_datetimes_are_invalid_requests(check: str) -> None:
    with pytest.raises(InvalidRequest):
        if check == "before":
            validate_before(dt.datetime.min)
        else:
            validate_send(to="32470123456", message="hi", schedule_at=dt.datetime.min)


# Every character a request cannot carry: the C0 controls, lone surrogates, U+FFFE, U+FFFF.
_UNSENDABLE_CHARS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.integers(min_value=0xD800, max_value=0xDFFF).map(chr),
    st.sampled_from(["\ufffe", "\uffff"]),
)


@FUZZ
@given(
    field=st.sampled_from(["message", "media_url", "device_sid"]),
    bad=_UNSENDABLE_CHARS,
    before=st.text(alphabet="abc", max_size=5),
)
def test_an_unsendable_character_in_any_string_field_is_an_invalid_request(
    field: str, bad: str, before: str
) -> None:
    fields: dict[str, Any] = {
        "to": "32470123456",
        "message": "hello",
        "media_url": "https://example.com/a.png",
        "device_sid": "sid",
    }
    fields[field] = {
        "message": f"x{before}{bad}y",
        "media_url": f"https://example.com/{before}{bad}y.png",
        "device_sid": f"s{before}{bad}y",
    }[field]
    if field == "message" and bad in "\t\n\r":
        assert validate_send(**fields).message == fields["message"]
        return
    with pytest.raises(InvalidRequest) as refused:
        validate_send(**fields)
    assert refused.value.field == field


@FUZZ
@given(st.integers(min_value=253_402_300_800))
def test_a_schedule_past_year_9999_is_an_invalid_request(value: int) -> None:
    with pytest.raises(InvalidRequest) as refused:
        validate_send(to="32470123456", message="hi", schedule_at=value)
    assert refused.value.field == "schedule_at"
