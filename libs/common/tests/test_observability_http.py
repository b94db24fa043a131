"""RequestContextMiddleware and the Prometheus metrics: ids, one log line, HTTP metrics."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import structlog
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse
from httpx import ASGITransport, AsyncClient
from prometheus_client import REGISTRY

from helhet_common.observability import (
    RequestContextMiddleware,
    configure_logging,
    get_correlation_id,
    get_request_id,
    metrics,
    metrics_response,
)
from helhet_common.observability.logging import flush_logs
from helhet_common.settings import ServiceSettings


@pytest.fixture
def service() -> str:
    """A service name of its own, so that each test reads only its own samples."""
    return f"http-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def log_stream(service: str) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_structlog = structlog.get_config()
    stream = io.StringIO()
    update = {"service_name": service, "log_level": "INFO", "log_json": True}
    configure_logging(ServiceSettings().model_copy(update=update), stream=stream)
    yield stream
    flush_logs()
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    logging.captureWarnings(False)
    structlog.configure(**saved_structlog)


def request_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    flush_logs()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if line["event"] == "http_request"]


def build_app(service: str) -> FastAPI:
    app = FastAPI()
    participants = APIRouter(prefix="/participants")

    @participants.get("/{participant_id}")
    async def participant(participant_id: str) -> dict[str, str | None]:
        structlog.get_logger("helhet.test").info("participant_read", participant_id=participant_id)
        return {
            "id": participant_id,
            "request_id": get_request_id(),
            "correlation_id": get_correlation_id(),
        }

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for number in range(3):
                yield f"chunk-{number}\n".encode()

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    app.add_api_route("/metrics", metrics_response, include_in_schema=False)
    app.include_router(participants)
    app.add_middleware(RequestContextMiddleware, service_name=service)
    return app


@pytest.fixture
async def client(service: str) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=build_app(service), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


def requests_total(service: str, route: str, status: str, method: str = "GET") -> float:
    labels = {"service": service, "method": method, "route": route, "status": status}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


async def test_a_given_request_id_is_echoed_and_used_as_correlation_id(
    client: AsyncClient,
) -> None:
    response = await client.get("/participants/p-1", headers={"X-Request-ID": "req-42"})

    assert response.headers["X-Request-ID"] == "req-42"
    assert response.headers["X-Correlation-ID"] == "req-42"
    assert response.json()["request_id"] == "req-42"
    assert response.json()["correlation_id"] == "req-42"


async def test_a_missing_or_unusable_request_id_is_replaced_by_a_new_one(
    client: AsyncClient,
) -> None:
    plain = await client.get("/participants/p-1")
    odd = await client.get("/participants/p-1", headers={"X-Request-ID": "x" * 500})

    for response in (plain, odd):
        request_id = response.headers["X-Request-ID"]
        assert len(request_id) == 32
        assert int(request_id, 16) >= 0
    assert plain.headers["X-Request-ID"] != odd.headers["X-Request-ID"]


async def test_a_given_correlation_id_is_kept_beside_a_new_request_id(
    client: AsyncClient,
) -> None:
    response = await client.get("/participants/p-1", headers={"X-Correlation-ID": "flow-7"})

    assert response.headers["X-Correlation-ID"] == "flow-7"
    assert response.json()["correlation_id"] == "flow-7"
    assert response.headers["X-Request-ID"] != "flow-7"


async def test_log_lines_of_a_request_carry_its_ids_and_the_context_is_cleared_after(
    client: AsyncClient, log_stream: io.StringIO, service: str
) -> None:
    await client.get("/participants/p-1", headers={"X-Request-ID": "req-1"})

    flush_logs()
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    read = next(line for line in lines if line["event"] == "participant_read")
    assert read["request_id"] == "req-1"
    assert read["service"] == service
    [request] = request_lines(log_stream)
    assert (
        request.items()
        >= {
            "level": "info",
            "method": "GET",
            "path": "/participants/p-1",
            "route": "/participants/{participant_id}",
            "status": 200,
            "request_id": "req-1",
            "correlation_id": "req-1",
        }.items()
    )
    assert request["duration_ms"] >= 0
    assert get_request_id() is None


async def test_requests_are_counted_by_route_template(client: AsyncClient, service: str) -> None:
    await client.get("/participants/p-1")
    await client.get("/participants/p-2")

    assert requests_total(service, "/participants/{participant_id}", "200") == 2
    assert requests_total(service, "/participants/p-1", "200") == 0
    duration_count = REGISTRY.get_sample_value(
        "http_request_duration_seconds_count",
        {"service": service, "method": "GET", "route": "/participants/{participant_id}"},
    )
    assert duration_count == 2


async def test_a_path_no_route_matches_is_counted_as_unmatched(
    client: AsyncClient, service: str
) -> None:
    response = await client.get("/no/such/path")

    assert response.status_code == 404
    assert requests_total(service, "unmatched", "404") == 1


async def test_a_route_that_raises_is_recorded_and_logged_as_500(
    client: AsyncClient, log_stream: io.StringIO, service: str
) -> None:
    response = await client.get("/boom")

    assert response.status_code == 500
    assert requests_total(service, "/boom", "500") == 1
    [request] = request_lines(log_stream)
    assert request["level"] == "error"
    assert request["status"] == 500
    assert request["error"] == "RuntimeError"
    assert "RuntimeError: boom" in request["exception"]


async def test_a_streaming_response_streams_through_with_the_ids(
    client: AsyncClient, service: str
) -> None:
    async with client.stream("GET", "/stream", headers={"X-Request-ID": "s-1"}) as response:
        chunks = [chunk async for chunk in response.aiter_text()]

    assert "".join(chunks) == "chunk-0\nchunk-1\nchunk-2\n"
    assert response.headers["X-Request-ID"] == "s-1"
    assert requests_total(service, "/stream", "200") == 1


async def test_health_and_metrics_requests_are_logged_only_at_debug(
    client: AsyncClient, log_stream: io.StringIO, service: str
) -> None:
    await client.get("/health/live")
    await client.get("/metrics")

    assert request_lines(log_stream) == []
    assert requests_total(service, "/health/live", "200") == 1


async def test_the_metrics_endpoint_exposes_every_metric(client: AsyncClient) -> None:
    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for name in (
        "http_requests_total",
        "http_request_duration_seconds",
        "events_published_total",
        "events_consumed_total",
        "outbox_backlog",
        "outbox_oldest_unpublished_age_seconds",
        "outbox_publish_failures_total",
        "consumer_lag",
        "consumer_heartbeat_age_seconds",
        "dead_letters_total",
        "projection_delay_seconds",
    ):
        assert f"# TYPE {name} " in response.text


def test_projection_delay_is_measured_from_the_event_time_and_never_negative(
    service: str,
) -> None:
    assert metrics.observe_projection_delay(service, datetime.now(UTC) - timedelta(seconds=2)) >= 2
    assert metrics.observe_projection_delay(service, datetime.now(UTC) + timedelta(hours=1)) == 0

    count = REGISTRY.get_sample_value("projection_delay_seconds_count", {"service": service})
    assert count == 2
