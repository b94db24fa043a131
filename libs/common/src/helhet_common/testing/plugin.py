"""The repository's pytest plugin (``-p helhet_common.testing.plugin``).

Fixtures:

- ``test_settings`` (session): :class:`HelhetTestSettings`, read from the environment.
- ``postgres_admin_url`` (session): an admin URL on the test PostgreSQL server
  (``TEST_DATABASE_URL``); fails with a clear message when the server is unreachable.
- ``make_database`` (session): ``make_database(prefix) -> url``, a fresh PostgreSQL
  database per call; every one is dropped at the end of the session.
- ``database_backend`` (session): ``"postgresql"`` or ``"sqlite"``. Every test that
  uses it, directly or through another fixture (a service's ``database_url``, and so
  ``settings``, ``client``, ``app``...), runs once per backend in ``TEST_DATABASES``
  (default both: SQLite is the embedded default that ``make dev`` runs on). Mark a test
  or module ``@pytest.mark.databases("postgresql")`` to run it on that backend only.
- ``make_sqlite_database`` (session): ``make_sqlite_database(prefix) -> url``, a fresh
  SQLite file per call, under the session's temporary directory.
- ``make_backend_database`` (session): a fresh database on the test's
  ``database_backend``, from one of the two above.
- ``kafka_bootstrap`` (session): ``TEST_KAFKA_BOOTSTRAP`` when set (waited for), else a
  Tansu broker on a free port for the whole session.
- ``tansu_factory`` (function): ``tansu_factory() -> TansuBroker``, private brokers a
  test may stop and restart; all stopped when the test ends.

Markers by place and need: a test under an ``integration/`` or ``browser/`` folder, or
one that asks for the test database or broker fixtures, is marked ``integration``; one
under ``e2e/`` is marked ``e2e``. So ``-m "not integration and not e2e"`` (``make
unit``) runs the fast tiers only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from pydantic_settings import BaseSettings, SettingsConfigDict

from helhet_common.broker import TansuBroker
from helhet_common.messaging.reachability import wait_for_kafka
from helhet_common.testing.databases import (
    check_server,
    create_database,
    drop_database,
    redact,
)

__all__ = [
    "DATABASE_BACKENDS",
    "DEFAULT_TEST_DATABASE_URL",
    "HelhetTestSettings",
    "MakeDatabase",
    "TansuFactory",
    "database_backend",
    "kafka_bootstrap",
    "make_backend_database",
    "make_database",
    "make_sqlite_database",
    "postgres_admin_url",
    "tansu_factory",
    "test_settings",
]

DEFAULT_TEST_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DATABASE_BACKENDS = ("postgresql", "sqlite")

MakeDatabase = Callable[[str], str]
TansuFactory = Callable[[], TansuBroker]


class HelhetTestSettings(BaseSettings):
    """``TEST_DATABASE_URL`` (admin URL), ``TEST_DATABASES`` (the backends the
    database-backed tests run on, comma-separated) and ``TEST_KAFKA_BOOTSTRAP``
    (optional)."""

    model_config = SettingsConfigDict(env_prefix="TEST_", extra="ignore")

    database_url: str = DEFAULT_TEST_DATABASE_URL
    databases: str = ",".join(DATABASE_BACKENDS)
    kafka_bootstrap: str | None = None
    kafka_wait_timeout: float = 60.0
    broker_start_timeout: float = 30.0

    @property
    def database_backends(self) -> list[str]:
        names = [n for n in re.split(r"[\s,]+", self.databases.strip().lower()) if n]
        unknown = sorted(set(names) - set(DATABASE_BACKENDS))
        if unknown:
            raise ValueError(
                f"TEST_DATABASES names {', '.join(unknown)}: "
                f"the backends are {', '.join(DATABASE_BACKENDS)}"
            )
        return [b for b in DATABASE_BACKENDS if b in names]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "databases(*backends): run only on these database backends "
        f"(of {', '.join(DATABASE_BACKENDS)})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One run per database backend for every test that needs ``database_backend``.

    Session scope: pytest groups the tests by backend, so each backend's session
    fixtures (a service's migrated database, its app) are set up once."""
    if "database_backend" not in metafunc.fixturenames:
        return
    backends = HelhetTestSettings().database_backends
    marker = metafunc.definition.get_closest_marker("databases")
    if marker is not None:
        backends = [b for b in backends if b in marker.args]
    metafunc.parametrize("database_backend", backends, indirect=True, scope="session")


