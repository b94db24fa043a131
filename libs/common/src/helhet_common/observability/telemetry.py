"""OpenTelemetry tracing: one provider per process, instrumentation at the edges.

- HTTP: :func:`instrument_app` (FastAPI server spans; ``/health/*`` and ``/metrics``
  are not traced).
- SQL: :func:`instrument_engine` (a span per statement).
- Kafka: :func:`setup_telemetry` instruments aiokafka, so ``AIOKafkaProducer.send``
  injects ``traceparent`` into the record headers (pass ``headers`` as a *list*; a tuple
  cannot take the injected header) and consumers open spans. The consumer parents its
  processing spans on :func:`extract_context`; the outbox stamps
  :func:`current_traceparent` on the rows it writes. One trace thus runs from an API
  call through the outbox and the broker to every consumer.

Spans leave the process only when ``otlp_endpoint`` is set (OTLP over HTTP, batched);
otherwise they are recorded (so logs carry trace ids) but never sent anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_inst_version
from opentelemetry.metrics import get_meter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.semconv.metrics import MetricInstruments
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.settings import ServiceSettings

__all__ = [
    "EXCLUDED_URLS",
    "current_traceparent",
    "extract_context",
    "instrument_app",
    "instrument_engine",
    "setup_telemetry",
    "tracer",
]

# Regular expressions searched in the full request URL (scheme://host/path, no query).
EXCLUDED_URLS: tuple[str, ...] = (r"//[^/]+/health/", r"//[^/]+/metrics$")
_TRACES_PATH = "/v1/traces"

_lock = threading.Lock()
_provider: TracerProvider | None = None
_exporting_to: set[str] = set()
_trace_context = TraceContextTextMapPropagator()


def setup_telemetry(settings: ServiceSettings) -> TracerProvider:
    """Install the process's tracer provider (once) and instrument aiokafka.

    The first call creates a provider whose resource names ``settings.service_name``
    and makes it the global one (an SDK provider installed earlier by someone else is
    adopted instead). Later calls return the same provider; they only add an OTLP
    exporter for an endpoint not exported to yet. Without ``otlp_endpoint`` no exporter
    is created and nothing is sent over the network.
    """
    global _provider
    with _lock:
        if _provider is None:
            current = trace.get_tracer_provider()
            if isinstance(current, TracerProvider):
                _provider = current
            else:
                _provider = TracerProvider(
                    resource=Resource.create(
                        {
                            SERVICE_NAME: settings.service_name,
                            "deployment.environment.name": settings.environment,
                        }
                    )
                )
                trace.set_tracer_provider(_provider)
        provider = _provider
        if settings.otlp_endpoint:
            endpoint = _traces_endpoint(settings.otlp_endpoint)
            if endpoint not in _exporting_to:
                provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(endpoint)))
                _exporting_to.add(endpoint)
        _instrument_aiokafka(provider)
    return provider


def _traces_endpoint(base: str) -> str:
    """``OTEL_EXPORTER_OTLP_ENDPOINT`` is the collector's base URL; traces go to ``/v1/traces``."""
    url = base.rstrip("/")
    return url if url.endswith(_TRACES_PATH) else url + _TRACES_PATH


def _otlp_exporter(endpoint: str) -> SpanExporter:
    # Imported here: the exporter pulls in requests and protobuf, needed only when exporting.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=endpoint)


def _instrument_aiokafka(provider: TracerProvider) -> None:
    instrumentor = AIOKafkaInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)


def instrument_app(app: FastAPI) -> None:
    """Trace a FastAPI application's requests, except ``/health/*`` and ``/metrics``.

    Call it before the application serves its first request (the instrumentation wraps
    the middleware stack, which Starlette builds on first use). Calling it again for the
    same application does nothing.
    """
    if getattr(app, "_is_instrumented_by_opentelemetry", False):
        return
    # Without the ASGI ``receive``/``send`` spans: three of them per request (the body
    # read, the response start and body), each about as dear as the request's own span,
    # and telling nothing the server span does not (issue 14).
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=",".join(EXCLUDED_URLS), exclude_spans=["receive", "send"]
    )


def instrument_engine(engine: AsyncEngine | Engine) -> None:
    """Trace the statements of an engine (an ``AsyncEngine`` is traced via its ``sync_engine``).

    Calling it again for the same engine does nothing.
    """
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    with _lock:
        if _is_traced(sync_engine):
            return
        instrumentor = SQLAlchemyInstrumentor()
        if not instrumentor.is_instrumented_by_opentelemetry:
            # The instrumentor declares SQLAlchemy < 2.1; the event API it uses is unchanged.
            instrumentor.instrument(engine=sync_engine, skip_dep_check=True)
        else:
            # The instrumentor is a singleton that instruments once; later engines get
            # the same per-engine tracer it attaches.
            _engine_tracer(sync_engine)


def _is_traced(engine: Engine) -> bool:
    return any(
        isinstance(getattr(listener, "__self__", None), EngineTracer)
        for listener in engine.dispatch.before_cursor_execute
    )


_sql_instruments: tuple[Any, Any] | None = None


def _engine_tracer(engine: Engine) -> None:
    global _sql_instruments
    if _sql_instruments is None:
        name = "opentelemetry.instrumentation.sqlalchemy"
        usage = get_meter(name, sqlalchemy_inst_version).create_up_down_counter(
            name=MetricInstruments.DB_CLIENT_CONNECTIONS_USAGE,
            unit="connections",
            description="The number of connections that are currently in state described "
            "by the state attribute.",
        )
        _sql_instruments = (trace.get_tracer(name, sqlalchemy_inst_version), usage)
    sql_tracer, usage = _sql_instruments
    EngineTracer(sql_tracer, engine, usage)  # type: ignore[no-untyped-call]


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the current span; ``None`` outside a valid span."""
    carrier: dict[str, str] = {}
    _trace_context.inject(carrier)
    return carrier.get("traceparent")


def extract_context(headers: Sequence[tuple[str, bytes | None]] | None) -> Context:
    """The trace context carried in Kafka record headers (``traceparent``, ``baggage``).

    Without a valid ``traceparent`` this is an empty context, so a span started in it is
    a new root rather than a child of whatever is current.
    """
    carrier: dict[str, str] = {}
    for key, value in headers or ():
        if value is not None:
            carrier.setdefault(key.lower(), value.decode("utf-8", errors="replace"))
    return propagate.extract(carrier, context=Context())


def tracer(name: str) -> trace.Tracer:
    """A tracer from the global provider (a no-op one until :func:`setup_telemetry`)."""
    return trace.get_tracer(name)
