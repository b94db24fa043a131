"""End-to-end fixtures: the services running as processes, as ``make dev`` runs them.

Each test gets fresh PostgreSQL databases for plan-service and reporting-service and
starts plan-service's api and relay and reporting-service's consumer and api, driven
over HTTP. Tests that stop the broker pass their own (``tansu_factory``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from helhet_common.broker import free_port
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS

pytestmark = pytest.mark.e2e


@dataclass
class Platform:
    plan_url: str
    reporting_url: str
    tokens: DevTokens
    processes: dict[str, ServiceProcess] = field(default_factory=dict)

    def caseworker(self, municipality: str = "3403") -> dict[str, str]:
        return self.tokens.headers("caseworker", municipality=municipality)

    def leader(self, municipality: str = "3403") -> dict[str, str]:
        return self.tokens.headers("integration_leader", municipality=municipality)

    def overview(self, municipality: str = "3403") -> dict[str, object]:
        response = httpx.get(
            f"{self.reporting_url}/overview", headers=self.leader(municipality), timeout=5
        )
        response.raise_for_status()
        data: dict[str, object] = response.json()
        return data

    def stage_counts(self, municipality: str = "3403") -> dict[str, int]:
        stages = self.overview(municipality)["stages"]
        assert isinstance(stages, list)
        return {s["stage"]: s["count"] for s in stages}

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()

    def settle(self, client: httpx.Client, **overrides: object) -> str:
        body = {
            "municipality": "3403",
            "settlement_date": "2026-06-01",
            "birth_year": 1993,
            "household_type": "single",
            "languages": ["ti"],
            **overrides,
        }
        response = client.post(
            f"{self.plan_url}/participants", json=body, headers=self.caseworker()
        )
        assert response.status_code == 201, response.text
        participant_id: str = response.json()["id"]
        return participant_id


PlatformFactory = Callable[[str], Platform]


def _start_platform(
    bootstrap: str, make_database: MakeDatabase, workdir: Path, tokens: DevTokens
) -> Platform:
    plan_db = migrate_database(PLAN_MIGRATIONS, make_database("e2e_plan"))
    reporting_db = migrate_database(REPORTING_MIGRATIONS, make_database("e2e_reporting"))
    plan_port, reporting_port = free_port(), free_port()
    relay_metrics, consumer_metrics = free_port(), free_port()
    common = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "HELHET_HOME": str(tokens.home),
        "HELHET_ENVIRONMENT": "test",
        "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_REQUEST_TIMEOUT_MS": "2000",
        "LOG_LEVEL": "INFO",
    }
    plan_env = {
        **common,
        "PLAN_DATABASE_URL": plan_db,
        "PLAN_PORT": str(plan_port),
        "PLAN_OUTBOX_POLL_INTERVAL_S": "0.02",
        "PLAN_OUTBOX_MAX_BACKOFF_S": "1",
        "PLAN_METRICS_PORT": str(relay_metrics),
    }
    reporting_env = {
        **common,
        "REPORTING_DATABASE_URL": reporting_db,
        "REPORTING_PORT": str(reporting_port),
        "REPORTING_METRICS_PORT": str(consumer_metrics),
    }
    platform = Platform(
        plan_url=f"http://127.0.0.1:{plan_port}",
        reporting_url=f"http://127.0.0.1:{reporting_port}",
        tokens=tokens,
    )
    plan, reporting = "plan_service.entrypoints.cli", "reporting_service.entrypoints.cli"
    specs = {
        "plan-api": (plan, "api", plan_env, platform.plan_url),
        "plan-relay": (plan, "relay", plan_env, None),
        "reporting-consumer": (reporting, "consume", reporting_env, None),
        "reporting-api": (reporting, "api", reporting_env, platform.reporting_url),
    }
    for name, (module, command, env, url) in specs.items():
        if command == "api":
            # The metrics ports are the relay's and the consumer's; an api given one would
            # serve its own metrics there (and fail to bind it beside them).
            env = {k: v for k, v in env.items() if not k.endswith("_METRICS_PORT")}
        platform.processes[name] = ServiceProcess(
            module,
            [command],
            env=env,
            log_path=workdir / f"{name}.log",
            health_url=f"{url}/health/live" if url else None,
        )
    for process in platform.processes.values():
        process.start()
    try:
        for process in platform.processes.values():
            process.wait_healthy()
    except BaseException:
        platform.stop()
        raise
    return platform


@contextmanager
def _platforms(make_database: MakeDatabase, workdir: Path) -> Iterator[PlatformFactory]:
    started: list[Platform] = []
    tokens = DevTokens(workdir / "home")

    def factory(bootstrap: str) -> Platform:
        platform = _start_platform(bootstrap, make_database, workdir, tokens)
        started.append(platform)
        return platform

    try:
        yield factory
    finally:
        for platform in reversed(started):
            platform.stop()


@pytest.fixture
def platform_factory(make_database: MakeDatabase, tmp_path: Path) -> Iterator[PlatformFactory]:
    """Start the platform on a broker; stopped when the test ends."""
    with _platforms(make_database, tmp_path) as factory:
        yield factory


@pytest.fixture(scope="module")
def platform_factory_module(
    make_database: MakeDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlatformFactory]:
    """The same, shared by a module's tests."""
    with _platforms(make_database, tmp_path_factory.mktemp("platform")) as factory:
        yield factory
