"""Consent, exit and erasure reach every service, end to end (issue 12).

plan-service, placement-service, volunteer-service and reporting-service run as
processes (as in ``make dev``: api, relay and consumer each) on PostgreSQL, and again on
SQLite files (the embedded default), and a real broker; everything goes through their
APIs and plan-service's daily jobs, and only the events carry it from one service to the
others. A participant with a consent-based placement and a volunteer match: the employer
consent withdrawn ends the placement, the volunteer consent lapsing (``plan-service
expire-consents`` on a later day) ends the match, each with its reason. Another
participant exits: placement and volunteer end what runs and drop them from their lists.
The first is erased: gone from placement, volunteer and reporting. Every wait polls with
a deadline and returns as soon as it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from helhet_common.broker import free_port
from helhet_common.clock import SYSTEM_CLOCK
from helhet_common.testing import wait_until
from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.processes import ServiceProcess
from helhet_common.testing.services import DevTokens, migrate_database
from placement_service.bootstrap import MIGRATIONS as PLACEMENT_MIGRATIONS
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS
from volunteer_service.bootstrap import MIGRATIONS as VOLUNTEER_MIGRATIONS

pytestmark = pytest.mark.e2e

HAMAR = "3403"
ORG = "974760673"  # the employer's organisation number (a valid modulus-11 number)
TODAY = SYSTEM_CLOCK.today()  # the services' today (Europe/Oslo)
WAIT = 60  # seconds, at the most, for an event to reach another service

# Each service's migrations and the processes it runs (the Procfile's lines).
SERVICES = {
    "plan": (PLAN_MIGRATIONS, ("api", "relay")),
    "placement": (PLACEMENT_MIGRATIONS, ("api", "relay", "consume")),
    "volunteer": (VOLUNTEER_MIGRATIONS, ("api", "relay", "consume")),
    "reporting": (REPORTING_MIGRATIONS, ("api", "consume")),
}


Processes = dict[str, tuple[Path, tuple[str, ...]]]


class Services:
    """The four services running (or those ``services`` names), with their URLs,
    environments and tokens."""

    def __init__(
        self,
        bootstrap: str,
        make_database: MakeDatabase,
        workdir: Path,
        services: Processes | None = None,
    ) -> None:
        self.services = services or SERVICES
        self.workdir = workdir
        self.tokens = DevTokens(workdir / "home")
        self.urls: dict[str, str] = {}
        self.env: dict[str, dict[str, str]] = {}
        self.processes: list[ServiceProcess] = []
        common = {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "HELHET_HOME": str(self.tokens.home),
            "HELHET_ENVIRONMENT": "test",
            "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "2000",
            "KAFKA_REQUEST_TIMEOUT_MS": "2000",
        }
        for service, (migrations, _) in self.services.items():
            prefix, port = service.upper(), free_port()
            self.urls[service] = f"http://127.0.0.1:{port}"
            self.env[service] = {
                **common,
                f"{prefix}_DATABASE_URL": migrate_database(
                    migrations, make_database(f"e2e_{service}")
                ),
                f"{prefix}_PORT": str(port),
                f"{prefix}_OUTBOX_POLL_INTERVAL_S": "0.02",
            }

    def start(self) -> None:
        for service, (_, commands) in self.services.items():
            for command in commands:
                url = self.urls[service] if command == "api" else None
                # The relay's and the consumer's metrics each on a port of their own.
                metrics = {} if url else {f"{service.upper()}_METRICS_PORT": str(free_port())}
                self.processes.append(
                    ServiceProcess(
                        f"{service}_service.entrypoints.cli",
                        [command],
                        env={**self.env[service], **metrics},
                        log_path=self.workdir / f"{service}-{command}.log",
                        health_url=f"{url}/health/live" if url else None,
                    ).start()
                )
        for process in self.processes:
            process.wait_healthy()

    def run_job(self, service: str, *args: str) -> None:
        """A one-shot command (a daily job), to its end."""
        job = ServiceProcess(
            f"{service}_service.entrypoints.cli",
            list(args),
            env=self.env[service],
            log_path=self.workdir / f"{service}-{args[0]}.log",
        ).start()
        self.processes.append(job)
        assert job.wait() == 0, job.log_tail()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def headers(self, role: str, **claims: str) -> dict[str, str]:
        return self.tokens.headers(role, municipality=HAMAR, **claims)


@pytest.fixture
def services(
    kafka_bootstrap: str, make_backend_database: MakeDatabase, tmp_path: Path
) -> Iterator[Services]:
    """On each database backend: PostgreSQL, and SQLite files as ``make dev`` uses."""
    running = Services(kafka_bootstrap, make_backend_database, tmp_path)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_consent_ends_exits_and_erasure_reach_placement_volunteer_and_reporting(
    services: Services,
) -> None:
    plan, placement, volunteer, reporting = (
        services.urls[s] for s in ("plan", "placement", "volunteer", "reporting")
    )
    caseworker = services.headers("caseworker")
    leader = services.headers("integration_leader")
    coordinator = services.headers("contributor", agency="volunteer", sub="coord")

    with httpx.Client(timeout=10) as client:

        def call(method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code in (200, 201), f"{method} {url}: {response.text}"
            return response.json()

        def status(url: str, headers: dict[str, str]) -> int:
            return client.get(url, headers=headers).status_code

        def eventually(predicate: Callable[[], Any], message: str, timeout: float = WAIT) -> Any:
            return wait_until(predicate, timeout=timeout, interval=0.1, message=message)

        employer = call("POST", f"{placement}/employers", caseworker, employer_body())
        opening = call(
            "POST", f"{placement}/openings", caseworker, opening_body(employer["id"], capacity=2)
        )
        guide = call("POST", f"{volunteer}/volunteers", coordinator, volunteer_body())

        def participant(*, programme: bool) -> tuple[str, dict[str, str]]:
            """A settled single participant of Hamar, who consents to a placement at the
            employer and to the volunteer; the one not in the programme gives the
            volunteer consent for five days only. The consents' ids by recipient."""
            pid = call("POST", f"{plan}/participants", caseworker, settle_body())["id"]
            if programme:
                call(
                    "POST",
                    f"{plan}/participants/{pid}/programme",
                    caseworker,
                    {
                        "regime": "integreringsloven",
                        "start_date": (TODAY - timedelta(days=100)).isoformat(),
                        "expected_end_date": (TODAY + timedelta(days=600)).isoformat(),
                    },
                )
            consents = {
                "employer": call(
                    "POST",
                    f"{plan}/participants/{pid}/consents",
                    caseworker,
                    {"recipient_kind": "employer", "recipient_id": ORG, "purpose": "placement"},
                )["id"],
                "volunteer": call(
                    "POST",
                    f"{plan}/participants/{pid}/consents",
                    caseworker,
                    {
                        "recipient_kind": "volunteer",
                        "recipient_id": guide["id"],
                        "purpose": "social_network",
                        "expires_on": None
                        if programme
                        else (TODAY + timedelta(days=5)).isoformat(),
                    },
                )["id"],
            }
            return pid, consents

        def placed_and_matched(pid: str) -> tuple[dict[str, Any], dict[str, Any]]:
            """A placement and a match, each once the consents reached its service."""
            placed = eventually(
                lambda: _created(
                    client.post(
                        f"{placement}/placements",
                        json=placement_body(pid, opening["id"]),
                        headers=caseworker,
                    )
                ),
                "the employer consent reached placement-service",
            )
            matched = eventually(
                lambda: _created(
                    client.post(
                        f"{volunteer}/matches",
                        json={"participant_id": pid, "volunteer_id": guide["id"], "role": "guide"},
                        headers=coordinator,
                    )
                ),
                "the volunteer consent reached volunteer-service",
            )
            return placed, matched

        staying, staying_consents = participant(programme=False)
        leaving, _ = participant(programme=True)
        placed, matched = placed_and_matched(staying)
        leaving_placed, leaving_matched = placed_and_matched(leaving)

        def placement_of(placed: dict[str, Any]) -> Any:
            return call("GET", f"{placement}/placements/{placed['id']}", caseworker)

        def match_of(matched: dict[str, Any]) -> Any:
            return call("GET", f"{volunteer}/matches/{matched['id']}", caseworker)

        # The employer consent withdrawn: the placement ends with the reason.
        call(
            "POST",
            f"{plan}/participants/{staying}/consents/{staying_consents['employer']}/withdrawal",
            caseworker,
            {},
        )
        ended = eventually(
            lambda: (p := placement_of(placed))["end_reason"] and p,
            "the withdrawal ended the placement",
        )
        assert (ended["end_reason"], ended["actual_end"]) == (
            "consent_withdrawn",
            TODAY.isoformat(),
        )
        assert match_of(matched)["status"] != "ended"  # its own consent still holds

        # The volunteer consent lapses: the daily clock job, run for the day it lapses,
        # announces it, and the match ends with the reason.
        lapse = TODAY + timedelta(days=5)
        services.run_job("plan", "expire-consents", "--today", lapse.isoformat())
        expired = eventually(
            lambda: (m := match_of(matched))["status"] == "ended" and m,
            "the expiry ended the match",
        )
        assert (expired["end_reason"], expired["ended_on"]) == (
            "consent_expired",
            lapse.isoformat(),
        )

        # The other participant exits: placement and volunteer end what runs and drop them.
        call(
            "POST",
            f"{plan}/participants/{leaving}/programme/exit",
            caseworker,
            {"completion": "completed", "end_date": TODAY.isoformat(), "reason": "work"},
        )
        left = eventually(
            lambda: (
                status(f"{placement}/participants/{leaving}/profile", caseworker) == 404
                and placement_of(leaving_placed)
            ),
            "the exit reached placement-service",
        )
        assert left["end_reason"] == "programme_ended"
        left_match = eventually(
            lambda: (m := match_of(leaving_matched))["status"] == "ended" and m,
            "the exit reached volunteer-service",
        )
        assert left_match["end_reason"] == "programme_ended"
        without_network = f"{volunteer}/participants/without-network"
        lonely = {p["participant_id"] for p in call("GET", without_network, caseworker)["items"]}
        # The participant still here with no open match is listed; the one who left is not.
        assert (staying in lonely, leaving in lonely) == (True, False)
        assert status(f"{volunteer}/participants/{leaving}/suggestions", caseworker) == 404
        assert status(f"{placement}/participants/{staying}/profile", caseworker) == 200

        # The first participant erased (on request): gone from every read model.
        chain = f"{reporting}/participants/{staying}/chain"
        eventually(lambda: status(chain, leader) == 200, "the participant reached reporting")
        call("POST", f"{plan}/participants/{staying}/erasure", leader, {"reason": "request"})
        eventually(lambda: status(chain, leader) == 404, "the erasure reached reporting")
        eventually(
            lambda: (
                status(f"{placement}/participants/{staying}/profile", caseworker) == 404
                and status(f"{placement}/placements/{placed['id']}", caseworker) == 404
            ),
            "the erasure reached placement-service",
        )
        eventually(
            lambda: status(f"{volunteer}/matches/{matched['id']}", caseworker) == 404,
            "the erasure reached volunteer-service",
        )
        for url, headers in (
            (f"{placement}/placements?participant_id={staying}", caseworker),
            (f"{volunteer}/matches?participant_id={staying}", caseworker),
        ):
            assert call("GET", url, headers)["total"] == 0, url
        lonely = {p["participant_id"] for p in call("GET", without_network, caseworker)["items"]}
        assert staying not in lonely
        # The participant who only exited is still held (until their retention ends).
        assert placement_of(leaving_placed)["participant_id"] == leaving


