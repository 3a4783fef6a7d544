"""Property tests: the verifier and parser fail only with WebhookError, and sign/verify agree."""

from __future__ import annotations

import contextlib
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st
from webhook_support import NOW

from smsmobile.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidSignature,
    StaleDelivery,
    WebhookError,
    construct_event,
    parse_event,
    sign,
    verify,
)

secrets = st.one_of(st.text(min_size=1), st.binary(min_size=1))
header_names = st.one_of(
    st.sampled_from(
        [TIMESTAMP_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER.lower(), SIGNATURE_HEADER.upper()]
    ),
    st.text(max_size=30),
)
header_values = st.one_of(
    st.text(max_size=200),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.lists(
        st.one_of(
            st.from_regex(r"v1=[0-9a-f]{64}", fullmatch=True),
            st.text(alphabet="v1=0123456789abcdefABCDEF, \t", max_size=80),
        ),
        max_size=4,
    ).map(",".join),
)
headers = st.dictionaries(header_names, header_values, max_size=6)
timestamps = st.integers(min_value=0, max_value=10**12 - 1)


@settings(max_examples=400, deadline=None)
@given(body=st.binary(max_size=2048), headers=headers, secret=secrets)
@example(body=b"", headers={SIGNATURE_HEADER: "v1=" + "é" * 64, TIMESTAMP_HEADER: "1"}, secret="s")
@example(body=b"", headers={TIMESTAMP_HEADER: "\u0661", SIGNATURE_HEADER: "v1="}, secret="\ud800")
def test_verify_fails_only_with_webhook_errors(
    body: bytes, headers: dict[str, str], secret: str | bytes
) -> None:
    with contextlib.suppress(WebhookError):
        construct_event(body, headers, secret, now=NOW)


@settings(deadline=None)
@given(body=st.binary(max_size=4096), secret=secrets, timestamp=timestamps)
def test_a_signature_made_by_sign_always_verifies(
    body: bytes, secret: str | bytes, timestamp: int
) -> None:
    signature = sign(body, secret, timestamp)
    headers = {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature}
    verify(body, headers, secret, now=timestamp)
    try:
        verify(body, headers, secret, now=timestamp + 301)
    except StaleDelivery:
        pass
    else:
        raise AssertionError("a 301 s old delivery verified")


@settings(deadline=None)
@given(
    body=st.binary(min_size=1, max_size=512),
    secret=secrets,
    timestamp=timestamps,
    position=st.integers(min_value=0),
    flip=st.integers(min_value=1, max_value=255),
)
def test_any_changed_byte_breaks_the_signature(
    body: bytes, secret: str | bytes, timestamp: int, position: int, flip: int
) -> None:
    headers = {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(body, secret, timestamp)}
    changed = bytearray(body)
    changed[position % len(body)] ^= flip
    try:
        verify(bytes(changed), headers, secret, now=timestamp)
    except InvalidSignature:
        pass
    else:
        raise AssertionError("a changed body verified")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
envelope_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "type": st.sampled_from(
            ["whatsapp.received", "whatsapp.failed", "whatsapp.sent", "whatsapp.submitted",
             "whatsapp.voice.transcribed", "sms.received", "call.missed", "call.incoming",
             "sms.failed", "email.received", "other"]
        ) | json_values,
        "api_version": json_values,
        "created_at": json_values | st.datetimes().map(lambda d: d.isoformat()),
        "occurred_at": json_values | st.integers(),
        "data": st.dictionaries(
            st.sampled_from(["guid", "from", "message", "is_voice_message", "received_at",
                             "error", "recipient", "transcription", "duration_seconds",
                             "call_at", "alias", "device_id"]) | st.text(max_size=8),
            json_values,
        ),
    },
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(document=envelope_fields)
def test_parse_event_fails_only_with_malformed_event(document: dict[str, object]) -> None:
    with contextlib.suppress(WebhookError):
        parse_event(json.dumps(document).encode())


@settings(deadline=None)
@given(body=st.binary(max_size=1024))
def test_parse_event_on_random_bytes_fails_only_with_malformed_event(body: bytes) -> None:
    with contextlib.suppress(WebhookError):
        parse_event(body)
