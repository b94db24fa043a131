"""Bad input to the write endpoints: a 4xx problem with a ``code``, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from .conftest import (
    TODAY,
    Api,
    Database,
    NewParticipant,
    employer_body,
    opening_body,
    placement_body,
)

# Request validation, roles and scoping, the same whatever the database: PostgreSQL only,
# to keep the suite's time (the tests that store and read state run on SQLite as well).
pytestmark = pytest.mark.databases("postgresql")

Case = tuple[str, str, Callable[[dict[str, str]], Any], int, str]

DAY = (TODAY - timedelta(days=3)).isoformat()

CASES: list[Case] = [
    (
        "POST",
        "/employers",
        lambda ids: employer_body(org_number="974760674"),
        422,
        "invalid-input",
    ),
    ("POST", "/employers", lambda ids: employer_body(org_number="12345"), 422, "invalid-input"),
    ("POST", "/employers", lambda ids: employer_body(sector="Z"), 422, "invalid-input"),
    ("POST", "/employers", lambda ids: employer_body(capacity_cap=0), 422, "invalid-input"),
    (
        "POST",
        "/employers",
        lambda ids: employer_body(org_number="974760673"),
        409,
        "employer-exists",
    ),
    ("POST", "/employers", lambda ids: {**employer_body(), "unexpected": 1}, 422, "invalid-input"),
    (
        "PATCH",
        "/employers/{employer}",
        lambda ids: {"version": 9, "capacity_cap": 3},
        409,
        "stale-version",
    ),
    (
        "POST",
        "/openings",
        lambda ids: opening_body(ids["employer"], capacity=5),
        422,
        "capacity-over-employer-cap",
    ),
    (
        "POST",
        "/openings",
        lambda ids: opening_body(ids["employer"], language_requirements={"speaking": "D9"}),
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/openings",
        lambda ids: opening_body(
            ids["employer"],
            schedule={
                "days": ["mon"],
                "starts_at": "15:00",
                "ends_at": "08:00",
                "hours_per_week": 5,
            },
        ),
        422,
        "schedule",
    ),
    (
        "POST",
        "/openings",
        lambda ids: opening_body(
            ids["employer"], location_id="0193a0e0-0000-7000-8000-000000000001"
        ),
        422,
        "unknown-location",
    ),
    (
        "POST",
        "/openings",
        lambda ids: opening_body("0193a0e0-0000-7000-8000-000000000001"),
        404,
        "employer-not-found",
    ),
    (
        "POST",
        "/placements",
        lambda ids: placement_body(ids["other"], ids["opening"], planned_end=DAY, start_date=DAY),
        422,
        "dates-out-of-order",
    ),
    (
        "POST",
        "/placements",
        lambda ids: placement_body(ids["other"], ids["opening"], learning_goals=[]),
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/placements",
        lambda ids: placement_body("0193a0e0-0000-7000-8000-000000000001", ids["opening"]),
        404,
        "participant-not-found",
    ),
    (
        "POST",
        "/placements/{placement}/kind-changes",
        lambda ids: {"to_kind": "language_practice", "effective_date": DAY},
        422,
        "same-kind",
    ),
    (
        "POST",
        "/placements/{placement}/hours",
        lambda ids: {
            "entries": [{"worked_on": (TODAY + timedelta(days=1)).isoformat(), "hours": 4}]
        },
        422,
        "date-outside-placement",
    ),
    (
        "POST",
        "/placements/{placement}/hours",
        lambda ids: {"entries": [{"worked_on": DAY, "hours": 4}, {"worked_on": DAY, "hours": 2}]},
        409,
        "hours-already-logged",
    ),
    (
        "POST",
        "/placements/{placement}/hours",
        lambda ids: {"entries": [{"worked_on": DAY, "hours": 25}]},
        422,
        "invalid-input",
    ),
    (
        "POST",
        "/placements/{placement}/follow-ups",
        lambda ids: {
            "visited_on": (TODAY + timedelta(days=2)).isoformat(),
            "kind": "visit",
            "by_unit": "NAV",
            "outcome": "on_track",
        },
        422,
        "date-in-future",
    ),
    (
        "POST",
        "/placements/{placement}/extensions",
        lambda ids: {"new_end": DAY, "reason": "participant_wish"},
        422,
        "not-an-extension",
    ),
    (
        "POST",
        "/placements/{placement}/nav-measures",
        lambda ids: {
            "type": "mentor",
            "role": "funds",
            "period_from": DAY,
            "period_to": "2020-01-01",
        },
        422,
        "dates-out-of-order",
    ),
    (
        "POST",
        "/placements/{placement}/end",
        lambda ids: {"actual_end": DAY, "reason": "hired", "next_step": "education"},
        422,
        "next-step",
    ),
    (
        "POST",
        "/placements/{placement}/end",
        lambda ids: {"actual_end": DAY, "reason": "fired", "next_step": "work"},
        422,
        "invalid-input",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), CASES)
async def test_bad_input_is_a_problem_and_writes_nothing(
    api: Api,
    participant: NewParticipant,
    client: httpx.AsyncClient,
    database: Database,
    method: str,
    path: str,
    body: Callable[[dict[str, str]], Any],
    status: int,
    code: str,
) -> None:
    employer = await api.employer()
    opening = await api.opening(employer["id"], capacity=2)
    pid = await participant()
    placement = await api.place(pid, opening["id"])
    ids = {
        "employer": employer["id"],
        "opening": opening["id"],
        "placement": placement["id"],
        "participant": str(pid),
        "other": str(await participant()),
    }
    before = await database.counts()
    response = await client.request(
        method,
        path.format(**ids),
        json=body(ids),
        headers={**api.headers, "Idempotency-Key": f"bad-{code}"},
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert await database.counts() == before


async def test_malformed_json_is_a_400(
    api: Api, client: httpx.AsyncClient, database: Database
) -> None:
    before = await database.counts()
    response = await client.post(
        "/employers",
        content=b"{not json",
        headers={**api.headers, "content-type": "application/json"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed-json")
    assert await database.counts() == before
