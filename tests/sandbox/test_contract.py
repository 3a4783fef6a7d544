"""Property-based: schemathesis drives the sandbox from spec/openapi.yaml and checks every reply."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from smsmobile_sandbox.testing import RunningSandbox

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_path(SPEC)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE], max_examples=8, deterministic=True, database="none"
)


@pytest.fixture
def account(sandbox: RunningSandbox) -> RunningSandbox:
    """An account with retrieval on, an open window and inbound messages, so /getwa/ has data.

    Shared by the examples of one operation on purpose: the state only grows.
    """
    sandbox.control.inject_inbound(number="19176728660", message="hello", contact="Ann")
    sandbox.control.inject_inbound(
        number="3212345678",
        message="a voice note",
        message_type="audio",
        chatgpt={"prompt_tokens": "1", "response": "ok"},
    )
    sandbox.control.faults(error_recipients=["123456"])
    key = {"apikey": sandbox.api_key}
    # issue 22: records in every list of the account, so their item schemas are checked too
    sandbox.control.receive_sms(number="+32470123456", message="STOP", alias="Ada")
    sandbox.control.receive_sms(number="+32470123457", message="yes")
    sandbox.control.send_sms_from_phone(number="+32470123456", message="by hand")
    for kind in ("missed", "incoming", "outgoing"):
        sandbox.control.record_call(kind=kind, number="+32470123456", name="Ada")
    sandbox.control.record_call(kind="incoming", number="+32470123458", duration_sec=9)
    sandbox.control.deliver_email(**{"from": "ada@example.org", "subject": "Hi", "mbox": "INBOX"})
    httpx.post(
        f"{sandbox.url}/notification/send",
        data={**key, "sid": "sandbox-sid-1", "message": "hello"},
    ).raise_for_status()
    httpx.post(f"{sandbox.url}/sendsms/", data={**key, "recipients": "32470123456", "message": "x"})
    httpx.get(f"{sandbox.url}/getwa/active/", params={**key, "statut": "1"}).raise_for_status()
    httpx.get(f"{sandbox.url}/getwa/synchronisation/", params=key).raise_for_status()
    return sandbox


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_reply_conforms_to_the_spec(case: schemathesis.Case, account: RunningSandbox) -> None:
    if case.operation.path != "/oauth2/token":
        if isinstance(case.body, dict):
            case.body["apikey"] = account.api_key
        else:
            case.query = {**(case.query or {}), "apikey": account.api_key}
    case.call_and_validate(base_url=account.url, checks=CHECKS)
