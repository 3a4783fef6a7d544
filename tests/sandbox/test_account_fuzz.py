"""No input makes the account's new routes (issue 22) or their controls answer 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smsmobile_sandbox._account_rest import ACCOUNT_ROUTES
from smsmobile_sandbox.testing import RunningSandbox

FIELDS = [
    "after_timestamp_unix", "sIdentifiantPhone", "onlyunread", "guid_message", "keyword",
    "error_api", "error_mobile", "sid", "search", "offset", "limit", "date_start", "date_end",
    "q", "sort_dir", "message", "title", "type", "sidentifiant", "distribued", "apikeybox",
    "sender_name", "sender_email", "recipient_email", "mail_subject", "mail_body",
    "allow_self_signed", "unsubscribe", "attachmentBase64", "attachmentBase64_name_1", "mbox",
    "start",
]  # fmt: skip
values = (
    st.text(max_size=12)
    | st.integers(-(10**20), 10**20).map(str)
    | st.sampled_from(
        ["", "yes", "0", "1", "2026-02-30", "sandbox-sid-1", "a@b.cc", "INBOX", "desc", "===="]
    )
)
json_values = st.none() | st.booleans() | st.integers(-(10**25), 10**25) | st.text(max_size=8)
CONTROLS = ["sms", "sms/from-phone", "calls", "mailbox", "phones"]
KEYS = ["number", "message", "sid", "alias", "timestamp", "guid", "kind", "name",
        "duration_sec", "from", "to", "subject", "body", "mbox", "status"]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(sorted(ACCOUNT_ROUTES)),
    fields=st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
)
def test_no_request_to_a_new_route_is_a_server_error(
    sandbox: RunningSandbox, route: str, fields: dict[str, str]
) -> None:
    params = {"apikey": sandbox.api_key, **fields}
    if ACCOUNT_ROUTES[route] == ("GET",):
        reply = httpx.get(f"{sandbox.url}{route}", params=params)
    else:
        reply = httpx.post(f"{sandbox.url}{route}", data=params)
    assert reply.status_code in (200, 400), reply.text
    reply.json()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    control=st.sampled_from(CONTROLS),
    payload=st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6),
)
def test_no_control_request_is_a_server_error(
    sandbox: RunningSandbox, control: str, payload: dict[str, Any]
) -> None:
    reply = httpx.post(f"{sandbox.url}/_sandbox/{control}", content=json.dumps(payload))
    assert reply.status_code in (200, 201, 400), reply.text
