"""OpenTelemetry: one span per logical call with a child per attempt, and the gateway's spans
continuing an incoming `traceparent`; recorded by the real SDK's in-memory exporter.

The SDK's global tracer provider can be set once per process: this module sets it (once) and
clears the exporter before each test. That tracing costs nothing without a provider, and that
nothing imports OpenTelemetry then, is proven in a fresh process.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from smsmobile import ApiKey, AsyncWhatsApp, OutcomeUnknown, RetryPolicy, WhatsApp
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

NO_WAIT = RetryPolicy(attempts=3, backoff=0.0, jitter=False)
NUMBER = "+32 470 98 76 54"
TEXT = "Your secret code is 424242"
_EXPORTER = InMemorySpanExporter()


@pytest.fixture(autouse=True)
def _retrieval_on(sandbox: RunningSandbox) -> None:
    """These tests read the sync window: retrieval on first, as the service requires."""
    sandbox.control.set_retrieval(True)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
        trace.set_tracer_provider(provider)
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


def _ours(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [span for span in exporter.get_finished_spans() if span.name.startswith("smsmobile")]


def _no_content(spans: list[ReadableSpan]) -> None:
    """Neither the text nor the number (nor its last digits) in any attribute or name."""
    for span in spans:
        shown = span.name + repr(dict(span.attributes or {}))
        assert "424242" not in shown and "secret code" not in shown
        assert "987654" not in shown and "98 76 54" not in shown


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_a_retried_read_is_one_span_with_a_child_per_attempt(
    sandbox: RunningSandbox, spans: InMemorySpanExporter, transport: str
) -> None:
    sandbox.control.faults(rules=[{"action": "status", "status": 503, "count": 1}])
    with WhatsApp(
        auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport, retry=NO_WAIT
    ) as wa:
        wa.synchronize()
    recorded = _ours(spans)
    (call,) = [span for span in recorded if span.name == "smsmobile synchronize"]
    attempts = sorted(
        (span for span in recorded if span.name.startswith("smsmobile synchronize attempt")),
        key=lambda span: span.start_time or 0,
    )
    assert dict(call.attributes or {}) == {
        "smsmobile.operation": "synchronize",
        "smsmobile.transport": transport,
        "smsmobile.attempts": 2,
        "smsmobile.outcome": "ok",
        "http.response.status_code": 200,
    }
    assert call.status.status_code is not StatusCode.ERROR
    refused = 503 if transport == "rest" else 500  # a SOAP 1.1 fault is HTTP 500 by the book
    statuses = [span.attributes["http.response.status_code"] for span in attempts]  # type: ignore[index]
    assert statuses == [refused, 200]
    assert attempts[0].attributes["error.type"] == "ServiceError"  # type: ignore[index]
    assert attempts[0].status.status_code is StatusCode.ERROR
    for span in attempts:
        assert span.kind is SpanKind.CLIENT
        assert span.parent is not None and span.parent.span_id == call.context.span_id
        assert span.context.trace_id == call.context.trace_id


def test_a_send_span_holds_no_text_and_no_number(
    sandbox: RunningSandbox, spans: InMemorySpanExporter
) -> None:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        wa.send(NUMBER, TEXT)
        sandbox.control.faults(rules=[{"action": "status", "status": 500, "count": 1}])
        with pytest.raises(OutcomeUnknown):
            wa.send(NUMBER, TEXT)
    recorded = _ours(spans)
    _no_content(recorded)
    sends = [span for span in recorded if span.name == "smsmobile send"]
    assert [span.attributes["smsmobile.outcome"] for span in sends] == ["ok", "error"]  # type: ignore[index]
    failed = sends[1]
    assert failed.attributes["error.type"] == "OutcomeUnknown"  # type: ignore[index]
    assert failed.attributes["http.response.status_code"] == 500  # type: ignore[index]
    assert failed.status.status_code is StatusCode.ERROR


@pytest.mark.parametrize("transport", ["rest", "soap"])
def test_async_calls_are_traced_alike(
    sandbox: RunningSandbox, spans: InMemorySpanExporter, transport: str
) -> None:
    async def run() -> None:
        async with AsyncWhatsApp(
            auth=ApiKey(sandbox.api_key), base_url=sandbox.url, transport=transport
        ) as wa:
            await asyncio.gather(wa.send(NUMBER, TEXT), wa.check_number(NUMBER))

    asyncio.run(run())
    recorded = _ours(spans)
    _no_content(recorded)
    calls = {span.name: span for span in recorded if "attempt" not in span.name}
    assert set(calls) == {"smsmobile send", "smsmobile check_number"}
    for name, call in calls.items():
        (attempt,) = [span for span in recorded if span.name == f"{name} attempt 1"]
        assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
        assert call.attributes["smsmobile.transport"] == transport  # type: ignore[index]


def test_the_gateway_continues_the_callers_trace(
    sandbox: RunningSandbox, spans: InMemorySpanExporter
) -> None:
    trace_id, parent_id = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7
    server = serve(make_gateway_app(sandbox.url, retry=NO_WAIT))
    server.start()
    try:
        envelope = (
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:t="urn:smsmobile:whatsapp:v1"><soap:Body><t:SynchronizeRequest>'
            f"<t:apikey>{sandbox.api_key}</t:apikey></t:SynchronizeRequest></soap:Body>"
            "</soap:Envelope>"
        )
        reply = httpx.post(
            f"{server.url}/soap",
            content=envelope,
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": '"urn:smsmobile:whatsapp:v1#Synchronize"',
                "traceparent": f"00-{trace_id:032x}-{parent_id:016x}-01",
            },
        )
    finally:
        server.close()
    assert reply.status_code == 200, reply.text
    recorded = _ours(spans)
    (front,) = [span for span in recorded if span.name == "smsmobile.gateway /soap"]
    (call,) = [span for span in recorded if span.name == "smsmobile synchronize"]
    assert front.kind is SpanKind.SERVER
    assert front.context.trace_id == trace_id
    assert front.parent is not None and front.parent.span_id == parent_id
    assert front.attributes["http.response.status_code"] == 200  # type: ignore[index]
    assert call.context.trace_id == trace_id
    assert call.parent is not None and call.parent.span_id == front.context.span_id
    assert call.attributes["smsmobile.transport"] == "rest"  # type: ignore[index]


COST = textwrap.dedent(
    """
    import sys, timeit
    from smsmobile import ApiKey, WhatsApp
    from smsmobile._call_watch import open_watch
    from smsmobile_sandbox.testing import run_sandbox

    with run_sandbox() as sandbox:
        sandbox.control.set_retrieval(True)
        WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url).synchronize()
    assert not [m for m in sys.modules if m.startswith("opentelemetry")], "imported OpenTelemetry"
    assert open_watch("send", "rest") is None
    absent = min(timeit.repeat(lambda: open_watch("send", "rest"), number=20000, repeat=5)) / 20000
    import opentelemetry.trace  # installed, imported, but no provider set
    assert open_watch("send", "rest") is None
    unset = min(timeit.repeat(lambda: open_watch("send", "rest"), number=20000, repeat=5)) / 20000
    print(f"{absent * 1e9:.0f} {unset * 1e9:.0f}")
    """
)


def test_without_a_provider_tracing_imports_nothing_and_costs_nanoseconds() -> None:
    result = subprocess.run(
        [sys.executable, "-c", COST],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("OTEL_")},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    absent_ns, unset_ns = (int(value) for value in result.stdout.split())
    # Per logical call, against the milliseconds of an HTTP exchange: a few microseconds at most
    # even on a loaded machine (measured ~110 ns absent, ~1.8 us with the API imported).
    assert absent_ns < 2_000, absent_ns
    assert unset_ns < 20_000, unset_ns
