"""Contract tests every service passes: the operational surface is the same everywhere.

A service's ``tests/integration/test_operations.py`` subclasses
``OperationalSurfaceContract`` and names its ``ServiceDefinition``; pytest runs every
inherited test against that service (fixtures ``client``, ``settings``, ``dev_tokens``,
``test_engine``, ``kafka_bootstrap`` from ``service_fixtures`` and the plugin). The
consumer's tests run for a service with a projection and are skipped for the others.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Connection, delete, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.app import metrics_app
from helhet_common.db import create_engine
from helhet_common.db.migrations import CONSUMER_HEARTBEAT_REBALANCES, alembic_config, upgrade
from helhet_common.errors import PROBLEM_CONTENT_TYPE
from helhet_common.openapi import OWN_BODIES
from helhet_common.service import ServiceDefinition
from helhet_common.settings import ServiceSettings
from helhet_common.testing.services import DevTokens, service_settings

MISSING = "helhet_test_missing"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
# Error responses that are not problems: the readiness and outbox answers are their own
# JSON.
OWN_ERROR_BODIES = set(OWN_BODIES)


def _concrete(path: str) -> str:
    """A documented path with a made-up value in every parameter."""
    return re.sub(r"\{[^}]+\}", "0193a0e0-0000-7000-8000-000000000001", path)


async def scrape(app: FastAPI) -> httpx.Response:
    """``GET /metrics`` on the api's metrics server (what ``<PREFIX>_METRICS_PORT``
    serves), in process."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=metrics_app(app)), base_url="http://metrics"
    ) as http:
        return await http.get("/metrics")


def _before_rebalance_counters(config: Config) -> str:
    """The revision before the service's revision that adds the rebalance counters."""
    for script in ScriptDirectory.from_config(config).walk_revisions():
        if script.module.upgrade == CONSUMER_HEARTBEAT_REBALANCES.upgrade:
            assert isinstance(script.down_revision, str)
            return script.down_revision
    raise AssertionError("no revision adds the rebalance counters")


