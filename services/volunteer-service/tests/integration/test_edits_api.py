"""The coordinator's edits over HTTP: changes with a version, deactivation of
organisations and volunteers, erasure on request, and cancelled activities."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import select

from helhet_common.testing.services import DevTokens
from volunteer_service.adapters import tables

from .conftest import GJOVIK, TODAY, Create, Database, Feed, settled, volunteer_body

Consenting = Callable[..., Awaitable[UUID]]


async def propose(
    client: httpx.AsyncClient, headers: dict[str, str], participant: UUID, volunteer: str
) -> httpx.Response:
    body = {"participant_id": str(participant), "volunteer_id": volunteer, "role": "guide"}
    return await client.post("/matches", json=body, headers=headers)


# -- organisations ---------------------------------------------------------------------------


async def test_an_organisation_is_changed_with_its_version(
    client: httpx.AsyncClient, coordinator: dict[str, str], new_organisation: Create
) -> None:
    organisation = await new_organisation()
    assert (organisation["version"], organisation["active"]) == (1, True)
    path = f"/organisations/{organisation['id']}"
    changed = await client.patch(
        path,
        json={
            "version": 1,
            "name": "Hamar frivilligsentral SA",
            "offers": ["guide", "mentor"],
            "contacts": [{"name": "Per Hansen", "email": "per@example.org"}],
        },
        headers=coordinator,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Hamar frivilligsentral SA"
    assert changed.json()["offers"] == ["guide", "mentor"]
    assert changed.json()["contacts"] == [
        {"name": "Per Hansen", "role": None, "phone": None, "email": "per@example.org"}
    ]
    assert changed.json()["kind"] == "volunteer_centre"
    assert changed.json()["version"] == 2

    stale = await client.patch(path, json={"version": 1, "name": "Other"}, headers=coordinator)
    assert (stale.status_code, stale.json()["code"]) == (409, "stale-version")
    assert stale.json()["current_version"] == 2
    assert stale.json()["detail"] == (
        "The organisation was changed by someone else in the meantime: fetch it and try again."
    )
    assert (await client.get(path, headers=coordinator)).json()["name"] == (
        "Hamar frivilligsentral SA"
    )


async def test_a_deactivated_organisation_takes_no_new_volunteers_or_activities(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_organisation: Create,
    new_volunteer: Create,
    database: Database,
) -> None:
    organisation = await new_organisation()
    member = await new_volunteer(organisation_id=organisation["id"])
    path = f"/organisations/{organisation['id']}"
    done = await client.post(f"{path}/deactivation", json={"version": 1}, headers=coordinator)
    assert done.status_code == 200, done.text
    assert (done.json()["active"], done.json()["deactivated_on"]) == (False, TODAY.isoformat())
    assert (await client.get(f"/volunteers/{member['id']}", headers=coordinator)).json()[
        "active"
    ] is True  # its volunteers are kept as they are

    before = await database.rows()
    for method, url, body in (
        ("POST", "/volunteers", volunteer_body(organisation_id=organisation["id"])),
        ("POST", f"{path}/deactivation", {"version": 2}),
        ("PATCH", path, {"version": 2, "name": "Back"}),
    ):
        refused = await client.request(method, url, json=body, headers=coordinator)
        assert refused.status_code in (409, 422), refused.text
        assert refused.json()["code"] in (
            "organisation-deactivated",
            "organisation-already-deactivated",
        )
    assert await database.rows() == before


# -- volunteers ------------------------------------------------------------------------------


async def test_a_volunteer_is_changed_with_its_version(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_organisation: Create,
    new_volunteer: Create,
    database: Database,
) -> None:
    organisation = await new_organisation()
    volunteer = await new_volunteer(phone="+47 900 00 000")
    path = f"/volunteers/{volunteer['id']}"
    changed = await client.patch(
        path,
        json={
            "version": 1,
            "languages": ["no", "ar"],
            "skills": ["driving"],
            "interests": ["chess"],
            "availability": ["weekday_evening"],
            "roles": ["mentor"],
            "organisation_id": organisation["id"],
            "phone": None,
            "email": "ola.hansen@example.org",
        },
        headers=coordinator,
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert (after["languages"], after["skills"], after["interests"]) == (
        ["no", "ar"],
        ["driving"],
        ["chess"],
    )
    assert (after["availability"], after["roles"]) == (["weekday_evening"], ["mentor"])
    assert after["organisation_id"] == organisation["id"]
    assert (after["name"], after["phone"], after["email"]) == (
        "Ola Hansen",
        None,
        "ola.hansen@example.org",
    )
    assert after["version"] == 2
    assert await database.outbox_types() == ["helhet.volunteer.registered.v1"]

    stale = await client.patch(path, json={"version": 1, "skills": []}, headers=coordinator)
    assert (stale.status_code, stale.json()["code"]) == (409, "stale-version")
    assert stale.json()["current_version"] == 2
    cleared = await client.patch(
        path, json={"version": 2, "organisation_id": None}, headers=coordinator
    )
    assert cleared.json()["organisation_id"] is None


async def test_deactivation_ends_open_matches_and_publishes_in_one_transaction(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    new_volunteer: Create,
    consenting: Consenting,
    database: Database,
) -> None:
    volunteer = await new_volunteer(languages=["no", "ti"], max_matches=3)
    first, second = await consenting(volunteer), await consenting(volunteer)
    proposed = (await propose(client, coordinator, first, volunteer["id"])).json()
    running = (await propose(client, coordinator, second, volunteer["id"])).json()
    for party in ("participant", "volunteer"):
        await client.post(
            f"/matches/{running['id']}/accept", json={"party": party}, headers=coordinator
        )
    found = await client.get(f"/participants/{first}/suggestions", headers=coordinator)
    assert found.json()["volunteers"] == []  # already matched with the only volunteer

    path = f"/volunteers/{volunteer['id']}"
    done = await client.post(
        f"{path}/deactivation", json={"version": 1, "reason": "moved"}, headers=coordinator
    )
    assert done.status_code == 200, done.text
    assert (done.json()["active"], done.json()["deactivation_reason"]) == (False, "moved")

    for match in (proposed, running):
        after = (await client.get(f"/matches/{match['id']}", headers=coordinator)).json()
        assert (after["status"], after["end_reason"]) == ("ended", "volunteer_left")
    ended = await database.outbox_payloads("helhet.match.ended.v1")
    assert sorted((e["reason"], e["was_started"]) for e in ended) == [
        ("volunteer_left", False),
        ("volunteer_left", True),
    ]
    (deactivated,) = await database.outbox_payloads("helhet.volunteer.deactivated.v1")
    assert (deactivated["reason"], deactivated["matches_ended"]) == ("moved", 2)

    other = await consenting(volunteer)
    refused = await propose(client, coordinator, other, volunteer["id"])
    assert (refused.status_code, refused.json()["code"]) == (409, "volunteer-deactivated")
    found = await client.get(f"/participants/{other}/suggestions", headers=coordinator)
    assert found.json()["volunteers"] == []
    listed = await client.get("/volunteers", params={"active": "true"}, headers=coordinator)
    assert listed.json()["total"] == 0
    stale = await client.post(
        f"{path}/deactivation", json={"version": 1, "reason": "moved"}, headers=coordinator
    )
    assert (stale.status_code, stale.json()["current_version"]) == (409, 2)


async def test_erasure_removes_personal_data_from_the_row_the_api_and_stored_replies(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    consenting: Consenting,
    database: Database,
) -> None:
    body = volunteer_body(name="Ola Nordmann", phone="+47 911 22 333", email="ola@example.org")
    headers = {**coordinator, "Idempotency-Key": "register-ola-nordmann"}
    volunteer = (await client.post("/volunteers", json=body, headers=headers)).json()
    participant = await consenting(volunteer)
    match = (await propose(client, coordinator, participant, volunteer["id"])).json()
    path = f"/volunteers/{volunteer['id']}"

    stale = await client.post(f"{path}/erasure", json={"version": 2}, headers=coordinator)
    assert (stale.status_code, stale.json()["current_version"]) == (409, 1)
    erased = await client.post(f"{path}/erasure", json={"version": 1}, headers=coordinator)
    assert erased.status_code == 200, erased.text

    personal = ("Ola Nordmann", "911 22 333", "ola@example.org")
    # A replay of the registration gives its first answer, without the personal data.
    replay = await client.post("/volunteers", json=body, headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert (replay.json()["id"], replay.json()["name"], replay.json()["email"]) == (
        volunteer["id"],
        None,
        None,
    )
    for answer in (erased.json(), (await client.get(path, headers=coordinator)).json()):
        assert (answer["name"], answer["phone"], answer["email"]) == (None, None, None)
        assert answer["id"] == volunteer["id"]
        assert answer["languages"] == ["no", "ti"]
        assert answer["registered_on"] == TODAY.isoformat()
        assert answer["erased_on"] == TODAY.isoformat()
        assert (answer["active"], answer["deactivation_reason"]) == (False, "erasure_requested")

    row = await database.row("volunteers", volunteer["id"])
    assert row["personal"] == {}
    assert not any(p in json.dumps(row, default=str) for p in personal)
    async with database.engine.connect() as conn:
        kept = list(
            (await conn.execute(select(tables.shared.idempotency_keys.c.response_body))).scalars()
        )
        outbox = list((await conn.execute(select(tables.shared.outbox.c.payload))).scalars())
    assert not any(p in json.dumps(kept) for p in personal)
    assert not any(p.encode() in payload for p in personal for payload in outbox)

    ended = (await client.get(f"/matches/{match['id']}", headers=coordinator)).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "volunteer_left")
    (deactivated,) = await database.outbox_payloads("helhet.volunteer.deactivated.v1")
    assert deactivated["reason"] == "erasure_requested"

    twice = await client.post(f"{path}/erasure", json={"version": 2}, headers=coordinator)
    assert (twice.status_code, twice.json()["code"]) == (409, "volunteer-already-erased")
    edit = await client.patch(path, json={"version": 2, "name": "Ola"}, headers=coordinator)
    assert (edit.status_code, edit.json()["code"]) == (409, "volunteer-deactivated")


# -- activities ------------------------------------------------------------------------------


async def test_an_activity_is_changed_with_its_version(
    client: httpx.AsyncClient, coordinator: dict[str, str], new_activity: Create
) -> None:
    activity = await new_activity()
    assert activity["version"] == 2  # created, then published
    path = f"/activities/{activity['id']}"
    changed = await client.patch(
        path,
        json={
            "version": 2,
            "place": "Kulturhuset",
            "start_time": "11:00",
            "target_groups": ["singles", "youth"],
            "cost_nok": 50,
            "fee_support_available": True,
        },
        headers=coordinator,
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert (after["place"], after["start_time"], after["target_groups"]) == (
        "Kulturhuset",
        "11:00",
        ["singles", "youth"],
    )
    assert (after["cost_nok"], after["version"], after["status"]) == (50, 3, "published")
    stale = await client.patch(path, json={"version": 2, "place": "X"}, headers=coordinator)
    assert (stale.status_code, stale.json()["current_version"]) == (409, 3)


async def test_attendance_already_recorded_keeps_the_schedule_and_counting(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_activity: Create,
    database: Database,
) -> None:
    activity = await new_activity(recurrence="once", weekday=None, starts_on=TODAY.isoformat())
    participant = uuid4()
    await feed(settled(participant))
    recorded = await client.post(
        f"/activities/{activity['id']}/attendance",
        json={
            "attended_on": TODAY.isoformat(),
            "participants": [{"participant_id": str(participant), "present": True}],
        },
        headers=coordinator,
    )
    assert recorded.status_code == 201, recorded.text
    before = await database.rows()
    path = f"/activities/{activity['id']}"
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    for body, code in (
        ({"version": 2, "starts_on": tomorrow}, "attendance-outside-schedule"),
        ({"version": 2, "counts_as_programme_hours": False}, "attendance-recorded"),
    ):
        refused = await client.patch(path, json=body, headers=coordinator)
        assert (refused.status_code, refused.json()["code"]) == (409, code)
    assert await database.rows() == before


async def test_a_cancelled_activity_refuses_attendance_and_is_not_suggested(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    caseworker: dict[str, str],
    feed: Feed,
    new_activity: Create,
    database: Database,
) -> None:
    activity = await new_activity(target_groups=["singles"])
    participant = uuid4()
    await feed(settled(participant))
    found = await client.get(f"/participants/{participant}/suggestions", headers=caseworker)
    assert [a["activity_id"] for a in found.json()["activities"]] == [activity["id"]]

    path = f"/activities/{activity['id']}"
    cancelled = await client.post(
        f"{path}/cancellation", json={"version": 2, "reason": "no_venue"}, headers=coordinator
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancellation_reason"]) == (
        "cancelled",
        "no_venue",
    )
    (published,) = await database.outbox_payloads("helhet.activity.cancelled.v1")
    assert (published["reason"], published["was_published"]) == ("no_venue", True)

    before = await database.rows()
    attendance = await client.post(
        f"{path}/attendance",
        json={
            "attended_on": (TODAY - timedelta(days=7)).isoformat(),
            "participants": [{"participant_id": str(participant), "present": True}],
        },
        headers=coordinator,
    )
    assert (attendance.status_code, attendance.json()["code"]) == (409, "activity-cancelled")
    again = await client.post(
        f"{path}/cancellation", json={"version": 3, "reason": "other"}, headers=coordinator
    )
    assert (again.status_code, again.json()["code"]) == (409, "activity-already-cancelled")
    assert await database.rows() == before
    found = await client.get(f"/participants/{participant}/suggestions", headers=caseworker)
    assert found.json()["activities"] == []
    listed = await client.get("/activities", params={"published": "true"}, headers=coordinator)
    assert listed.json()["total"] == 0


# -- scope -----------------------------------------------------------------------------------

EDITS: list[tuple[str, str, dict[str, Any], str]] = [
    ("PATCH", "/organisations/{organisation}", {"version": 1, "name": "X"}, "organisation"),
    ("POST", "/organisations/{organisation}/deactivation", {"version": 1}, "organisation"),
    ("PATCH", "/volunteers/{volunteer}", {"version": 1, "skills": ["x"]}, "volunteer"),
    (
        "POST",
        "/volunteers/{volunteer}/deactivation",
        {"version": 1, "reason": "moved"},
        "volunteer",
    ),
    ("POST", "/volunteers/{volunteer}/erasure", {"version": 1}, "volunteer"),
    ("PATCH", "/activities/{activity}", {"version": 2, "place": "X"}, "activity"),
    (
        "POST",
        "/activities/{activity}/cancellation",
        {"version": 2, "reason": "other"},
        "activity",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "what"), EDITS)
async def test_another_municipalitys_resource_is_not_found_and_not_changed(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    coordinator: dict[str, str],
    new_organisation: Create,
    new_volunteer: Create,
    new_activity: Create,
    database: Database,
    method: str,
    path: str,
    body: dict[str, Any],
    what: str,
) -> None:
    ids = {
        "organisation": (await new_organisation())["id"],
        "volunteer": (await new_volunteer())["id"],
        "activity": (await new_activity())["id"],
    }
    before = await database.rows()
    gjovik = dev_tokens.headers("contributor", agency="volunteer", municipality=GJOVIK)
    response = await client.request(method, path.format(**ids), json=body, headers=gjovik)
    assert (response.status_code, response.json()["code"]) == (404, f"{what}-not-found")
    assert await database.rows() == before
    employer = dev_tokens.headers("contributor", agency="employer")
    forbidden = await client.request(method, path.format(**ids), json=body, headers=employer)
    assert forbidden.status_code == 403
    done = await client.request(method, path.format(**ids), json=body, headers=coordinator)
    assert done.status_code == 200, done.text
