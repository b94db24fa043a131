"""Input the schema allowed but the service could not take (issue 9): dates out of any
sensible range, explicit nulls in partial changes, values of the wrong JSON type,
control characters in text. Each gets a 4xx problem and writes nothing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from volunteer_service.entrypoints import schemas

from .conftest import Create, Database, activity_body, organisation_body, volunteer_body

PROBLEM = "application/problem+json"


@pytest.fixture
async def existing(
    new_organisation: Create, new_volunteer: Create, new_activity: Create
) -> dict[str, dict[str, Any]]:
    return {
        "organisation": await new_organisation(),
        "volunteer": await new_volunteer(),
        "activity": await new_activity(),  # published at once: version 2
    }


async def assert_refused(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    database: Database,
    method: str,
    path: str,
    body: Any,
    field: str | None = None,
) -> dict[str, Any]:
    before = await database.rows()
    response = await client.request(method, path, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["code"] == "invalid-input"
    if field is not None:
        assert ["body", field] in [e["location"][:2] for e in problem["errors"]], problem
    assert await database.rows() == before
    return problem


# -- item 2: dates in a sensible range ------------------------------------------------------

DATES = [
    ("POST", "/activities", activity_body(starts_on="9999-12-31"), "starts_on"),
    ("POST", "/activities", activity_body(ends_on="9999-12-31"), "ends_on"),
    ("POST", "/activities", activity_body(starts_on="0001-01-01"), "starts_on"),
    (
        "POST",
        "/volunteers",
        volunteer_body(trainings=[{"code": "guide_intro", "completed_on": "1899-12-31"}]),
        "trainings",
    ),
    ("PATCH", "/activities/{activity}", {"version": 2, "ends_on": "9999-12-31"}, "ends_on"),
    (
        "POST",
        "/volunteers/{volunteer}/vetting",
        {"seen_on": "9999-12-31", "grounds": ["minors"]},
        "seen_on",
    ),
    (
        "POST",
        "/activities/{activity}/attendance",
        {
            "attended_on": "9999-12-31",
            "participants": [{"participant_id": str(uuid4()), "present": True}],
        },
        "attended_on",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), DATES)
async def test_a_date_outside_1900_to_2100_is_refused(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    database: Database,
    existing: dict[str, dict[str, Any]],
    method: str,
    path: str,
    body: Any,
    field: str,
) -> None:
    ids = {name: item["id"] for name, item in existing.items()}
    await assert_refused(
        client, coordinator, database, method, path.format(**ids), body, field=field
    )


PATCHES = {
    "organisation": schemas.OrganisationUpdate,
    "volunteer": schemas.VolunteerUpdate,
    "activity": schemas.ActivityUpdate,
}
COLLECTIONS = {"organisation": "organisations", "volunteer": "volunteers", "activity": "activities"}
NULLS = [
    (resource, name)
    for resource, model in PATCHES.items()
    for name in model.model_fields
    if name not in model.removable
]


@pytest.mark.parametrize(("resource", "field"), NULLS, ids=[f"{r}-{f}" for r, f in NULLS])
async def test_null_in_a_field_that_cannot_be_removed_is_a_422_naming_it(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    database: Database,
    existing: dict[str, dict[str, Any]],
    resource: str,
    field: str,
) -> None:
    item = existing[resource]
    body = {"version": item["version"], field: None}
    path = f"/{COLLECTIONS[resource]}/{item['id']}"
    await assert_refused(client, coordinator, database, "PATCH", path, body, field=field)


async def test_the_probes_nulls_are_422s(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    database: Database,
    existing: dict[str, dict[str, Any]],
) -> None:
    activity, volunteer = existing["activity"], existing["volunteer"]
    for path, body in [
        (f"/activities/{activity['id']}", {"version": 1, "cost_nok": None}),
        (f"/activities/{activity['id']}", {"version": 2, "cost_nok": None}),
        (f"/volunteers/{volunteer['id']}", {"version": 1, "max_matches": None}),
    ]:
        await assert_refused(client, coordinator, database, "PATCH", path, body)


async def test_null_in_a_removable_field_removes_it(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_volunteer: Create,
    new_activity: Create,
) -> None:
    volunteer = await new_volunteer(phone="+47 900 00 000")
    response = await client.patch(
        f"/volunteers/{volunteer['id']}",
        json={"version": 1, "phone": None, "email": None},
        headers=coordinator,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["phone"], response.json()["email"]) == (None, None)
    activity = await new_activity(ends_on="2099-06-30")
    response = await client.patch(
        f"/activities/{activity['id']}", json={"version": 2, "ends_on": None}, headers=coordinator
    )
    assert response.status_code == 200, response.text
    assert response.json()["ends_on"] is None


# -- item 6: strict types, no control characters --------------------------------------------

LOOSE = [
    ("POST", "/activities", activity_body(starts_on=0), "starts_on"),
    ("POST", "/activities", activity_body(starts_on=1_767_225_600), "starts_on"),
    ("POST", "/activities", activity_body(starts_on="2026-09-03T00:00:00"), "starts_on"),
    ("POST", "/activities", activity_body(cost_nok="50"), "cost_nok"),
    ("POST", "/activities", activity_body(cost_nok=50.5), "cost_nok"),
    ("POST", "/activities", activity_body(locals_take_part=1), "locals_take_part"),
    ("POST", "/activities", activity_body(publish="true"), "publish"),
    ("POST", "/activities", activity_body(start_time=43200), "start_time"),
    ("POST", "/activities", activity_body(organisation_id=7), "organisation_id"),
    ("POST", "/volunteers", volunteer_body(max_matches="2"), "max_matches"),
    ("PATCH", "/volunteers/{volunteer}", {"version": "1", "skills": ["x"]}, "version"),
    ("PATCH", "/activities/{activity}", {"version": 2, "starts_on": 0}, "starts_on"),
    # control characters
    ("POST", "/volunteers", volunteer_body(name="Ola\x1b[2JHansen"), "name"),
    ("POST", "/volunteers", volunteer_body(name="Ola\x00"), "name"),
    ("POST", "/volunteers", volunteer_body(name="Ola\nHansen"), "name"),
    ("POST", "/volunteers", volunteer_body(email="ola\x07@example.org"), "email"),
    ("POST", "/activities", activity_body(title="Språk\u0085kafé"), "title"),
    ("POST", "/activities", activity_body(place="Hamar\x7fbibliotek"), "place"),
    ("POST", "/activities", activity_body(description="Kaffe\x08"), "description"),
    (
        "POST",
        "/organisations",
        organisation_body(contacts=[{"name": "Kari\x1b", "phone": "+47 62 00 00 00"}]),
        "contacts",
    ),
    ("PATCH", "/organisations/{organisation}", {"version": 1, "name": "X\x00"}, "name"),
    ("PATCH", "/activities/{activity}", {"version": 2, "description": "\x1b[31m"}, "description"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), LOOSE)
async def test_loose_input_is_refused(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    database: Database,
    existing: dict[str, dict[str, Any]],
    method: str,
    path: str,
    body: Any,
    field: str,
) -> None:
    ids = {name: item["id"] for name, item in existing.items()}
    await assert_refused(
        client, coordinator, database, method, path.format(**ids), body, field=field
    )


async def test_free_text_keeps_its_line_breaks(
    client: httpx.AsyncClient, coordinator: dict[str, str]
) -> None:
    description = "Norwegian conversation.\nCoffee and cake.\r\n\tEveryone welcome."
    response = await client.post(
        "/activities", json=activity_body(description=description), headers=coordinator
    )
    assert response.status_code == 201, response.text
    assert response.json()["description"] == description
