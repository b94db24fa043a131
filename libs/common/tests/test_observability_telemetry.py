"""setup_telemetry and the trace context carried in HTTP, SQL and Kafka."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from opentelemetry import trace
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from helhet_common.observability import (
    current_traceparent,
    extract_context,
    instrument_app,
    instrument_engine,
    metrics_response,
    setup_telemetry,
    tracer,
)
from helhet_common.observability import telemetry as telemetry_module
from helhet_common.settings import ServiceSettings


def settings(**fields: Any) -> ServiceSettings:
    defaults: dict[str, Any] = {"service_name": "telemetry-test", "otlp_endpoint": None}
    return ServiceSettings().model_copy(update={**defaults, **fields})


@pytest.fixture(scope="module")
def exporter() -> InMemorySpanExporter:
    """Spans of the process-wide provider, kept in memory."""
    memory = InMemorySpanExporter()
    setup_telemetry(settings()).add_span_processor(SimpleSpanProcessor(memory))
    return memory


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> InMemorySpanExporter:
    exporter.clear()
    return exporter


class NullExporter(SpanExporter):
    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


@pytest.fixture
def otlp_exporters(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Endpoints an OTLP exporter was created for (no exporter talks to the network)."""
    created: list[str] = []

    def fake(endpoint: str) -> SpanExporter:
        created.append(endpoint)
        return NullExporter()

    monkeypatch.setattr(telemetry_module, "_otlp_exporter", fake)
    monkeypatch.setattr(telemetry_module, "_exporting_to", set())
    return created


def test_setup_without_an_endpoint_creates_no_exporter_and_is_repeatable(
    otlp_exporters: list[str],
) -> None:
    first = setup_telemetry(settings())
    second = setup_telemetry(settings(service_name="another"))

    assert otlp_exporters == []
    assert second is first
    assert trace.get_tracer_provider() is first
    assert AIOKafkaInstrumentor().is_instrumented_by_opentelemetry


def test_setup_with_an_endpoint_exports_there_once(otlp_exporters: list[str]) -> None:
    setup_telemetry(settings(otlp_endpoint="http://collector:4318"))
    setup_telemetry(settings(otlp_endpoint="http://collector:4318/"))

    assert otlp_exporters == ["http://collector:4318/v1/traces"]


def test_the_provider_names_the_first_service(exporter: InMemorySpanExporter) -> None:
    provider = setup_telemetry(settings())

    assert isinstance(provider, TracerProvider)
    assert "service.name" in provider.resource.attributes


def test_current_traceparent_is_that_of_the_current_span(spans: InMemorySpanExporter) -> None:
    with tracer("test").start_as_current_span("work") as span:
        traceparent = current_traceparent()

    context = span.get_span_context()
    assert (
        traceparent
        == f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    )
    assert context.trace_flags.sampled


def test_current_traceparent_is_none_outside_a_span() -> None:
    assert current_traceparent() is None


def test_a_span_started_in_the_extracted_context_continues_the_trace(
    spans: InMemorySpanExporter,
) -> None:
    with tracer("producer").start_as_current_span("publish") as publish:
        traceparent = current_traceparent()
    assert traceparent is not None
    headers = [
        ("ce_type", b"placement.started.v1"),
        ("empty", None),
        ("traceparent", traceparent.encode()),
    ]

    with tracer("consumer").start_as_current_span(
        "process", context=extract_context(headers)
    ) as process:
        pass

    assert process.get_span_context().trace_id == publish.get_span_context().trace_id
    assert process.parent is not None
    assert process.parent.span_id == publish.get_span_context().span_id


@pytest.mark.parametrize("headers", [None, [], [("traceparent", b"not-a-traceparent")]])
def test_without_a_valid_traceparent_the_span_is_a_new_root(
    spans: InMemorySpanExporter, headers: list[tuple[str, bytes]] | None
) -> None:
    with (
        tracer("outer").start_as_current_span("unrelated") as unrelated,
        tracer("consumer").start_as_current_span(
            "process", context=extract_context(headers)
        ) as process,
    ):
        pass

    assert process.parent is None
    assert process.get_span_context().trace_id != unrelated.get_span_context().trace_id


async def test_instrumented_app_traces_requests_but_not_health_or_metrics(
    spans: InMemorySpanExporter,
) -> None:
    app = FastAPI()

    @app.get("/participants/{participant_id}")
    async def participant(participant_id: str) -> dict[str, str]:
        return {"id": participant_id}

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    app.add_api_route("/metrics", metrics_response)
    instrument_app(app)
    instrument_app(app)

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get("/health/live")).status_code == 200
        assert (await client.get("/metrics")).status_code == 200
        assert spans.get_finished_spans() == ()
        assert (await client.get("/participants/p-1")).status_code == 200

    servers = [s for s in spans.get_finished_spans() if s.kind is trace.SpanKind.SERVER]
    assert len(servers) == 1
    assert servers[0].attributes is not None
    assert servers[0].attributes["http.route"] == "/participants/{participant_id}"


async def test_instrumented_engines_trace_each_statement_once(
    spans: InMemorySpanExporter,
) -> None:
    engines = [create_async_engine("sqlite+aiosqlite://") for _ in range(2)]
    for engine in engines:
        instrument_engine(engine)
        instrument_engine(engine)

    for engine in engines:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        await engine.dispose()

    statements = [s for s in spans.get_finished_spans() if s.kind is trace.SpanKind.CLIENT]
    selects = [s for s in statements if s.name.startswith("SELECT")]
    assert len(selects) == 2
