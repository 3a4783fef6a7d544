"""Resend replies whose shape is not published: the GUID we sent is the answer (issue 12.3)."""

from __future__ import annotations

import pytest
from adapter_support import MakeClient

from smsmobile import SentMessage
from smsmobile_sandbox.testing import RunningSandbox

FAILING = "33600000001"


@pytest.mark.parametrize("shape", ["echo", "bare"])
def test_a_resend_success_without_the_id_is_about_the_guid_we_sent(
    sandbox: RunningSandbox, make_client: MakeClient, auth_kind: str, shape: str
) -> None:
    sandbox.control.faults(error_recipients=[FAILING], resend_reply=shape)
    wa = make_client(auth_kind)
    sent = wa.send(FAILING, "hello")

    resent = wa.resend(sent.guid)

    assert isinstance(resent, SentMessage)
    assert resent.guid == sent.guid and resent.accepted
    (stored,) = sandbox.control.messages()
    assert (stored["status"], stored["attempts"]) == ("sent", 2)  # sent once more, not twice


def test_the_bare_resend_reply_carries_no_id(sandbox: RunningSandbox) -> None:
    """The sandbox really answers without `result.id` in the bare shape (what the test above
    relies on), over HTTP."""
    import httpx

    sandbox.control.faults(error_recipients=[FAILING], resend_reply="bare")
    key = {"apikey": sandbox.api_key}
    guid = httpx.post(
        f"{sandbox.url}/sendsms/", data={**key, "recipients": FAILING, "message": "x"}
    ).json()["result"]["id"]

    reply = httpx.post(f"{sandbox.url}/resendwa/", data={**key, "guid": guid}).json()

    assert reply == {"result": {"error": 0, "note": "resent"}}
