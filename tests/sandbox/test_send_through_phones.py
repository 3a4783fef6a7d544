"""A send names the phone that takes it (`sIdentifiant`, issue 20 item 4): the sandbox records
it, shows it in the inspector, and refuses a send through a disconnected phone ("30") over REST
and SOAP, the way the service refuses a job its phone cannot take."""

from __future__ import annotations

from typing import Literal

import httpx
import pytest

from smsmobile import ApiKey, ServiceError, WhatsApp
from smsmobile_sandbox.testing import run_sandbox

from .test_inspector import page


def test_a_send_records_the_phone_it_named_and_the_inspector_shows_it() -> None:
    with run_sandbox(phones=2) as sandbox:
        with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
            wa.send("32470000001", "hello", device_sid="sandbox-sid-2")
        [stored] = sandbox.control.messages()
        assert (stored["sIdentifiant"], stored["device_sid"]) == ("sandbox-sid-2", "sandbox-sid-2")
        assert "phone sandbox-sid-2" in page(sandbox)


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_a_send_through_a_disconnected_phone_is_refused(transport: Literal["rest", "soap"]) -> None:
    with run_sandbox(phones=2) as sandbox:
        sandbox.control.set_phone("sandbox-sid-2", status="disconnected")
        with WhatsApp(
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport
        ) as wa:
            with pytest.raises(ServiceError) as refused:
                wa.send("32470000001", "hello", device_sid="sandbox-sid-2")
            assert refused.value.code == "30"
            assert "sandbox-sid-2 is disconnected" in str(refused.value)
            wa.send("32470000001", "hello", device_sid="sandbox-sid-1")  # the other one sends
        assert [m["device_sid"] for m in sandbox.control.messages()] == ["sandbox-sid-1"]


def test_the_rest_reply_of_a_refused_send_carries_the_code_in_its_result() -> None:
    with run_sandbox(phones=2) as sandbox:
        sandbox.control.set_phone("sandbox-sid-1", status="disconnected")
        reply = httpx.post(
            f"{sandbox.url}/sendsms/",
            data={
                "apikey": sandbox.api_key,
                "recipients": "32470000001",
                "message": "hi",
                "sIdentifiant": "sandbox-sid-1",
            },
        )
        assert reply.status_code == 200
        assert reply.json()["result"]["error"] == "30"
        sandbox.control.set_phone("sandbox-sid-1", status="connected")  # back: it sends again
        again = httpx.post(
            f"{sandbox.url}/sendsms/",
            data={
                "apikey": sandbox.api_key,
                "recipients": "32470000001",
                "message": "hi",
                "sIdentifiant": "sandbox-sid-1",
            },
        )
        assert again.json()["result"]["error"] == 0
