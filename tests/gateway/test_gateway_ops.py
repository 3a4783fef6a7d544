"""The gateway as an operator runs it: /metrics (Prometheus text), /readyz (upstream and replay
store), one log line per request under a request id that the reply echoes and the upstream gets,
and nothing secret in any of those lines. The sandbox plays the upstream."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Iterator

import httpx
import pytest

from smsmobile.gateway import ExposedServer, make_gateway_app, serve
from smsmobile.replay import MemoryReplayStore
from smsmobile_sandbox.testing import RunningSandbox
from tests.hardening.support import answer, hostile_server

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:smsmobile:whatsapp:v1"
XML = {"Content-Type": "text/xml; charset=utf-8"}
MESSAGE_TEXT = "the-private-words-of-a-customer"


def send_envelope(api_key: str, message: str = MESSAGE_TEXT) -> bytes:
    return (
        f'<soap:Envelope xmlns:soap="{SOAP11}" xmlns:t="{TNS}"><soap:Body><t:SendWhatsAppRequest>'
        f"<t:apikey>{api_key}</t:apikey><t:recipients>+32470000001</t:recipients>"
        f"<t:message>{message}</t:message></t:SendWhatsAppRequest></soap:Body></soap:Envelope>"
    ).encode()


@pytest.fixture
def gateway(sandbox: RunningSandbox) -> Iterator[ExposedServer]:
    server = serve(make_gateway_app(sandbox.url, replay_store=MemoryReplayStore()))
    server.start()
    try:
        yield server
    finally:
        server.close()


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample of the text format (0 when absent)."""
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        found = re.fullmatch(r"([a-z_:]+)(?:\{(.*)\})? (\S+)", line)
        if found is None or found[1] != name:
            continue
        pairs = dict(re.findall(r'(\w+)="([^"]*)"', found[2] or ""))
        if all(pairs.get(key) == value for key, value in labels.items()):
            return float(found[3])
    return 0.0


def test_metrics_count_requests_by_operation_and_outcome(
    gateway: ExposedServer, sandbox: RunningSandbox
) -> None:
    with httpx.Client(timeout=30) as http:
        assert (
            http.post(
                f"{gateway.url}/soap", content=send_envelope(sandbox.api_key), headers=XML
            ).status_code
            == 200
        )
        refused = http.post(
            f"{gateway.url}/soap", content=send_envelope("wrong-key-123"), headers=XML
        )
        assert refused.status_code == 500
        assert http.post(f"{gateway.url}/soap", content=b"<not-xml", headers=XML).status_code == 500
        metrics = http.get(f"{gateway.url}/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    requests = "smsmobile_gateway_requests_total"
    assert sample(text, requests, operation="SendWhatsApp", outcome="ok") == 1
    code = re.search(r"<tns:code>(\w+)</tns:code>", refused.text)
    assert code is not None
    assert sample(text, requests, operation="SendWhatsApp", outcome=code[1]) == 1
    assert sample(text, requests, operation="unknown", outcome="400") == 1
    histogram = "smsmobile_gateway_upstream_request_duration_seconds_count"
    assert sample(text, histogram, operation="SendWhatsApp") == 2  # both went upstream
    assert sample(text, "smsmobile_gateway_requests_in_flight") == 0
    assert "# TYPE smsmobile_gateway_upstream_errors_total counter" in text


def test_upstream_errors_are_counted(sandbox: RunningSandbox) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens once the probe is closed
    server = serve(make_gateway_app(f"http://127.0.0.1:{closed}", timeout=2))
    server.start()
    try:
        reply = httpx.post(
            f"{server.url}/soap", content=send_envelope("some-key-0123"), headers=XML, timeout=30
        )
        assert reply.status_code == 500
        text = httpx.get(f"{server.url}/metrics", timeout=30).text
        ready = httpx.get(f"{server.url}/readyz", timeout=30)
        alive = httpx.get(f"{server.url}/healthz", timeout=30)
    finally:
        server.close()
    errors = "smsmobile_gateway_upstream_errors_total"
    assert sample(text, errors, operation="SendWhatsApp", error="ConnectError") >= 1
    assert sample(text, "smsmobile_gateway_requests_total", outcome="502") == 1
    assert (ready.status_code, ready.json()["upstream"]) == (503, "unreachable")
    assert ready.json()["status"] == "not ready"
    assert alive.status_code == 200  # alive all the same: do not restart it, route around it


def test_readyz_is_200_when_the_upstream_and_the_store_answer(gateway: ExposedServer) -> None:
    ready = httpx.get(f"{gateway.url}/readyz", timeout=30)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "upstream": "ok", "replay_store": "ok"}


def test_request_id_echoed_sent_upstream_and_logged_in_one_json_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with hostile_server(answer(b'{"result": {"error": "0", "sent": "1"}}')) as upstream:
        server = serve(make_gateway_app(upstream.url))
        server.start()
        try:
            with caplog.at_level(logging.INFO, "smsmobile.gateway.requests"):
                given = httpx.post(
                    f"{server.url}/soap",
                    content=send_envelope("a-key-0123456"),
                    headers={**XML, "X-Request-ID": "erp-4711"},
                    timeout=30,
                )
                made = httpx.post(
                    f"{server.url}/soap",
                    content=send_envelope("a-key-0123456"),
                    headers={**XML, "X-Request-ID": "bad id\twith junk"},
                    timeout=30,
                )
        finally:
            server.close()
    assert given.headers["X-Request-ID"] == "erp-4711"
    made_id = made.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made_id)  # a junk id is replaced, not echoed
    sent_upstream = [r.headers.get("X-Request-ID") for r in upstream.requests]
    assert sent_upstream == ["erp-4711", made_id]
    lines = [r for r in caplog.records if r.name == "smsmobile.gateway.requests"]
    assert len(lines) == 2
    from smsmobile.gateway._requestlog import RequestLogFormatter

    document = json.loads(RequestLogFormatter(json_lines=True).format(lines[0]))
    assert document["request_id"] == "erp-4711"
    assert document["operation"] == "SendWhatsApp"
    assert document["status"] == given.status_code
    code = re.search(r"<tns:code>(\w+)</tns:code>", given.text)
    assert document["outcome"] == ("ok" if code is None else code[1])
    assert isinstance(document["duration_ms"], float)
    assert {"time", "level", "worker"} <= document.keys()


def test_no_key_token_or_message_text_in_any_log_line(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(make_gateway_app(sandbox.url))
    server.start()
    bearer = "a-bearer-token-never-logged"
    try:
        with caplog.at_level(logging.DEBUG, "smsmobile"):
            for key in (sandbox.api_key, "wrong-key-never-logged"):
                httpx.post(
                    f"{server.url}/soap",
                    content=send_envelope(key),
                    headers={**XML, "Authorization": f"Bearer {bearer}"},
                    timeout=30,
                )
    finally:
        server.close()
    text = caplog.text
    assert "operation=SendWhatsApp" in text and "request_id=" in text
    for secret in (sandbox.api_key, "wrong-key-never-logged", bearer, MESSAGE_TEXT):
        assert secret not in text
