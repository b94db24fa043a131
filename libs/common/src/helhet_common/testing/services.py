"""Test support for services: tokens, migrated databases, settings, cleanup.

Used by every service's ``tests/conftest.py`` so the services are tested alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import MetaData, delete
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.auth import DevKeys, mint_token
from helhet_common.db import create_engine
from helhet_common.db.migrations import upgrade
from helhet_common.service import ServiceDefinition
from helhet_common.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)

ISSUER = "helhet-dev"
AUDIENCE = "helhet"


class DevTokens:
    """Mints tokens that services configured with ``home`` accept."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.keys = DevKeys(home / "dev-keys").ensure()

    def mint(
        self,
        *roles: str,
        municipality: str = "3403",
        agency: str = "refugee-service",
        sub: str = "tester",
        name: str | None = None,
    ) -> str:
        return mint_token(
            self.keys,
            sub=sub,
            municipality=municipality,
            agency=agency,
            roles=list(roles),
            issuer=ISSUER,
            audience=AUDIENCE,
            extra_claims={"name": name} if name else None,
        )

    def headers(self, *roles: str, **claims: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.mint(*roles, **claims)}"}


def service_settings(
    settings_cls: type[S],
    *,
    database_url: str,
    kafka_bootstrap: str,
    home: Path,
    **overrides: Any,
) -> S:
    """Settings for a service under test: its database, the test broker, test keys."""
    values: dict[str, Any] = dict(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        home=home,
        environment="test",
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        log_json=True,
        log_level="WARNING",
        consumer_session_timeout_ms=2_000,
        outbox_poll_interval_s=0.02,
        outbox_max_backoff_s=1.0,
    )
    values.update(overrides)
    return settings_cls(**values)


def migrate_database(migrations_dir: Path, url: str) -> str:
    upgrade(migrations_dir, url)
    return url


def service_fixtures(definition: ServiceDefinition, metadata: MetaData) -> dict[str, Any]:
    """The fixtures every service's ``tests/conftest.py`` starts from, by name.

    Use as ``globals().update(service_fixtures(definition, metadata))``:

    - ``dev_tokens`` (session): tokens the service accepts;
    - ``database_url`` (session): a fresh database migrated to head, PostgreSQL or a
      SQLite file: the tests that use it run once on each (``database_backend`` of the
      pytest plugin; ``@pytest.mark.databases("postgresql")`` keeps a test to one);
    - ``session_settings`` (session): the service's settings on it and the test broker;
    - ``test_engine`` (session): an engine for the tests' own queries;
    - ``settings``: ``session_settings``, with every table emptied after the test;
    - ``app`` (session): the service's app, its lifespan running;
    - ``client``: an httpx client on ``app`` (tables emptied after the test).

    One app and one engine per session: a fresh engine per test would cost a
    connection and asyncpg's type set-up every time.
    """
    short = definition.name.removesuffix("-service")

    @pytest.fixture(scope="session", name="dev_tokens")
    def _dev_tokens(tmp_path_factory: pytest.TempPathFactory) -> DevTokens:
        return DevTokens(tmp_path_factory.mktemp(f"{short}-home"))

    @pytest.fixture(scope="session", name="database_url")
    def _database_url(make_backend_database: Callable[[str], str]) -> str:
        return migrate_database(definition.migrations_dir, make_backend_database(short))

    @pytest.fixture(scope="session", name="session_settings")
    def _session_settings(
        database_url: str, kafka_bootstrap: str, dev_tokens: DevTokens
    ) -> ServiceSettings:
        return service_settings(
            type(definition.settings_factory()),
            database_url=database_url,
            kafka_bootstrap=kafka_bootstrap,
            home=dev_tokens.home,
        )

    @pytest.fixture(scope="session", name="test_engine")
    async def _test_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(database_url, pool_size=2)
        yield engine
        await engine.dispose()

    @pytest.fixture(name="settings")
    async def _settings(
        session_settings: ServiceSettings, test_engine: AsyncEngine
    ) -> AsyncIterator[ServiceSettings]:
        yield session_settings
        async with test_engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                await conn.execute(delete(table))

    @pytest.fixture(scope="session", name="app")
    async def _app(session_settings: ServiceSettings) -> AsyncIterator[FastAPI]:
        app = definition.app_factory(session_settings)
        async with app.router.lifespan_context(app):
            yield app

    @pytest.fixture(name="client")
    async def _client(settings: ServiceSettings, app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"http://{short}.test"
        ) as http:
            yield http

    return {
        "dev_tokens": _dev_tokens,
        "database_url": _database_url,
        "session_settings": _session_settings,
        "test_engine": _test_engine,
        "settings": _settings,
        "app": _app,
        "client": _client,
    }
