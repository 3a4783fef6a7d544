"""OpenTelemetry spans for logical calls, their attempts, and the gateway's requests.

Behind the `otel` extra (opentelemetry-api), and free when unused: nothing here imports
OpenTelemetry. A program that traces has imported `opentelemetry.trace` to set its tracer
provider, so `active_tracer` looks in `sys.modules` (one dict lookup when it is absent) and gives
a tracer only once a real provider is set (the API's default proxy provider records nothing).

What a span carries: the operation, the transport, the attempts, the outcome, the HTTP status and
the exception's type. Never the wire fields: no message text, no phone number, no key.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

__all__ = [
    "active_tracer",
    "end_attempt",
    "end_call",
    "server_span",
    "start_attempt",
    "start_call",
]

TRACER_NAME = "smsmobile"
_cache: dict[int, Any] = {}  # id(provider) -> (provider, tracer)


def active_tracer() -> Any | None:
    """The `smsmobile` tracer of the global provider, or None when nothing would record."""
    trace = sys.modules.get("opentelemetry.trace")
    if trace is None:
        return None
    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return None
    cached = _cache.get(id(provider))
    if cached is None or cached[0] is not provider:
        cached = (provider, provider.get_tracer(TRACER_NAME))
        _cache.clear()
        _cache[id(provider)] = cached
    return cached[1]


def start_call(tracer: Any, operation: str, transport: str) -> Any:
    """The span of one logical call (its retries included), not yet current."""
    attributes = {"smsmobile.operation": operation}
    if transport:
        attributes["smsmobile.transport"] = transport
    return tracer.start_span(f"smsmobile {operation}", attributes=attributes)


class _Attempt:
    __slots__ = ("span", "token")

    def __init__(self, span: Any, token: object) -> None:
        self.span = span
        self.token = token


def start_attempt(call_span: Any, attempt: int) -> _Attempt:
    """A child span for one attempt, made current so that what runs inside nests under it."""
    from opentelemetry import context, trace

    tracer = active_tracer() or trace.get_tracer(TRACER_NAME)
    parent = trace.set_span_in_context(call_span)
    span = tracer.start_span(
        f"{call_span.name} attempt {attempt}",
        context=parent,
        kind=trace.SpanKind.CLIENT,
        attributes={"smsmobile.attempt": attempt},
    )
    return _Attempt(span, context.attach(trace.set_span_in_context(span, parent)))


def end_attempt(attempt: _Attempt, status: int | None, error: BaseException | None) -> None:
    from opentelemetry import context

    context.detach(attempt.token)  # type: ignore[arg-type]
    _outcome(attempt.span, status, error)
    attempt.span.end()


def end_call(span: Any, attempts: int, status: int | None, error: BaseException | None) -> None:
    span.set_attribute("smsmobile.attempts", attempts)
    _outcome(span, status, error)
    span.end()


def _outcome(span: Any, status: int | None, error: BaseException | None) -> None:
    from opentelemetry.trace import Status, StatusCode

    if status is not None:
        span.set_attribute("http.response.status_code", status)
    span.set_attribute("smsmobile.outcome", "ok" if error is None else "error")
    if error is not None:
        span.set_attribute("error.type", type(error).__name__)
        span.set_status(Status(StatusCode.ERROR, type(error).__name__))


@contextmanager
def server_span(
    environ: Mapping[str, Any], name: str, start_response: Callable[..., Any]
) -> Iterator[Callable[..., Any]]:
    """A SERVER span around one WSGI request, continuing the caller's `traceparent`; yields the
    `start_response` to pass on (it notes the status). Without a tracer: nothing at all."""
    tracer = active_tracer()
    if tracer is None:
        yield start_response
        return
    from opentelemetry import propagate, trace

    carrier = {
        header: str(environ[key])
        for header, key in (("traceparent", "HTTP_TRACEPARENT"), ("tracestate", "HTTP_TRACESTATE"))
        if key in environ
    }
    parent = propagate.extract(carrier)
    attributes = {"http.request.method": str(environ.get("REQUEST_METHOD", ""))}
    with tracer.start_as_current_span(
        name, context=parent, kind=trace.SpanKind.SERVER, attributes=attributes
    ) as span:

        def noting(status: str, headers: Iterable[Any], *args: Any) -> Any:
            code = status.split(" ", 1)[0]
            if code.isdigit():
                span.set_attribute("http.response.status_code", int(code))
            return start_response(status, headers, *args)

        yield noting