TIER_MARKERS = {"integration": "integration", "browser": "integration", "e2e": "e2e"}
INTEGRATION_FIXTURES = frozenset(
    {"postgres_admin_url", "make_database", "kafka_bootstrap", "tansu_factory"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path
        if path.is_relative_to(config.rootpath):
            path = path.relative_to(config.rootpath)
        markers = {TIER_MARKERS[p] for p in path.parent.parts if p in TIER_MARKERS}
        if INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            markers.add("integration")
        for marker in sorted(markers):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def test_settings() -> HelhetTestSettings:
    return HelhetTestSettings()


@pytest.fixture(scope="session")
def postgres_admin_url(test_settings: HelhetTestSettings) -> str:
    url = test_settings.database_url
    try:
        check_server(url)
    except Exception as exc:
        pytest.fail(
            f"PostgreSQL is unreachable at {redact(url)} ({type(exc).__name__}: {exc}). "
            "Start a local server or point TEST_DATABASE_URL at an admin URL "
            "(postgresql+asyncpg://user:password@host:port/postgres).",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def make_database(postgres_admin_url: str) -> Iterator[MakeDatabase]:
    created: list[str] = []

    def factory(prefix: str) -> str:
        url = create_database(postgres_admin_url, prefix)
        created.append(url)
        return url

    yield factory

    errors: list[str] = []
    for url in reversed(created):
        try:
            drop_database(postgres_admin_url, url)
        except Exception as exc:
            errors.append(f"{redact(url)}: {type(exc).__name__}: {exc}")
    if errors:
        pytest.fail("could not drop test databases:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture(scope="session")
def database_backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run (parametrised by ``pytest_generate_tests``)."""
    backend: str = getattr(request, "param", DATABASE_BACKENDS[0])
    return backend


@pytest.fixture(scope="session")
def make_sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> MakeDatabase:
    def factory(prefix: str) -> str:
        clean = re.sub(r"[^a-z0-9_]+", "_", prefix.lower()).strip("_") or "db"
        folder = tmp_path_factory.mktemp(f"sqlite-{clean}")
        return f"sqlite+aiosqlite:///{folder / f'{clean}.db'}"

    return factory


@pytest.fixture(scope="session")
def make_backend_database(database_backend: str, request: pytest.FixtureRequest) -> MakeDatabase:
    """``make_backend_database(prefix) -> url``: a fresh, empty database on the test's
    backend. PostgreSQL is only asked for when a test runs on it."""
    if database_backend == "sqlite":
        factory: MakeDatabase = request.getfixturevalue("make_sqlite_database")
    else:
        factory = request.getfixturevalue("make_database")
    return factory


@pytest.fixture(scope="session")
def kafka_bootstrap(test_settings: HelhetTestSettings) -> Iterator[str]:
    if test_settings.kafka_bootstrap:
        wait_for_kafka(test_settings.kafka_bootstrap, timeout=test_settings.kafka_wait_timeout)
        yield test_settings.kafka_bootstrap
        return
    broker = TansuBroker()
    broker.start(timeout=test_settings.broker_start_timeout)
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture
def tansu_factory(test_settings: HelhetTestSettings) -> Iterator[TansuFactory]:
    brokers: list[TansuBroker] = []

    def factory() -> TansuBroker:
        broker = TansuBroker()
        brokers.append(broker)
        broker.start(timeout=test_settings.broker_start_timeout)
        return broker

    yield factory

    for broker in brokers:
        broker.stop()
