"""Placement contact persons feed the one ledger, end to end (issue 16).

plan-service and placement-service run as processes (api, relay and consumer each) on
PostgreSQL and on SQLite files, with a real broker. The employer's contact person
records an absence on a day of a placement in placement-service; only the event
(``helhet.placement.attendance_recorded.v1``) carries it to plan-service, whose ledger
then holds it under the same id and whose benefit basis for the month reduces for it.
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
from placement_service.bootstrap import MIGRATIONS as PLACEMENT_MIGRATIONS
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS

from .test_consent_exit_erasure import (
    ORG,
    TODAY,
    WAIT,
    Services,
    employer_body,
    opening_body,
    placement_body,
    settle_body,
)

pytestmark = pytest.mark.e2e

PROCESSES = {
    "plan": (PLAN_MIGRATIONS, ("api", "relay", "consume")),
    "placement": (PLACEMENT_MIGRATIONS, ("api", "relay", "consume")),
}


@pytest.fixture
def services(
    kafka_bootstrap: str, make_backend_database: MakeDatabase, tmp_path: Path
) -> Iterator[Services]:
    running = Services(kafka_bootstrap, make_backend_database, tmp_path, PROCESSES)
    # This month's benefit needs a grunnbeløp the code may not hold yet (docs/benefit.md).
    running.env["plan"]["PLAN_GRUNNBELOP"] = f'{{"{TODAY.year}-05-01": 135000}}'
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_an_absence_recorded_at_the_placement_is_in_the_ledger_and_the_benefit(
    services: Services,
) -> None:
    plan, placement = services.urls["plan"], services.urls["placement"]
    caseworker = services.headers("caseworker")
    kari = services.headers("contributor", agency="employer", sub="kari@sykehjem")

    with httpx.Client(timeout=10) as client:

        def call(method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code in (200, 201), f"{method} {url}: {response.text}"
            return response.json()

        def eventually(predicate: Callable[[], Any], message: str) -> Any:
            return wait_until(predicate, timeout=WAIT, interval=0.1, message=message)

        pid = call("POST", f"{plan}/participants", caseworker, settle_body())["id"]
        call(
            "POST",
            f"{plan}/participants/{pid}/programme",
            caseworker,
            {
                "regime": "integreringsloven",
                "start_date": TODAY.replace(day=1).isoformat(),
                "expected_end_date": (TODAY + timedelta(days=700)).isoformat(),
            },
        )
        call(
            "POST",
            f"{plan}/participants/{pid}/consents",
            caseworker,
            {"recipient_kind": "employer", "recipient_id": ORG, "purpose": "placement"},
        )
        employer = call("POST", f"{placement}/employers", caseworker, employer_body())
        opening = call("POST", f"{placement}/openings", caseworker, opening_body(employer["id"]))

        def place() -> Any:
            response = client.post(
                f"{placement}/placements",
                json=placement_body(pid, opening["id"]),
                headers=caseworker,
            )
            return response.json() if response.status_code == 201 else None

        placed = eventually(place, "the participant and their consent reach placement-service")
        entry = call(
            "POST",
            f"{placement}/placements/{placed['id']}/attendance",
            kari,
            {"date": TODAY.isoformat(), "kind": "absence", "hours": 2, "code": "ugyldig"},
        )

        def in_ledger() -> Any:
            items = call("GET", f"{plan}/participants/{pid}/ledger", caseworker)["items"]
            return items or None

        (row,) = eventually(in_ledger, "the placement's absence reaches plan-service's ledger")
        assert (row["id"], row["hours"], row["code"], row["effect"]) == (
            entry["id"],
            2,
            "ugyldig",
            "reduces",
        )
        assert row["recorded_by_agency"] == "employer"
        month = TODAY.strftime("%Y-%m")
        benefit = call("GET", f"{plan}/participants/{pid}/benefit/{month}", caseworker)
        (line,) = [x for x in benefit["lines"] if x["kind"] == "invalid_absence"]
        assert line["entry_ids"] == [entry["id"]]
        assert line["amount_ore"] < 0
