"""Injected faults and settings do what they say: before/after, counts, Retry-After, drop, ..."""

from __future__ import annotations

import time

import httpx
import pytest
from lxml import etree

from smsmobile_sandbox.testing import RunningSandbox


def send(
    sandbox: RunningSandbox, client: httpx.Client | None = None, **extra: str
) -> httpx.Response:
    data = {"apikey": sandbox.api_key, "recipients": "191728660", "message": "hi", **extra}
    if client is not None:
        return client.post(f"{sandbox.url}/sendsms/", data=data)
    return httpx.post(f"{sandbox.url}/sendsms/", data=data)


def token(sandbox: RunningSandbox) -> str:
    reply = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    assert reply.status_code == 200
    value: str = reply.json()["access_token"]
    return value


def test_status_before_does_not_process(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "retry_after": 2}])
    reply = send(sandbox)
    assert reply.status_code == 503
    assert reply.headers["retry-after"] == "2"
    assert reply.json() == {"error": 503, "message": "injected fault"}
    assert sandbox.control.messages() == []
    assert send(sandbox).status_code == 200  # count 1 consumed
    assert len(sandbox.control.messages()) == 1


def test_status_after_processes_then_replaces_the_reply(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 500, "when": "after"}])
    reply = send(sandbox)
    assert reply.status_code == 500
    assert "retry-after" not in reply.headers
    assert len(sandbox.control.messages()) == 1


def test_count_and_match(sandbox: RunningSandbox) -> None:
    settings = sandbox.control.faults(
        rules=[{"match": "/sendsms/", "action": "status", "status": 429, "count": 2}]
    )
    assert settings["rules"][0]["count"] == 2
    check = httpx.get(
        f"{sandbox.url}/whatsapp/checknumber",
        params={"apikey": sandbox.api_key, "recipients": "123456"},
    )
    assert check.status_code == 200  # another path: the rule is not consumed
    assert [send(sandbox).status_code for _ in range(3)] == [429, 429, 200]
    assert sandbox.control.faults()["rules"] == []


def test_control_paths_are_never_faulted(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503}])
    assert sandbox.control.messages() == []
    assert sandbox.control.stats()["requests"] == {}
    assert send(sandbox).status_code == 503


def test_latency_before(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "latency", "seconds": 0.4}])
    started = time.monotonic()
    assert send(sandbox).status_code == 200
    assert time.monotonic() - started >= 0.4


def test_latency_after_loses_the_reply_of_a_processed_send(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "latency", "seconds": 0.6, "when": "after"}])
    with (
        httpx.Client(timeout=httpx.Timeout(5.0, read=0.2)) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        send(sandbox, client)
    assert len(sandbox.control.messages()) == 1


@pytest.mark.parametrize(("when", "stored"), [("before", 0), ("after", 1)])
def test_drop_closes_the_connection_without_a_reply(
    sandbox: RunningSandbox, when: str, stored: int
) -> None:
    with httpx.Client() as client:
        assert send(sandbox, client).status_code == 200  # a kept-alive connection first
        sandbox.control.faults(rules=[{"action": "drop", "when": when}])
        with pytest.raises(httpx.RemoteProtocolError):
            send(sandbox, client)
        assert send(sandbox, client).status_code == 200  # the client reconnects
    assert len(sandbox.control.messages()) == 2 + stored


def test_drop_on_the_token_endpoint(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"match": "/oauth2/", "action": "drop"}])
    with pytest.raises(httpx.RemoteProtocolError):
        token(sandbox)
    token(sandbox)


def test_malformed_json(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rules=[{"action": "malformed"}])
    reply = send(sandbox)
    assert reply.status_code == 200
    with pytest.raises(ValueError):
        reply.json()


def test_soap_faults_and_malformed_xml(sandbox: RunningSandbox) -> None:
    body = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:tns="urn:smsmobile:whatsapp:v1"><soap:Body><tns:SynchronizeRequest>'
        b"<tns:apikey>sandbox-key</tns:apikey></tns:SynchronizeRequest></soap:Body></soap:Envelope>"
    )
    sandbox.control.faults(
        rules=[
            {"match": "/soap", "action": "status", "status": 429, "retry_after": 7},
            {"match": "/soap", "action": "malformed"},
        ]
    )
    limited = httpx.post(f"{sandbox.url}/soap", content=body)
    # A SOAP fault is HTTP 500 (WS-I BP 1.1 R1126); the REST status is in the detail.
    assert limited.status_code == 500 and limited.headers["retry-after"] == "7"
    assert b"<tns:code>429</tns:code>" in limited.content
    assert b"<tns:httpStatus>429</tns:httpStatus>" in limited.content
    garbled = httpx.post(f"{sandbox.url}/soap", content=body)
    assert garbled.status_code == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(garbled.content)
    assert httpx.get(f"{sandbox.url}/soap?wsdl").status_code == 200


