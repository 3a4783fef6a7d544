"""The curl examples of the service's WhatsApp doc page, pointed at the sandbox with httpx."""

from __future__ import annotations

import re

import httpx

from smsmobile_sandbox.testing import RunningSandbox

HEX40 = re.compile(r"[0-9a-f]{40}")


def _send_result(body: dict[str, object]) -> dict[str, object]:
    result = body["result"]
    assert isinstance(result, dict)
    assert result["error"] == 0
    assert result["sent"] == "1"
    assert HEX40.fullmatch(str(result["id"]))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(result["datetime"]))
    assert result["send_with_whatsapp"] == "1"
    return result


def test_send_without_media(sandbox: RunningSandbox) -> None:
    reply = httpx.get(
        f"{sandbox.url}/sendsms",
        params={
            "apikey": sandbox.api_key,
            "waonly": "yes",
            "recipients": "191728660",
            "message": "Hello World",
        },
    )
    assert reply.status_code == 200
    result = _send_result(reply.json())
    [stored] = sandbox.control.messages()
    assert stored["guid"] == result["id"]
    assert stored["recipients"] == "191728660"
    assert stored["message"] == "Hello World"
    assert stored["channel"] == "whatsapp"
    assert stored["status"] == "sent"
    assert (stored["auth"], stored["via"], stored["attempts"]) == ("apikey", "rest", 1)


def test_send_with_media(sandbox: RunningSandbox) -> None:
    reply = httpx.get(
        f"{sandbox.url}/sendsms",
        params={
            "apikey": sandbox.api_key,
            "waonly": "yes",
            "recipients": "191728660",
            "message": "Hello World",
            "url_media": "https://smsmobileapi.com/logo.png",
        },
    )
    assert reply.status_code == 200
    _send_result(reply.json())
    assert sandbox.control.messages()[0]["url_media"] == "https://smsmobileapi.com/logo.png"


def test_resend_of_a_failed_message(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=["191728660"])
    sent = httpx.get(
        f"{sandbox.url}/sendsms",
        params={
            "apikey": sandbox.api_key,
            "waonly": "yes",
            "recipients": "191728660",
            "message": "x",
        },
    ).json()["result"]
    assert sandbox.control.messages()[0]["status"] == "error"
    reply = httpx.get(
        f"{sandbox.url}/resendwa/", params={"apikey": sandbox.api_key, "guid": sent["id"]}
    )
    assert reply.status_code == 200
    result = reply.json()["result"]
    assert (result["error"], result["id"], result["note"]) == (0, sent["id"], "resent")
    [stored] = sandbox.control.messages()
    assert (stored["status"], stored["attempts"]) == ("sent", 2)


def test_synchronisation_reply_is_the_doc_example_shape(sandbox: RunningSandbox) -> None:
    httpx.get(f"{sandbox.url}/getwa/active/", params={"apikey": sandbox.api_key, "statut": "1"})
    reply = httpx.get(f"{sandbox.url}/getwa/synchronisation/", params={"apikey": sandbox.api_key})
    body = reply.json()
    assert reply.status_code == 200
    assert set(body) == {"error", "messages", "expire_at ", "expire_at_unix"}
    assert body["error"] == "0" and body["messages"] == "synchronized"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", body["expire_at "])
    assert body["expire_at_unix"].isdigit()


def test_getwa_returns_the_doc_example_message(sandbox: RunningSandbox) -> None:
    sandbox.control.inject_inbound(
        number="19176728660",
        contact="Smsmobileapi",
        message="Can you tell me when I will receive my order?",
        timestamp=1741692420,
        guid="652fcfc0-12a8-46f5-b5ba-9391135b8b4c",
        more={"auto_reply": "1", "transfert_to_email": "1", "chatgpt_reply": "1"},
        chatgpt={
            "prompt_tokens": "900",
            "completion_tokens": "10",
            "total_tokens": "910",
            "total_tokens_cost": "0.182",
            "response": "Your order #576 will be shipped tomorrow.",
        },
    )
    key = {"apikey": sandbox.api_key}
    httpx.get(f"{sandbox.url}/getwa/active/", params={**key, "statut": "1"})
    httpx.get(f"{sandbox.url}/getwa/synchronisation/", params=key)
    reply = httpx.get(f"{sandbox.url}/getwa/", params=key)
    assert reply.status_code == 200
    assert reply.json() == [
        {
            "date": "2025-03-11",
            "hour": "11:27:00",
            "timestamp": "1741692420",
            "number": "19176728660",
            "contact": "Smsmobileapi",
            "message": "Can you tell me when I will receive my order?",
            "guid": "652fcfc0-12a8-46f5-b5ba-9391135b8b4c",
            "more": {"auto_reply": "1", "transfert_to_email": "1", "chatgpt_reply": "1"},
            "chatgpt": {
                "prompt_tokens": "900",
                "completion_tokens": "10",
                "total_tokens": "910",
                "total_tokens_cost": "0.182",
                "response": "Your order #576 will be shipped tomorrow.",
            },
        }
    ]


def test_oauth2_token_then_bearer_post_as_in_the_doc(sandbox: RunningSandbox) -> None:
    token_reply = httpx.post(
        f"{sandbox.url}/oauth2/token",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    assert token_reply.status_code == 200
    token = token_reply.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", token["access_token"])

    reply = httpx.post(
        f"{sandbox.url}/sendsms?waonly=yes",
        headers={"Authorization": f"Bearer {token['access_token']}"},
        data={"recipients": "+1234567890", "message": "Hello"},
    )
    assert reply.status_code == 200
    _send_result(reply.json())
    [stored] = sandbox.control.messages()
    assert (stored["recipients"], stored["channel"], stored["auth"]) == (
        "1234567890",
        "whatsapp",
        "oauth2",
    )


def test_the_key_and_the_token_reach_the_same_account(sandbox: RunningSandbox) -> None:
    token = httpx.post(
        f"{sandbox.url}/oauth2/token",
        auth=(sandbox.client_id, sandbox.client_secret),
        data={"grant_type": "client_credentials"},
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    key = {"apikey": sandbox.api_key}
    httpx.get(f"{sandbox.url}/getwa/active/", params={**key, "statut": "1"})
    assert httpx.get(f"{sandbox.url}/getwa/active/", headers=bearer).json()["statut"] == "0"
    assert sandbox.control.stats()["token_requests"] == 1
