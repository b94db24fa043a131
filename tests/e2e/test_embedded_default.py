"""The embedded default, as ``make dev`` runs it: SQLite files under ``var/``, Tansu.

The other end-to-end tests point the services at PostgreSQL. This one configures them
as the Makefile's ``dev`` target and the ``Procfile`` do: no database URL (each service
takes its SQLite file under ``var/`` of the working directory), ``LOG_JSON=false``, the
other settings at their defaults, each database made by the service's own ``migrate``
command and plan-service's demo data by its ``seed``. Only the addresses differ (free
ports and a private broker instead of 8001-8004, 9101-9106 and 9092), and variables of
the test's own environment that would configure a service are removed.

The scenario is the fault probe of the SQLite time zones: a participant settled over the
API and the plan saved twice (version 0, then 1); reporting and placement must both
reach plan version 2, with nothing on the dead-letter topics. Every wait polls with a
deadline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from helhet_common.broker import free_port
from helhet_common.testing import wait_until
from helhet_common.testing.plugin import TansuFactory
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens

pytestmark = pytest.mark.e2e

HAMAR = "3403"
# The environment that configures a service (settings.py): none of the test's own.
CONFIGURING = ("HELHET_", "PLAN_", "PLACEMENT_", "VOLUNTEER_", "REPORTING_", "KAFKA_")
CONFIGURING_NAMES = {"LOG_LEVEL", "LOG_JSON", "OTEL_EXPORTER_OTLP_ENDPOINT"}
UTC_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)")


def _configuring(name: str) -> bool:
    upper = name.upper()
    return upper.startswith(CONFIGURING) or upper in CONFIGURING_NAMES


@dataclass
class DevPlatform:
    """plan-service, placement-service and reporting-service as ``make dev`` runs them."""

    workdir: Path
    bootstrap: str
    tokens: DevTokens
    urls: dict[str, str] = field(default_factory=dict)
    processes: list[ServiceProcess] = field(default_factory=list)

    def process(self, service: str, command: str, *args: str, **env: str) -> ServiceProcess:
        """``<service>-service <command> <args>`` in the working directory, as honcho
        starts it."""
        short = service.upper()
        port = self.urls.get(service)
        process = ServiceProcess(
            f"{service}_service.entrypoints.cli",
            [command, *args],
            env={
                "LOG_JSON": "false",  # the Makefile's dev target
                "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
                **({f"{short}_PORT": port.rsplit(":", 1)[1]} if port else {}),
                **env,
            },
            log_path=self.workdir / f"{service}-{command}.log",
            health_url=f"{port}/health/live" if port and command == "api" else None,
            cwd=self.workdir,
            unset=[name for name in os.environ if _configuring(name)],
        )
        self.processes.append(process)
        return process

    def start(self, service: str, command: str, *args: str) -> ServiceProcess:
        return self.process(service, command, *args).start()

    @staticmethod
    def finish(process: ServiceProcess) -> None:
        """Wait for a one-shot command (``migrate``, ``seed``) to succeed."""
        assert process.wait() == 0, f"{process} failed:\n{process.log_tail()}"

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@pytest.fixture
def dev_platform(tmp_path: Path, tansu_factory: TansuFactory) -> Iterator[DevPlatform]:
    broker = tansu_factory()
    platform = DevPlatform(
        workdir=tmp_path,
        bootstrap=broker.bootstrap_servers,
        # The services read the development issuer's keys from var/dev-keys/.
        tokens=DevTokens(tmp_path / "var"),
        urls={s: f"http://127.0.0.1:{free_port()}" for s in ("plan", "placement", "reporting")},
    )
    try:
        # make services-migrate, then make seed (plan-service's demo municipality); each
        # service has its own database, so they run side by side.
        migrations = {s: platform.start(s, "migrate") for s in ("plan", "placement", "reporting")}
        platform.finish(migrations.pop("plan"))
        seed = platform.start("plan", "seed")
        for one_shot in [*migrations.values(), seed]:
            platform.finish(one_shot)
        long_running = [  # the Procfile's lines for these three services
            platform.process("plan", "api"),
            platform.process("plan", "relay", PLAN_METRICS_PORT=str(free_port())),
            platform.process("placement", "api"),
            platform.process("placement", "consume", PLACEMENT_METRICS_PORT=str(free_port())),
            platform.process("reporting", "api"),
            platform.process("reporting", "consume", REPORTING_METRICS_PORT=str(free_port())),
        ]
        for process in long_running:
            process.start()
        for process in long_running:
            process.wait_healthy()
        yield platform
    finally:
        platform.stop()


def _json(response: httpx.Response) -> Any:
    return response.json() if response.status_code == 200 else None


def test_every_plan_version_reaches_reporting_on_the_embedded_default(
    dev_platform: DevPlatform,
) -> None:
    platform, tokens = dev_platform, dev_platform.tokens
    plan, placement, reporting = (platform.urls[s] for s in ("plan", "placement", "reporting"))
    caseworker = tokens.headers("caseworker", municipality=HAMAR)
    leader = tokens.headers("integration_leader", municipality=HAMAR)
    operator = tokens.headers("operator", agency="platform", municipality=HAMAR)
    assert sorted(p.name for p in (platform.workdir / "var").glob("*.db")) == [
        "placement.db",
        "plan.db",
        "reporting.db",
    ]

    with httpx.Client(timeout=10) as client:
        settled = client.post(
            f"{plan}/participants",
            json={
                "municipality": HAMAR,
                "settlement_date": "2026-06-01",
                "birth_year": 1993,
                "household_type": "single",
                "languages": ["ti"],
            },
            headers=caseworker,
        )
        assert settled.status_code == 201, settled.text
        participant = settled.json()["id"]

        def at_version(version: int, url: str, headers: dict[str, str]) -> Any:
            found = _json(client.get(url, headers=headers))
            return found if found and found["plan_version"] == version else None

        def dead_letters() -> list[dict[str, Any]]:
            status = client.get(f"{reporting}/operations/status", headers=operator)
            assert status.status_code == 200, status.text
            letters = status.json()["dead_letters"]
            assert letters is not None, status.json()["broker"]
            return list(letters)

        chain_url = f"{reporting}/participants/{participant}/chain"
        # As on ``make dev``: the plan saved, reporting looked at, the plan saved again.
        # (Each version then reaches the consumer in its own batch, so the second is
        # folded onto the chain as the database gave it back.)
        for based_on in (0, 1):
            saved = client.put(
                f"{plan}/participants/{participant}/plan",
                json=plan_body(based_on),
                headers=caseworker,
            )
            assert saved.status_code == 200, saved.text
            version = based_on + 1
            assert saved.json()["plan"]["version"] == version
            try:
                reported = wait_until(
                    partial(at_version, version, chain_url, leader),
                    timeout=90,
                    message=f"reporting at plan version {version}",
                )
            except AssertionError as stuck:
                letters = _summary(dead_letters())
                raise AssertionError(f"{stuck}\ndead letters: {letters}") from stuck
        profile = wait_until(
            lambda: at_version(2, f"{placement}/participants/{participant}/profile", caseworker),
            timeout=90,
            message="placement at plan version 2",
        )

        assert profile["plan_version"] == reported["plan_version"] == 2
        for moment in (reported["updated_at"], reported["plan_updated_at"]):
            assert UTC_DATE_TIME.fullmatch(moment), moment
        # The demo data went through as well: its participants are in the overview.
        overview = client.get(f"{reporting}/overview", headers=leader).json()
        assert overview["total"] > 1
        assert dead_letters() == []


def plan_body(based_on: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "version": based_on,
        "end_goal": "work",
        "norwegian_goal": "B1" if based_on == 0 else "B2",
        "activities": [
            {"kind": "norwegian", "provider_unit": "Hamar læringssenter", "hours_per_week": 20}
        ],
    }
    if based_on:
        body["reason"] = "Agreed with the participant in the three-way talk."
    return body


def _summary(letters: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(d["event_type"], d["consumer"], d["error"]) for d in letters]


# The commands make dev runs besides the servers (the Procfile's webhook deliveries and
# alert evaluation) and the daily jobs of production, each once.
JOBS = [
    ("plan", ("webhooks", "--once")),
    ("plan", ("expire-consents",)),
    ("plan", ("prune-idempotency",)),
    ("reporting", ("evaluate-alerts",)),
    ("reporting", ("prune-processed",)),
]


def test_the_jobs_run_on_the_embedded_default(tmp_path: Path, tansu_factory: TansuFactory) -> None:
    """Each job finds the SQLite file its service's migrate made, with no database URL
    set: plan-service's webhook deliveries once restarted in a loop under make dev,
    because they asked for the URL only a production setting gives."""
    platform = DevPlatform(
        workdir=tmp_path, bootstrap=tansu_factory().bootstrap_servers, tokens=DevTokens(tmp_path)
    )
    try:
        for service in ("plan", "reporting"):
            DevPlatform.finish(platform.start(service, "migrate"))
        for service, command in JOBS:
            DevPlatform.finish(platform.start(service, *command))
    finally:
        platform.stop()


def _answers_live(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_webhook_deliverer_answers_its_liveness_probe_and_stops_cleanly(
    tmp_path: Path, tansu_factory: TansuFactory
) -> None:
    """``plan-service webhooks`` runs for good (a Deployment in production, a process of
    make dev): it serves ``/health/live`` and ``/metrics`` on ``PLAN_METRICS_PORT`` for
    its probes, and SIGTERM ends it between rounds with exit code 0, not killed mid-round."""
    platform = DevPlatform(
        workdir=tmp_path, bootstrap=tansu_factory().bootstrap_servers, tokens=DevTokens(tmp_path)
    )
    port = free_port()
    try:
        DevPlatform.finish(platform.start("plan", "migrate"))
        deliverer = platform.process(
            "plan", "webhooks", "--every", "0.2", PLAN_METRICS_PORT=str(port)
        ).start()
        live = f"http://127.0.0.1:{port}/health/live"
        wait_until(partial(_answers_live, live), timeout=60, message=deliverer.log_tail())
        assert "# TYPE" in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        deliverer.stop()
        assert deliverer.wait(timeout=5) == 0, deliverer.log_tail()
    finally:
        platform.stop()