def test_invalid_rules_are_refused(sandbox: RunningSandbox) -> None:
    for bad in ({"action": "explode"}, {"action": "status", "count": 0}, {"when": "later"}):
        reply = httpx.post(f"{sandbox.url}/_sandbox/faults", json={"rules": [bad]})
        assert reply.status_code == 400
    assert httpx.post(f"{sandbox.url}/_sandbox/faults", json={"nope": 1}).status_code == 400


def test_token_lifetime(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(token_lifetime=1)
    reply = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    assert reply.json()["expires_in"] == 1
    bearer = {"Authorization": f"Bearer {reply.json()['access_token']}"}
    assert httpx.get(f"{sandbox.url}/getwa/synchronisation/", headers=bearer).status_code == 200
    time.sleep(1.1)
    expired = httpx.get(f"{sandbox.url}/getwa/synchronisation/", headers=bearer)
    assert expired.status_code == 401
    assert expired.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert expired.json()["error"] == 401


def test_revocation(sandbox: RunningSandbox) -> None:
    bearer = {"Authorization": f"Bearer {token(sandbox)}"}
    assert httpx.get(f"{sandbox.url}/getwa/active/", headers=bearer).status_code == 200
    sandbox.control.revoke_tokens()
    revoked = httpx.get(f"{sandbox.url}/getwa/active/", headers=bearer)
    assert revoked.status_code == 401
    assert revoked.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    fresh = {"Authorization": f"Bearer {token(sandbox)}"}
    assert httpx.get(f"{sandbox.url}/getwa/active/", headers=fresh).status_code == 200
    assert sandbox.control.stats()["token_requests"] == 2


def test_rate_limit_per_credential(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rate_limit={"requests": 2, "per_seconds": 30})
    assert [send(sandbox).status_code for _ in range(2)] == [200, 200]
    limited = send(sandbox)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 30
    assert limited.json()["error"] == 429
    bearer = {"Authorization": f"Bearer {token(sandbox)}"}
    other = httpx.get(f"{sandbox.url}/getwa/active/", headers=bearer)
    assert other.status_code == 200  # a token is another credential
    sandbox.control.faults(rate_limit=None)
    assert send(sandbox).status_code == 200


def test_rate_limit_window_slides(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(rate_limit={"requests": 1, "per_seconds": 2})
    assert send(sandbox).status_code == 200
    assert send(sandbox).status_code == 429  # within 2 s of the first, however busy
    time.sleep(2.1)  # the clock, not another process: the window has slid past the first
    assert send(sandbox).status_code == 200


def test_error_recipients_and_resend(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(error_recipients=["+32470000000"])
    failing = send(sandbox, recipients="32470000000").json()["result"]
    fine = send(sandbox).json()["result"]
    assert failing["error"] == 0 and failing["sent"] == "1"  # accepted; fails asynchronously
    assert [m["status"] for m in sandbox.control.messages()] == ["error", "sent"]

    def resend(guid: str) -> dict[str, object]:
        reply = httpx.post(
            f"{sandbox.url}/resendwa/", data={"apikey": sandbox.api_key, "guid": guid}
        )
        assert reply.status_code == 200
        result: dict[str, object] = reply.json()["result"]
        return result

    assert resend("0" * 40) == {"error": "10", "note": "unknown guid"}
    assert resend(fine["id"])["error"] == "11"
    assert resend(failing["id"])["error"] == 0
    assert resend(failing["id"])["error"] == "11"  # sent now
    assert sandbox.control.messages()[0]["attempts"] == 2


def _retrieve(sandbox: RunningSandbox, **params: str) -> httpx.Response:
    return httpx.get(f"{sandbox.url}/getwa/", params={"apikey": sandbox.api_key, **params})


def _open(sandbox: RunningSandbox) -> None:
    key = {"apikey": sandbox.api_key}
    httpx.get(f"{sandbox.url}/getwa/active/", params={**key, "statut": "1"})
    httpx.get(f"{sandbox.url}/getwa/synchronisation/", params=key)


def test_retrieval_needs_activation_and_a_window(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(sync_window=2)  # long enough for the next two requests when busy
    assert _retrieve(sandbox).json()["error"] == "20"
    toggled = httpx.get(f"{sandbox.url}/getwa/active/", params={"apikey": sandbox.api_key})
    assert toggled.json() == {"error": "0", "statut": "1", "message": "retrieval enabled"}
    assert _retrieve(sandbox).json()["error"] == "21"
    httpx.get(f"{sandbox.url}/getwa/synchronisation/", params={"apikey": sandbox.api_key})
    assert _retrieve(sandbox).json() == []
    time.sleep(2.1)
    assert _retrieve(sandbox).json()["error"] == "21"


def test_filters_paging_and_order(sandbox: RunningSandbox) -> None:
    for stamp, kind in ((1741692420, "text"), (1741778820, "audio"), (1741865220, "text")):
        sandbox.control.inject_inbound(
            number="3212345678", message=str(stamp), timestamp=stamp, message_type=kind
        )
    _open(sandbox)
    assert [m["timestamp"] for m in _retrieve(sandbox).json()] == [
        "1741865220",
        "1741778820",
        "1741692420",
    ]
    assert [m["timestamp"] for m in _retrieve(sandbox, before="1741865220").json()] == [
        "1741778820",
        "1741692420",
    ]
    assert [m["date"] for m in _retrieve(sandbox, date="2025-03-12").json()] == ["2025-03-12"]
    assert [m["timestamp"] for m in _retrieve(sandbox, message_type="audio").json()] == [
        "1741778820"
    ]
    assert len(_retrieve(sandbox, message_type="").json()) == 3
    sandbox.control.faults(page_size=2)
    assert len(_retrieve(sandbox).json()) == 2
    assert _retrieve(sandbox, date="2025-13-01").status_code == 400
    assert _retrieve(sandbox, message_type="video").status_code == 400


def test_reply_shapes(sandbox: RunningSandbox) -> None:
    _open(sandbox)
    sandbox.control.faults(messages_shape="single")
    assert _retrieve(sandbox).json() == []
    sandbox.control.inject_inbound(number="1", message="old", timestamp=10)
    newest = sandbox.control.inject_inbound(number="1", message="new", timestamp=20)
    assert _retrieve(sandbox).json() == newest
    assert "chatgpt" not in newest
    sandbox.control.faults(messages_shape="object")
    body = _retrieve(sandbox).json()
    assert body["error"] == "0" and [m["message"] for m in body["messages"]] == ["new", "old"]
    sandbox.control.faults(sync_key="openapi")
    window = httpx.get(f"{sandbox.url}/getwa/synchronisation/", params={"apikey": sandbox.api_key})
    assert "expire_at" in window.json() and "expire_at " not in window.json()


def test_not_on_whatsapp(sandbox: RunningSandbox) -> None:
    sandbox.control.faults(not_on_whatsapp=["15550000000"])

    def check(number: str) -> dict[str, str]:
        reply = httpx.get(
            f"{sandbox.url}/whatsapp/checknumber/",
            params={"apikey": sandbox.api_key, "recipients": number},
        )
        result: dict[str, str] = reply.json()
        return result

    assert check("+15550000000") == {"error": "0", "number": "15550000000", "whatsapp": "0"}
    assert check("15550000001")["whatsapp"] == "1"


def test_reset_restores_the_initial_state(sandbox: RunningSandbox) -> None:
    bearer = {"Authorization": f"Bearer {token(sandbox)}"}
    send(sandbox)
    sandbox.control.inject_inbound(number="1", message="x")
    _open(sandbox)
    sandbox.control.faults(page_size=1, rules=[{"action": "status", "count": 5}])
    sandbox.control.reset()
    assert sandbox.control.messages() == [] and sandbox.control.inbound() == []
    assert sandbox.control.stats() == {"token_requests": 0, "requests": {}}
    settings = sandbox.control.faults()
    assert settings["rules"] == [] and settings["page_size"] == 50
    assert httpx.get(f"{sandbox.url}/getwa/active/", headers=bearer).status_code == 401
    assert _retrieve(sandbox).json()["error"] == "20"


def test_expiring_the_sync_window_makes_getwa_answer_21(sandbox: RunningSandbox) -> None:
    key = {"apikey": sandbox.api_key}
    httpx.get(f"{sandbox.url}/getwa/active/", params={**key, "statut": "1"})
    httpx.get(f"{sandbox.url}/getwa/synchronisation/", params=key)
    assert httpx.get(f"{sandbox.url}/getwa/", params=key).json() == []
    sandbox.control.expire_sync()
    assert httpx.get(f"{sandbox.url}/getwa/", params=key).json()["error"] == "21"