class OperationalSurfaceContract:
    definition: ClassVar[ServiceDefinition]

    async def test_live_answers(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health/live")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ok"}

    @property
    def has_consumer(self) -> bool:
        return self.definition.consumes

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
        self, app: FastAPI, test_engine: AsyncEngine
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
        first = await self.gauges(app)
        async with test_engine.begin() as conn:
            await conn.execute(insert(outbox), [row(1, False)])
        second = await self.gauges(app)

        assert first["outbox_backlog"] == 2
        assert 60 <= first["outbox_oldest_unpublished_age_seconds"] < 120
        assert second["outbox_backlog"] == 3

    async def test_health_outbox_tells_the_backlog_and_its_oldest_age(
        self, app: FastAPI, client: httpx.AsyncClient, test_engine: AsyncEngine
    ) -> None:
        """``/health/outbox``, which reporting's operations page reads from every
        service: counts only, no token needed, read from the database (no relay runs)."""
        outbox = self.definition.tables.outbox
        now = datetime.now(UTC)
        empty = await client.get("/health/outbox")  # before the rows below
        async with test_engine.begin() as conn:
            await conn.execute(
                insert(outbox),
                [
                    {
                        "event_id": str(uuid.uuid4()),
                        "event_type": "helhet.test.written.v1",
                        "topic": "helhet.test",
                        "key": "k",
                        "payload": b"{}",
                        "headers": {},
                        "created_at": now - timedelta(seconds=ago),
                        "published_at": now if published else None,
                    }
                    for ago, published in ((300, True), (90, False), (5, False))
                ],
            )
        waiting = await client.get("/health/outbox")

        assert empty.status_code == 200, empty.text
        before = empty.json()
        assert before["service"] == self.definition.name
        assert before["status"] == "ok"
        # (another test of this class may have left rows of its own)
        assert (before["backlog"] == 0) == (before["oldest_age_s"] is None)
        assert waiting.json()["backlog"] == before["backlog"] + 2
        assert waiting.json()["oldest_age_s"] >= 90

    async def gauges(self, app: FastAPI) -> dict[str, float]:
        """The service's samples of the api's outbox gauges on its metrics port."""
        response = await scrape(app)
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

    async def test_metrics_are_off_the_public_port_with_a_metrics_port(
        self, settings: ServiceSettings
    ) -> None:
        """With ``<PREFIX>_METRICS_PORT`` set the public port has no ``/metrics`` (in
        production also without it); the metrics server has, with the service's gauges.
        In development and test without a metrics port it stays on the public port."""
        for changes, public in (
            ({"metrics_port": 9101}, 404),
            (
                {
                    "metrics_port": 0,
                    "environment": "production",
                    "jwks_file": settings.resolved_jwks_file,
                },
                404,
            ),
            ({"metrics_port": 0, "environment": "test"}, 200),
        ):
            variant = settings.model_copy(update=changes)
            app = self.definition.app_factory(variant)
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://t"
                ) as http,
            ):
                assert (await http.get("/metrics")).status_code == public, changes
                assert (await http.get("/health/live")).status_code == 200
                scraped = await scrape(app)
            assert scraped.status_code == 200, scraped.text
            assert f'outbox_backlog{{service="{self.definition.name}"}}' in scraped.text

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

    async def test_the_rebalance_counters_migrate_down_and_up(
        self, make_backend_database: Callable[[str], str]
    ) -> None:
        """The revision that adds the rebalance counters to ``consumer_heartbeats`` goes
        down (dropping them, keeping the row) and up again (the row counts from 0), and
        the database is then what the code declares."""
        definition = self.definition
        url = make_backend_database(f"{definition.name.split('-')[0]}_down_up")
        upgrade(definition.migrations_dir, url)
        config = alembic_config(definition.migrations_dir, url)
        table = definition.tables.consumer_heartbeats
        at = datetime.now(UTC)
        engine = create_engine(url)
        try:
            async with engine.begin() as conn:
                await conn.execute(
                    insert(table).values(
                        consumer="g",
                        process="p",
                        state="running",
                        started_at=at,
                        beat_at=at,
                        rebalances=3,
                        last_rebalance_at=at,
                    )
                )
            await asyncio.to_thread(command.downgrade, config, _before_rebalance_counters(config))

            def columns(connection: Connection) -> set[str]:
                return {c["name"] for c in inspect(connection).get_columns(table.name)}

            async with engine.connect() as conn:
                down = await conn.run_sync(columns)
                assert (
                    await conn.execute(text(f"SELECT count(*) FROM {table.name}"))
                ).scalar() == 1
            upgrade(definition.migrations_dir, url)
            async with engine.connect() as conn:
                row = (await conn.execute(select(table))).one()

                def differences(connection: Connection) -> list[object]:
                    context = MigrationContext.configure(connection, opts={"compare_type": True})
                    return list(compare_metadata(context, table.metadata))

                found = await conn.run_sync(differences)
        finally:
            await engine.dispose()
        assert "rebalances" not in down
        assert {"consumer", "beat_at", "lag"} <= down
        assert (row.rebalances, row.last_rebalance_at, row.rolled_back_batches) == (0, None, 0)
        assert row.commits_refused == 0
        assert found == []

    async def test_metrics_count_the_requests_served(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        await client.get("/health/live")
        response = await scrape(app)
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
        assert {"/health/live", "/health/ready", "/health/outbox"} <= set(document["paths"])

    async def test_openapi_declares_every_error_as_a_problem(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        wrong = []
        for path, item in document["paths"].items():
            for method, operation in item.items():
                for status, response in operation["responses"].items():
                    if not status.startswith(("4", "5")):
                        continue
                    if (path, method, status) in OWN_ERROR_BODIES:
                        continue
                    content = response.get("content", {})
                    schema = content.get(PROBLEM_CONTENT_TYPE, {}).get("schema")
                    if list(content) != [PROBLEM_CONTENT_TYPE] or schema != {
                        "$ref": "#/components/schemas/Problem"
                    }:
                        wrong.append(f"{method.upper()} {path} {status}: {list(content)}")
                if "requestBody" in operation and "413" not in operation["responses"]:
                    wrong.append(f"{method.upper()} {path}: no 413")
                if "504" not in operation["responses"]:
                    wrong.append(f"{method.upper()} {path}: no 504")
        assert not wrong, "\n".join(wrong)
        problem = document["components"]["schemas"]["Problem"]
        assert {"type", "title", "status", "code"} <= set(problem["required"])
        assert {"detail", "instance", "errors"} <= set(problem["properties"])
        assert "HTTPValidationError" not in document["components"]["schemas"]

    async def test_options_allows_exactly_the_documented_methods(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        wrong = []
        for path, item in document["paths"].items():
            documented = {m.upper() for m in item if m in HTTP_METHODS}
            response = await client.options(_concrete(path))
            allowed = {m.strip() for m in response.headers.get("allow", "").split(",")}
            expected = documented | {"OPTIONS"} | ({"HEAD"} if "GET" in documented else set())
            if response.status_code != 204 or allowed != expected:
                wrong.append(f"{path}: {response.status_code} Allow {sorted(allowed)}")
        assert not wrong, "\n".join(wrong)

    async def test_no_answer_may_be_stored_by_a_cache(
        self, client: httpx.AsyncClient, dev_tokens: DevTokens
    ) -> None:
        """Every GET the service documents answers with ``Cache-Control: no-store``,
        whatever its status: the answers carry (or name) participants' personal data."""
        document = (await client.get("/openapi.json")).json()
        headers = dev_tokens.headers("integration_leader", municipality="3403")
        cached = []
        for path, item in document["paths"].items():
            if "get" not in item:
                continue
            response = await client.get(_concrete(path), headers=headers)
            if response.headers.get("cache-control") != "no-store":
                cached.append(f"GET {path} {response.status_code}")
        assert not cached, "\n".join(cached)

    async def test_an_unsupported_method_is_a_405_problem_with_allow(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.delete("/health/live")
        assert response.status_code == 405, response.text
        assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"
        head = await client.head("/health/live")
        assert head.status_code == 200
        assert head.content == b""

    async def test_a_body_over_the_limit_is_a_413_problem(
        self, client: httpx.AsyncClient, settings: ServiceSettings
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        writes = [
            (method, path)
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if "requestBody" in operation
        ]
        if not writes:
            pytest.skip("no operation takes a body")
        method, path = writes[0]
        body = b'{"padding": "' + b"x" * settings.http_max_body_bytes + b'"}'
        response = await client.request(
            method,
            _concrete(path),
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
        problem: dict[str, Any] = response.json()
        assert problem["code"] == "body-too-large"

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

    def test_the_edge_limits_have_defaults_and_read_the_service_prefix(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings_cls = type(self.definition.settings_factory())
        prefix = str(settings_cls.model_config.get("env_prefix", ""))
        defaults = settings_cls()
        assert defaults.http_max_body_bytes == 1024 * 1024
        assert defaults.http_request_timeout_s == 30.0
        monkeypatch.setenv(f"{prefix}HTTP_MAX_BODY_BYTES", "2048")
        monkeypatch.setenv(f"{prefix}HTTP_REQUEST_TIMEOUT_S", "2.5")
        settings = settings_cls()
        assert settings.http_max_body_bytes == 2048
        assert settings.http_request_timeout_s == 2.5
