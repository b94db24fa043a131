"""Contract tests every service passes: the operational surface is the same everywhere.

A service's ``tests/integration/test_operations.py`` subclasses
``OperationalSurfaceContract`` and names its ``ServiceDefinition``; pytest runs every
inherited test against that service (fixtures ``client``, ``settings``, ``dev_tokens``,
``kafka_bootstrap`` from ``service_fixtures`` and the plugin).
"""

from __future__ import annotations

from typing import ClassVar

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.service import ServiceDefinition
from helhet_common.settings import ServiceSettings
from helhet_common.testing.services import DevTokens, service_settings

MISSING = "helhet_test_missing"


class OperationalSurfaceContract:
    definition: ClassVar[ServiceDefinition]

    async def test_live_answers(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health/live")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ok"}

    async def test_ready_reports_database_and_broker(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health/ready")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}

    async def test_ready_is_unavailable_without_its_database(
        self, settings: ServiceSettings, kafka_bootstrap: str, dev_tokens: DevTokens
    ) -> None:
        url = make_url(settings.resolved_database_url)
        # A PostgreSQL database that does not exist; for SQLite, a directory (it would
        # create a missing file, but cannot open a directory).
        missing = url.set(
            database=str(dev_tokens.home) if url.get_backend_name() == "sqlite" else MISSING
        )
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

    async def test_the_migrations_make_the_tables_the_code_declares(
        self, test_engine: AsyncEngine
    ) -> None:
        """Alembic compares the migrated database (PostgreSQL or SQLite) with the
        service's tables, column types included, and finds nothing to change: no missing
        migration, and the column types (e.g. ``UtcDateTime``) are the database types
        the migrations created."""
        metadata = self.definition.tables.outbox.metadata

        def differences(connection: Connection) -> list[object]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))

        async with test_engine.connect() as connection:
            found = await connection.run_sync(differences)
        assert found == []

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
