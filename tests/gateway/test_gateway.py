"""A SOAP-only caller reaches the REST service through the gateway: zeep -> gateway -> sandbox.

The sandbox plays the real service (the upstream), reached over REST only; the gateway is served
on its own port, and SOAP callers see nothing but the WSDL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import zeep
from zeep.exceptions import Fault

from smsmobile import OAuth2ClientCredentials, RetryPolicy
from smsmobile.gateway import app_from_env, gateway_keys, make_gateway_app, read_keys, serve
from smsmobile_sandbox.testing import RunningSandbox

TNS = "urn:smsmobile:whatsapp:v1"
GATEWAY_KEY = "gw-key-for-the-erp"
FAST = RetryPolicy(attempts=2, backoff=0.01, max_backoff=0.05)


@dataclass
class Gateway:
    url: str
    mode: str
    caller_key: str  # what a SOAP caller puts in <apikey>

    def client(self) -> zeep.Client:
        return zeep.Client(f"{self.url}/soap?wsdl")


@pytest.fixture(params=["pass-through", "oauth2"])
def gateway(request: pytest.FixtureRequest, sandbox: RunningSandbox) -> Iterator[Gateway]:
    if request.param == "oauth2":
        app = make_gateway_app(
            sandbox.url,
            oauth2=OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret),
            gateway_keys=[GATEWAY_KEY],
            retry=FAST,
        )
        caller_key = GATEWAY_KEY
    else:
        app = make_gateway_app(sandbox.url, retry=FAST)
        caller_key = sandbox.api_key
    server = serve(app)
    server.start()
    try:
        yield Gateway(server.url, request.param, caller_key)
    finally:
        server.close()


def fault_detail(fault: Fault) -> dict[str, str]:
    assert fault.detail is not None
    detail = fault.detail.find(f"{{{TNS}}}ServiceFault")
    assert detail is not None
    return {child.tag.split("}")[1]: child.text or "" for child in detail}


def test_wsdl_is_served_with_the_gateways_own_address(gateway: Gateway) -> None:
    client = gateway.client()
    port = next(iter(next(iter(client.wsdl.services.values())).ports.values()))
    assert port.binding_options["address"] == f"{gateway.url}/soap"


def test_every_operation_goes_through(gateway: Gateway, sandbox: RunningSandbox) -> None:
    service = gateway.client().service
    key = gateway.caller_key

    sent = service.SendWhatsApp(
        apikey=key,
        recipients="+1 917 286 60".replace(" ", ""),
        message="Hello *world*",
        url_media="https://example.org/invoice.pdf",
        pdf_with_image="yes",
    )
    assert sent.error == "0" and sent.sent == "1" and len(sent.id) == 40
    stored = sandbox.control.messages()
    assert [(m["guid"], m["recipients"], m["message"]) for m in stored] == [
        (sent.id, "191728660", "Hello *world*")
    ]
    assert stored[0]["via"] == "rest"
    assert stored[0]["auth"] == ("oauth2" if gateway.mode == "oauth2" else "apikey")

    sandbox.control.faults(error_recipients=["3225551234"])
    failed = service.SendWhatsApp(apikey=key, recipients="3225551234", message="will fail")
    resent = service.ResendWhatsApp(apikey=key, guid=failed.id)
    assert resent.error == "0" and resent.id == failed.id
    assert {m["guid"]: m["attempts"] for m in sandbox.control.messages()}[failed.id] == 2

    assert service.SetRetrieval(apikey=key, statut="1").statut == "1"
    window = service.Synchronize(apikey=key)
    assert window.messages == "synchronized" and window.expire_at_unix > 0
    sandbox.control.inject_inbound(number="19176728660", contact="Ann", message="Where is #576?")
    page = service.GetMessages(apikey=key)
    assert [(m.number, m.contact, m.message) for m in page.message] == [
        ("19176728660", "Ann", "Where is #576?")
    ]
    sandbox.control.faults(not_on_whatsapp=["3225550000"])
    assert service.CheckNumber(apikey=key, recipients="3225550000").whatsapp == "0"
    assert service.CheckNumber(apikey=key, recipients="191728660").whatsapp == "1"


def test_one_stored_message_per_soap_send(gateway: Gateway, sandbox: RunningSandbox) -> None:
    service = gateway.client().service
    guids = [
        service.SendWhatsApp(apikey=gateway.caller_key, recipients="191728660", message=f"#{i}").id
        for i in range(5)
    ]
    assert [m["guid"] for m in sandbox.control.messages()] == guids


def test_an_unknown_caller_is_refused(gateway: Gateway, sandbox: RunningSandbox) -> None:
    with pytest.raises(Fault) as caught:
        gateway.client().service.SendWhatsApp(
            apikey="not-a-key", recipients="191728660", message="x"
        )
    assert fault_detail(caught.value)["code"] == "403"
    assert sandbox.control.messages() == []


def test_upstream_rate_limit_is_a_429_fault_with_retry_after(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    sandbox.control.faults(
        rules=[
            {"match": "/sendsms/", "action": "status", "status": 429, "retry_after": 0, "count": 10}
        ]
    )
    with pytest.raises(Fault) as caught:
        gateway.client().service.SendWhatsApp(
            apikey=gateway.caller_key, recipients="191728660", message="x"
        )
    detail = fault_detail(caught.value)
    assert detail["code"] == "429" and detail["retryAfter"] == "0"
    assert sandbox.control.messages() == []


def test_application_error_keeps_the_services_code(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    service = gateway.client().service
    sent = service.SendWhatsApp(apikey=gateway.caller_key, recipients="191728660", message="ok")
    with pytest.raises(Fault) as caught:
        service.ResendWhatsApp(apikey=gateway.caller_key, guid=sent.id)
    assert fault_detail(caught.value)["code"] == "11"


def test_lost_reply_of_a_send_is_an_unknown_outcome_and_not_retried(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    sandbox.control.faults(rules=[{"match": "/sendsms/", "action": "drop", "when": "after"}])
    with pytest.raises(Fault) as caught:
        gateway.client().service.SendWhatsApp(
            apikey=gateway.caller_key, recipients="191728660", message="once"
        )
    detail = fault_detail(caught.value)
    assert detail["outcome"] == "unknown"
    assert "may or may not" in detail["message"]
    assert [m["message"] for m in sandbox.control.messages()] == ["once"]


def test_input_the_wsdl_refuses_never_reaches_the_upstream(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    with pytest.raises(Fault) as caught:
        gateway.client().service.SendWhatsApp(
            apikey=gateway.caller_key,
            recipients="191728660",
            message="x",
            url_media="http://example.org/a.pdf",  # MediaUrl is https://.+
        )
    detail = fault_detail(caught.value)
    assert detail["code"] == "400" and "url_media" in detail["message"]
    assert [r for r in sandbox.control.requests() if r["path"] == "/sendsms/"] == []


def test_the_specs_rules_beyond_the_wsdl_are_checked_before_forwarding(
    gateway: Gateway, sandbox: RunningSandbox
) -> None:
    """A rule of spec/openapi.yaml the WSDL cannot carry (a link's file types) is checked by the
    one checker the client and the sandbox use, in the same words, before anything is sent."""
    with pytest.raises(Fault) as caught:
        gateway.client().service.SendWhatsApp(
            apikey=gateway.caller_key,
            recipients="191728660",
            message="x",
            url_media="https://example.org/virus.exe",
        )
    detail = fault_detail(caught.value)
    assert (detail["code"], detail["httpStatus"]) == ("400", "400")
    assert detail["message"].startswith("url_media: must point to a file of a supported type")
    assert [r["path"] for r in sandbox.control.requests()].count("/sendsms/") == 0
    assert sandbox.control.messages() == []


def test_raw_soap_envelope_over_plain_http(gateway: Gateway, sandbox: RunningSandbox) -> None:
    envelope = f"""<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wa="{TNS}">
  <soap:Body>
    <wa:SendWhatsAppRequest>
      <wa:apikey>{gateway.caller_key}</wa:apikey>
      <wa:recipients>191728660</wa:recipients>
      <wa:message>from a .NET stack</wa:message>
      <wa:waonly>yes</wa:waonly>
    </wa:SendWhatsAppRequest>
  </soap:Body>
</soap:Envelope>"""
    reply = httpx.post(
        f"{gateway.url}/soap",
        content=envelope.encode(),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{TNS}#SendWhatsApp"'},
    )
    assert reply.status_code == 200, reply.text
    assert "<tns:error>0</tns:error>" in reply.text
    [stored] = sandbox.control.messages()
    assert stored["message"] == "from a .NET stack" and stored["guid"] in reply.text


def test_held_mode_admits_a_gateway_key_as_bearer(sandbox: RunningSandbox) -> None:
    app = make_gateway_app(
        sandbox.url,
        oauth2=OAuth2ClientCredentials(sandbox.client_id, sandbox.client_secret),
        gateway_keys=[GATEWAY_KEY],
        retry=FAST,
    )
    server = serve(app)
    server.start()
    try:
        envelope = (
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
            f'<soap:Body><CheckNumberRequest xmlns="{TNS}"><recipients>191728660</recipients>'
            "</CheckNumberRequest></soap:Body></soap:Envelope>"
        )
        ok = httpx.post(
            f"{server.url}/soap",
            content=envelope,
            headers={"Authorization": f"Bearer {GATEWAY_KEY}"},
        )
        refused = httpx.post(
            f"{server.url}/soap", content=envelope, headers={"Authorization": "Bearer guess"}
        )
    finally:
        server.close()
    assert ok.status_code == 200 and "<tns:whatsapp>1</tns:whatsapp>" in ok.text
    assert refused.status_code == 500 and "<tns:httpStatus>403</tns:httpStatus>" in refused.text
    assert sandbox.control.stats()["token_requests"] == 1


def test_gateway_logs_no_key(
    gateway: Gateway, sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    service = gateway.client().service
    service.SendWhatsApp(apikey=gateway.caller_key, recipients="191728660", message="x")
    service.SetRetrieval(apikey=gateway.caller_key, statut="1")
    service.Synchronize(apikey=gateway.caller_key)  # a GET: the key goes in the upstream URL
    # The gateway's side only: the test's own zeep client logs its envelopes (key included).
    gateway_side = [
        record.getMessage()
        for record in caplog.records
        if record.name.split(".")[0] in {"smsmobile", "httpx", "httpcore", "requests_oauthlib"}
    ]
    assert any("/getwa/synchronisation/" in line for line in gateway_side)
    for secret in (gateway.caller_key, sandbox.api_key, sandbox.client_secret):
        assert not [line for line in gateway_side if secret in line]


def test_keys_file_format() -> None:
    text = "# callers\n  first-key-of-the-erp  \n\nkey#with,marks-inside\n  # indented comment\n"
    assert read_keys(text) == ["first-key-of-the-erp", "key#with,marks-inside"]


def test_app_from_env_as_the_readme_runs_it_in_production(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text("key-read-from-the-file\n")
    app = app_from_env(
        {
            "SMSMOBILE_GATEWAY_UPSTREAM": sandbox.url,
            "SMSMOBILEAPI_CLIENT_ID": sandbox.client_id,
            "SMSMOBILEAPI_CLIENT_SECRET": sandbox.client_secret,
            "SMSMOBILE_GATEWAY_KEYS": "first-env-key-0001,second-env-key-002",
            "SMSMOBILE_GATEWAY_KEYS_FILE": str(keys_file),
        }
    )
    server = serve(app)
    server.start()
    try:
        health = httpx.get(f"{server.url}/healthz")
        other = httpx.get(f"{server.url}/nowhere")
        service = zeep.Client(f"{server.url}/soap?wsdl").service
        checks = [
            service.CheckNumber(apikey=key, recipients="191728660").whatsapp
            for key in ("second-env-key-002", "key-read-from-the-file")
        ]
        with pytest.raises(Fault) as refused:
            service.CheckNumber(apikey=sandbox.api_key, recipients="191728660")
    finally:
        server.close()
    assert (health.status_code, health.text) == (200, "ok\n")
    assert other.status_code == 404
    assert checks == ["1", "1"]
    assert fault_detail(refused.value)["code"] == "403"  # held mode: only gateway keys get in
    assert sandbox.control.stats()["token_requests"] == 1


def test_gateway_keys_file_must_be_readable(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        gateway_keys({}, str(tmp_path / "missing"))
    assert gateway_keys({"SMSMOBILE_GATEWAY_KEYS": " a , b,"}) == ["a", "b"]
