"""OpenTelemetry tracing: off unless an OTLP endpoint is configured.

When it is off, nothing here runs per request: the callers hold ``None`` instead
of a tracer and take a branch that does not touch OpenTelemetry at all. When it
is on, the HTTP request, each command or query handler and each SQL statement
get a span, exported in batches over OTLP/HTTP. The provider is the board's own
(not the process-global one), so tests can give a container an in-memory one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

TRACER_NAME = "jobboard"
_SPAN = "_jobboard_span"  # where a statement's span waits for its end, on the execution context


@dataclass(frozen=True, slots=True)
class Tracing:
    provider: TracerProvider
    tracer: Tracer

    def close(self) -> None:
        """Export what is buffered and stop."""
        self.provider.shutdown()


def build_tracing(otlp_endpoint: str | None, service_name: str) -> Tracing | None:
    if not otlp_endpoint:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    return Tracing(provider, provider.get_tracer(TRACER_NAME))


def tracer_of(tracing: Tracing | None) -> Tracer | None:
    return None if tracing is None else tracing.tracer


def trace_statements(engine: AsyncEngine, tracer: Tracer, pool: str) -> None:
    """A client span around every SQL statement the engine runs, child of the current span."""

    def before(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        operation = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
        span = tracer.start_span(
            f"db {operation}",
            kind=SpanKind.CLIENT,
            attributes={
                "db.system": "postgresql",
                "db.statement": statement,
                "db.operation": operation,
                "jobboard.db.pool": pool,
            },
        )
        if context is not None:
            setattr(context, _SPAN, span)

    def after(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        span: Span | None = getattr(context, _SPAN, None)
        if span is not None:
            span.end()

    def failed(exception_context: Any) -> None:
        span: Span | None = getattr(exception_context.execution_context, _SPAN, None)
        if span is not None:
            span.record_exception(exception_context.original_exception)
            span.set_status(Status(StatusCode.ERROR))
            span.end()

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    event.listen(engine.sync_engine, "after_cursor_execute", after)
    event.listen(engine.sync_engine, "handle_error", failed)
