"""The hand-over, end to end through the events (issue 16).

plan-service (api and relay) and reporting-service (api and consumer) run as processes
on PostgreSQL and on SQLite files, with a real broker. A participant exits; the refugee
service hands them over to NAV under a recorded sharing basis. Only the events carry it
to reporting: the daily evaluation fifteen days later
opens the gap `hand-over-not-acknowledged` for the programme owner, and NAV's
acknowledgement in plan-service closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from helhet_common.testing import wait_until
from helhet_common.testing.plugin import MakeDatabase
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS
from reporting_service.bootstrap import MIGRATIONS as REPORTING_MIGRATIONS

from .test_consent_exit_erasure import TODAY, WAIT, Services, settle_body

pytestmark = pytest.mark.e2e

PROCESSES = {
    "plan": (PLAN_MIGRATIONS, ("api", "relay")),
    "reporting": (REPORTING_MIGRATIONS, ("api", "consume")),
}
RULE = "hand-over-not-acknowledged"


@pytest.fixture
def services(
    kafka_bootstrap: str, make_backend_database: MakeDatabase, tmp_path: Path
) -> Iterator[Services]:
    running = Services(kafka_bootstrap, make_backend_database, tmp_path, PROCESSES)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_an_unacknowledged_hand_over_is_a_gap_until_nav_acknowledges_it(
    services: Services,
) -> None:
    plan, reporting = services.urls["plan"], services.urls["reporting"]
    caseworker = services.headers("caseworker")
    leader = services.headers("integration_leader")
    nav = services.headers("caseworker", agency="nav", sub="nav-veileder")

    with httpx.Client(timeout=10) as client:

        def call(method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code in (200, 201), f"{method} {url}: {response.text}"
            return response.json()

        def eventually(predicate: Callable[[], Any], message: str) -> Any:
            return wait_until(predicate, timeout=WAIT, interval=0.1, message=message)

        def alerts(status: str) -> list[dict[str, Any]]:
            query = f"rule={RULE}&participant_id={pid}&status={status}"
            return list(call("GET", f"{reporting}/alerts?{query}", leader)["items"])

        pid = call("POST", f"{plan}/participants", caseworker, settle_body())["id"]
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
        call(
            "POST",
            f"{plan}/participants/{pid}/programme/exit",
            caseworker,
            {"completion": "completed", "end_date": TODAY.isoformat(), "reason": "work"},
        )
        call(
            "POST",
            f"{plan}/participants/{pid}/sharing-bases",
            caseworker,
            {
                "agency": "nav",
                "purpose": "transition",
                "legal_basis": "integreringsloven",
                "valid_from": (TODAY - timedelta(days=30)).isoformat(),
            },
        )
        made = call(
            "POST",
            f"{plan}/participants/{pid}/hand-overs",
            caseworker,
            {"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"},
        )

        # The daily evaluation, as of fourteen days and more after the hand-over: run
        # until the events have reached reporting (its chain shows no hand-over, so the
        # gap opening is what tells).
        later = TODAY + timedelta(days=15)

        def evaluated() -> list[dict[str, Any]]:
            services.run_job("reporting", "evaluate-alerts", "--date", later.isoformat())
            return alerts("open")

        eventually(evaluated, "the hand-over reached reporting and opened the gap")
        [opened] = alerts("open")
        assert opened["ref"] == made["id"]
        assert opened["unit_id"] == "flyktningkontor"  # Hamar's programme owner

        acknowledged = call(
            "POST", f"{plan}/participants/{pid}/hand-overs/{made['id']}/acknowledgement", nav
        )
        assert acknowledged["follow_up_owner"] == "nav"
        [closed] = eventually(lambda: alerts("closed"), "the acknowledgement closed the gap")
        assert (closed["alert_id"], closed["close_reason"]) == (
            opened["alert_id"],
            "hand_over_acknowledged",
        )
        assert alerts("open") == []