def _created(response: httpx.Response) -> Any:
    """The created resource, or None while the service has not heard of the consent yet
    (404 participant not known, 409 no consent)."""
    if response.status_code == 201:
        return response.json()
    assert response.status_code in (404, 409), response.text
    return None


def settle_body() -> dict[str, Any]:
    return {
        "municipality": HAMAR,
        "settlement_date": (TODAY - timedelta(days=120)).isoformat(),
        "birth_year": 1993,
        "household_type": "single",
        "languages": ["ti"],
    }


def employer_body() -> dict[str, Any]:
    return {
        "org_number": ORG,
        "name": "Hamar sykehjem",
        "sector": "Q",
        "ownership": "municipal",
        "capacity_cap": 4,
        "agreement": {"kind": "cooperation_agreement", "anchored_at": "top_management"},
        "responsible": {"name": "Ola Hansen", "unit": "Hamar flyktningkontor"},
        "locations": [
            {
                "name": "Hovedbygget",
                "address": "Sykehjemsvegen 1",
                "point": {"latitude": 60.8010, "longitude": 11.0590},
                "public_transport": True,
            }
        ],
        "contacts": [
            {"name": "Kari Nordmann", "role": "daily_supervisor", "login_sub": "kari@sykehjem"}
        ],
    }


def opening_body(employer_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "employer_id": employer_id,
        "kind": "language_practice",
        "title": "Care ward",
        "schedule": {
            "days": ["mon", "tue", "wed"],
            "starts_at": "08:30",
            "ends_at": "14:30",
            "hours_per_week": 15,
        },
        "language_requirements": {"speaking": "A2"},
        "capacity": 1,
        **changes,
    }


def placement_body(participant_id: str, opening_id: str) -> dict[str, Any]:
    return {
        "participant_id": participant_id,
        "opening_id": opening_id,
        "purpose": "language_learning",
        "learning_goals": ["Take oral instructions"],
        "language_agreement": {"levels": {"speaking": "A2"}, "assessment": "assessment_form"},
        "follow_up_plan": {"every_days": 14, "by_unit": "Hamar læringssenter"},
        "start_date": TODAY.isoformat(),
        "planned_end": (TODAY + timedelta(days=60)).isoformat(),
    }


def volunteer_body() -> dict[str, Any]:
    return {
        "kind": "volunteer",
        "name": "Ola Hansen",
        "email": "ola@example.org",
        "languages": ["no", "ti"],
        "interests": ["football"],
        "availability": ["weekend"],
        "roles": ["guide", "homework_help"],
        "max_matches": 2,
    }
