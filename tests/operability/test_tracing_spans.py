"""Tracing, when configured: a span for the HTTP request, one for the use case's handler
inside it, and one per SQL statement inside that; and nothing at all when it is not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.observability.tracing import build_tracing
from adapters.settings import Settings
from operability_support import over_http
from operability_support import settings as make_settings


@pytest.fixture
async def traced(
    database_url: str, clean_database: AsyncEngine
) -> AsyncIterator[tuple[Container, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = make_settings(database_url=database_url, run_projector=False)
    container = Container(settings=settings, database_url=database_url)
    container.tracer.override(providers.Object(provider.get_tracer("test")))
    yield container, exporter
    await release(container)
    provider.shutdown()


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


async def test_a_request_s_span_holds_its_handler_s_span_which_holds_its_statements(
    traced: tuple[Container, InMemorySpanExporter],
) -> None:
    container, exporter = traced
    async with over_http(create_app(container)) as client:
        response = await client.post(
            "/v1/companies",
            json={"name": "Traced Ltd", "country": "GB"},
            headers={"X-Request-ID": "traced-1"},
        )
    assert response.status_code == 201

    spans = exporter.get_finished_spans()
    [server] = [s for s in spans if s.kind is SpanKind.SERVER]
    assert server.name == "POST /v1/companies"
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/v1/companies"
    assert server.attributes["http.response.status_code"] == 201
    assert server.attributes["jobboard.request_id"] == "traced-1"

    [handler] = [s for s in spans if s.name == "command register_company"]
    assert parent_of(handler) == server.context.span_id
    assert handler.context.trace_id == server.context.trace_id

    statements = [s for s in spans if s.name.startswith("db ")]
    inserts = [s for s in statements if s.name == "db INSERT"]
    assert inserts, [s.name for s in spans]
    assert all(parent_of(s) == handler.context.span_id for s in inserts)
    assert any(
        "INSERT INTO companies" in str((s.attributes or {}).get("db.statement")) for s in inserts
    )


async def test_a_failing_statement_s_span_records_the_error(
    traced: tuple[Container, InMemorySpanExporter],
) -> None:
    container, exporter = traced
    from sqlalchemy import text

    with pytest.raises(Exception, match="no_such_table"):
        async with container.engine().connect() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))

    [failed] = [
        s
        for s in exporter.get_finished_spans()
        if "no_such_table" in str((s.attributes or {}).get("db.statement"))
    ]
    assert not failed.status.is_ok
    assert [e.name for e in failed.events] == ["exception"]


def test_tracing_is_off_unless_an_endpoint_is_configured() -> None:
    assert Settings().otlp_endpoint is None
    assert build_tracing(None, "jobboard") is None
    container = Container(settings=Settings(), database_url="postgresql://nowhere/none")
    assert container.tracer() is None


def test_an_endpoint_turns_tracing_on_with_the_service_s_name() -> None:
    tracing = build_tracing("http://127.0.0.1:1/v1/traces", "jobboard-test")
    assert tracing is not None
    try:
        assert tracing.provider.resource.attributes["service.name"] == "jobboard-test"
    finally:
        tracing.close()
