"""Contract tests every service passes: the operational surface is the same everywhere.

A service's ``tests/integration/test_operations.py`` subclasses
``OperationalSurfaceContract`` and names its ``ServiceDefinition``; pytest runs every
inherited test against that service (fixtures ``client``, ``settings``, ``dev_tokens``,
``test_engine``, ``kafka_bootstrap`` from ``service_fixtures`` and the plugin). The
consumer's tests run for a service with a projection and are skipped for the others.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.service import ServiceDefinition
from helhet_common.settings import ServiceSettings
from helhet_common.testing.services import DevTokens, service_settings


class OperationalSurfaceContract:
    definition: ClassVar[ServiceDefinition]

    async def test_live_answers(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health/live")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ok"}

    @property
    def has_consumer(self) -> bool:
        return self.definition.projection is not None

    async def beat(self, engine: AsyncEngine, settings: ServiceSettings, *, ago_s: float) -> None:
        """A heartbeat row of the service's consumer group, ``ago_s`` seconds old."""
        table = self.definition.tables.consumer_heartbeats
        at = datetime.now(UTC) - timedelta(seconds=ago_s)
        async with engine.begin() as conn:
            await conn.execute(delete(table))
            await conn.execute(
                insert(table).values(
                    consumer=settings.resolved_consumer_group,
                    process="consumer-host:4242",
                    state="running",
                    started_at=at - timedelta(minutes=5),
                    beat_at=at,
                    batch_at=at,
                    positions={"helhet.test:0": 7},
                    lag=3,
                )
            )

    async def test_ready_reports_database_and_broker(
        self, client: httpx.AsyncClient, settings: ServiceSettings, test_engine: AsyncEngine
    ) -> None:
        checks = {"database": "ok", "broker": "ok"}
        if self.has_consumer:
            await self.beat(test_engine, settings, ago_s=1)
            checks["consumer"] = "ok"
        response = await client.get("/health/ready")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ok", "checks": checks}

    async def test_ready_says_why_when_the_consumer_never_ran(
        self, client: httpx.AsyncClient, settings: ServiceSettings
    ) -> None:
        if not self.has_consumer:
            pytest.skip("the service has no consumer")
        response = await client.get("/health/ready")
        strict = await client.get("/health/ready", params={"strict": "true"})

        assert response.status_code == 200, response.text
        assert response.json()["status"] == "degraded"
        reason = response.json()["checks"]["consumer"]
        assert reason.startswith("not started: ")
        assert settings.resolved_consumer_group in reason
        assert strict.status_code == 200, strict.text  # strict is about the broker

    async def test_ready_is_unavailable_when_the_consumer_stopped_beating(
        self, client: httpx.AsyncClient, settings: ServiceSettings, test_engine: AsyncEngine
    ) -> None:
        if not self.has_consumer:
            pytest.skip("the service has no consumer")
        await self.beat(test_engine, settings, ago_s=settings.consumer_stale_after_s + 60)

        response = await client.get("/health/ready")

        assert response.status_code == 503, response.text
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["checks"]["database"] == "ok"
        reason = body["checks"]["consumer"]
        assert reason.startswith("stale: ")
        assert settings.resolved_consumer_group in reason
        assert "consumer-host:4242" in reason

    async def test_metrics_show_the_outbox_backlog_read_from_the_database(
        self, client: httpx.AsyncClient, test_engine: AsyncEngine
    ) -> None:
        """No relay runs here: the backlog is the api's own reading of the outbox."""
        outbox = self.definition.tables.outbox
        now = datetime.now(UTC)

        def row(created_ago_s: float, published: bool) -> dict[str, Any]:
            return {
                "event_id": str(uuid.uuid4()),
                "event_type": "helhet.test.written.v1",
                "topic": "helhet.test",
                "key": "k",
                "payload": b"{}",
                "headers": {},
                "created_at": now - timedelta(seconds=created_ago_s),
                "published_at": now if published else None,
            }

        async with test_engine.begin() as conn:
            await conn.execute(insert(outbox), [row(90, True), row(60, False), row(5, False)])
        first = await self.gauges(client)
        async with test_engine.begin() as conn:
            await conn.execute(insert(outbox), [row(1, False)])
        second = await self.gauges(client)

        assert first["outbox_backlog"] == 2
        assert 60 <= first["outbox_oldest_unpublished_age_seconds"] < 120
        assert second["outbox_backlog"] == 3

    async def gauges(self, client: httpx.AsyncClient) -> dict[str, float]:
        """The service's samples of the api's outbox gauges on ``/metrics``."""
        response = await client.get("/metrics")
        assert response.status_code == 200, response.text
        return {
            sample.name: sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
            if sample.name in ("outbox_backlog", "outbox_oldest_unpublished_age_seconds")
            and sample.labels == {"service": self.definition.name}
        }

    async def test_ready_is_unavailable_without_its_database(
        self, settings: ServiceSettings, kafka_bootstrap: str, dev_tokens: DevTokens
    ) -> None:
        missing = make_url(settings.resolved_database_url).set(database="helhet_test_missing")
        broken = service_settings(
            type(settings),
            database_url=missing.render_as_string(hide_password=False),
            kafka_bootstrap=kafka_bootstrap,
            home=dev_tokens.home,
        )
        app = self.definition.app_factory(broken)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
        ):
            response = await http.get("/health/ready")
        assert response.status_code == 503, response.text
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["checks"]["database"].startswith("down: ")
        assert body["checks"]["broker"] == "ok"

    async def test_metrics_count_the_requests_served(self, client: httpx.AsyncClient) -> None:
        await client.get("/health/live")
        response = await client.get("/metrics")
        assert response.status_code == 200, response.text
        served = [
            sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
            if sample.name == "http_requests_total"
            and sample.labels
            == {
                "service": self.definition.name,
                "method": "GET",
                "route": "/health/live",
                "status": "200",
            }
        ]
        assert served, "no request count for GET /health/live"
        assert served[0] >= 1

    async def test_openapi_document_loads(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/openapi.json")
        assert response.status_code == 200, response.text
        document = response.json()
        assert document["openapi"].startswith("3.")
        assert document["info"]["title"] == f"Helhet {self.definition.name}"
        assert {"/health/live", "/health/ready"} <= set(document["paths"])

    def test_settings_read_the_service_prefix_and_the_shared_broker(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings_cls = type(self.definition.settings_factory())
        prefix = str(settings_cls.model_config.get("env_prefix", ""))
        assert prefix.endswith("_")
        url = "postgresql+asyncpg://helhet@db.example:5432/service"
        monkeypatch.setenv(f"{prefix}DATABASE_URL", url)
        monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.example:9092")
        settings = settings_cls()
        assert settings.resolved_database_url == url
        assert settings.kafka_bootstrap_servers == "kafka-0.example:9092"
        assert settings.service_name == self.definition.name
        assert settings.source == f"/helhet/{self.definition.name}"
