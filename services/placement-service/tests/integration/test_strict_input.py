"""Input the schema allowed but the service could not take (issue 9): dates out of any
sensible range, explicit nulls in the employer's partial change (``capacity_cap: null``
was a TypeError), values of the wrong JSON type that were coerced (``{"left_on": 0}``
became 1970-01-01), control characters in text, and an organisation number with a
wrong check digit. Each gets a 4xx problem and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from placement_service.adapters import tables

from .conftest import (
    COUNTED,
    TODAY,
    Api,
    Database,
    NewParticipant,
    employer_body,
    opening_body,
    placement_body,
)

PROBLEM = "application/problem+json"
DAY = (TODAY - timedelta(days=3)).isoformat()


async def all_rows(database: Database) -> dict[str, list[str]]:
    """Every row of the tables a write touches: equal before and after means nothing was
    written, not even an update."""
    async with database.engine.connect() as conn:
        return {
            name: sorted(repr(tuple(row)) for row in await conn.execute(select(table)))
            for name, table in COUNTED.items()
        }


@pytest.fixture
async def ids(api: Api, participant: NewParticipant) -> dict[str, str]:
    employer = await api.employer()
    opening = await api.opening(employer["id"], capacity=2)
    pid = await participant()
    placement = await api.place(pid, opening["id"])
    return {
        "employer": employer["id"],
        "contact": employer["contacts"][0]["id"],
        "opening": opening["id"],
        "placement": placement["id"],
        "participant": str(pid),
    }


async def assert_refused(
    client: httpx.AsyncClient,
    api: Api,
    database: Database,
    method: str,
    path: str,
    body: Any,
    field: str,
) -> dict[str, Any]:
    before = await all_rows(database)
    response = await client.request(method, path, json=body, headers=api.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["code"] == "invalid-input"
    assert ["body", field] in [e["location"][:2] for e in problem["errors"]], problem
    assert await all_rows(database) == before
    return problem


CONTACT_LEFT = "/employers/{employer}/contacts/{contact}/departure"
CASES: dict[str, tuple[str, str, Any, str]] = {
    # item 2: dates in a sensible range; nulls in a partial change
    "placement-ends-9999": (
        "POST",
        "/placements",
        lambda ids: placement_body(ids["other"], ids["opening"], planned_end="9999-12-31"),
        "planned_end",
    ),
    "extension-to-9999": (
        "POST",
        "/placements/{placement}/extensions",
        {"new_end": "9999-12-31", "reason": "hiring_prospect"},
        "new_end",
    ),
    "nav-measure-to-9999": (
        "POST",
        "/placements/{placement}/nav-measures",
        {
            "type": "mentor",
            "role": "funds",
            "period_from": DAY,
            "period_to": "9999-12-31",
        },
        "period_to",
    ),
    "agreement-signed-in-1066": (
        "PATCH",
        "/employers/{employer}",
        {
            "version": 1,
            "agreement": {"kind": "oral", "anchored_at": "individual", "signed_on": "1066-10-14"},
        },
        "agreement",
    ),
    "contact-left-9999": ("POST", CONTACT_LEFT, {"left_on": "9999-12-31"}, "left_on"),
    "employer-name-null": ("PATCH", "/employers/{employer}", {"version": 1, "name": None}, "name"),
    "employer-agreement-null": (
        "PATCH",
        "/employers/{employer}",
        {"version": 1, "agreement": None},
        "agreement",
    ),
    "employer-responsible-null": (
        "PATCH",
        "/employers/{employer}",
        {"version": 1, "responsible": None},
        "responsible",
    ),
    "employer-version-null": ("PATCH", "/employers/{employer}", {"version": None}, "version"),
    # item 6: strict types, no control characters
    "contact-left-as-0": ("POST", CONTACT_LEFT, {"left_on": 0}, "left_on"),
    "contact-left-as-timestamp": ("POST", CONTACT_LEFT, {"left_on": 1_772_409_600}, "left_on"),
    "capacity-as-text": (
        "POST",
        "/openings",
        lambda ids: opening_body(ids["employer"], capacity="1"),
        "capacity",
    ),
    "hours-as-text": (
        "POST",
        "/placements/{placement}/hours",
        {"entries": [{"worked_on": DAY, "hours": "6"}]},
        "entries",
    ),
    "confirmed-as-1": (
        "POST",
        "/placements/{placement}/hours",
        {"entries": [{"worked_on": DAY, "hours": 6, "confirmed_by_employer": 1}]},
        "entries",
    ),
    "opening-id-as-number": (
        "POST",
        "/placements",
        lambda ids: placement_body(ids["other"], 42),
        "opening_id",
    ),
    "starts-at-as-seconds": (
        "POST",
        "/openings",
        lambda ids: opening_body(
            ids["employer"],
            schedule={"days": ["mon"], "starts_at": 30600, "ends_at": "14:30", "hours_per_week": 6},
        ),
        "schedule",
    ),
    "employer-name-with-escape": (
        "POST",
        "/employers",
        lambda ids: employer_body(org_number="987654309", name="Coop\x1b[2J"),
        "name",
    ),
    "contact-name-with-nul": (
        "POST",
        "/employers/{employer}/contacts",
        {"name": "Kari\x00", "role": "mentor"},
        "name",
    ),
    "history-with-bell": (
        "POST",
        "/employers/{employer}/history",
        {"occurred_on": DAY, "kind": "note", "summary": "Visited.\x07"},
        "summary",
    ),
    "opening-title-with-c1": (
        "POST",
        "/openings",
        lambda ids: opening_body(ids["employer"], title="Care\u009bward"),
        "title",
    ),
    # item 7: the organisation number's check digit, in the schema
    "org-number-check-digit": (
        "POST",
        "/employers",
        lambda ids: employer_body(org_number="974760674"),
        "org_number",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_input_the_service_cannot_take_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient,
    api: Api,
    database: Database,
    participant: NewParticipant,
    ids: dict[str, str],
    case: tuple[str, str, Any, str],
) -> None:
    method, path, body, field = case
    ids = {**ids, "other": str(await participant())}
    if callable(body):
        body = body(ids)
    await assert_refused(client, api, database, method, path.format(**ids), body, field)


async def test_capacity_cap_null_removes_the_cap(
    client: httpx.AsyncClient, api: Api, ids: dict[str, str]
) -> None:
    response = await client.patch(
        f"/employers/{ids['employer']}",
        json={"version": 1, "capacity_cap": None},
        headers=api.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["capacity_cap"] is None
    assert response.json()["version"] == 2


async def test_a_history_note_keeps_its_line_breaks(
    client: httpx.AsyncClient, api: Api, ids: dict[str, str], database: Database
) -> None:
    summary = "Visited the ward manager.\nAgreed on two more weeks.\r\n\t- Kari"
    response = await client.post(
        f"/employers/{ids['employer']}/history",
        json={"occurred_on": DAY, "kind": "note", "summary": summary},
        headers=api.headers,
    )
    assert response.status_code == 201, response.text
    async with database.engine.connect() as conn:
        stored = await conn.scalar(
            select(tables.employer_history.c.summary).where(
                tables.employer_history.c.summary.like("Visited the ward%")
            )
        )
    assert stored == summary
