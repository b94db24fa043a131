"""The participant's right of access: ``GET /participants/{id}/personal-data`` answers
with everything volunteer-service holds about them, for the participant themself and the
refugee service's staff of their municipality; each answer is one access-log read,
purpose ``innsyn``; everyone else gets the 404 or 403 of any read, and nothing is
logged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from volunteer_service.adapters import tables

from .conftest import GJOVIK, HAMAR, TODAY, Create, Feed, sharing_basis

Consenting = Callable[..., Awaitable[UUID]]


async def access_rows(engine: AsyncEngine, pid: UUID) -> list[Any]:
    async with engine.connect() as conn:
        t = tables.access_log
        return list(await conn.execute(select(t).where(t.c.participant_id == pid)))


async def test_the_participant_and_the_refugee_service_read_everything_held_once_logged(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    new_activity: Create,
    consenting: Consenting,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer()
    activity = await new_activity(title="Språkkafé på biblioteket")
    pid = await consenting(volunteer)
    await feed(sharing_basis(pid))
    body = {"participant_id": str(pid), "volunteer_id": volunteer["id"], "role": "guide"}
    match = (await client.post("/matches", json=body, headers=coordinator)).json()
    attended = {
        "attended_on": (TODAY - timedelta(days=1)).isoformat(),
        "participants": [{"participant_id": str(pid), "present": True}],
    }
    recorded = await client.post(
        f"/activities/{activity['id']}/attendance", json=attended, headers=coordinator
    )
    assert recorded.status_code == 201, recorded.text
    path = f"/participants/{pid}/personal-data"
    before = len(await access_rows(test_engine, pid))

    response = await client.get(path, headers=dev_tokens.headers("participant", sub=str(pid)))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["service"], body["participant_id"]) == ("volunteer-service", str(pid))
    sections = {s["name"]: s["records"] for s in body["sections"]}
    assert set(sections) == {
        "profile",
        "consents",
        "sharing_bases",
        "matches",
        "attendance",
        "access_log",
    }
    assert sections["profile"][0]["household_type"] == "single"
    assert sections["sharing_bases"][0]["agency"] == "nav"
    assert [m["id"] for m in sections["matches"]] == [match["id"]]
    assert "Ola Hansen" not in response.text  # the volunteer's name is theirs
    [came] = sections["attendance"]
    assert (came["activity_title"], came["present"]) == ("Språkkafé på biblioteket", True)
    rows = await access_rows(test_engine, pid)
    assert len(rows) == before + 1
    assert (rows[-1].purpose, rows[-1].legal_basis, rows[-1].categories) == (
        "innsyn",
        "gdpr_art_15",
        ["personal_data"],
    )

    for role in ("caseworker", "integration_leader"):
        staff = dev_tokens.headers(role, municipality=HAMAR)
        assert (await client.get(path, headers=staff)).status_code == 200, role
    assert len(await access_rows(test_engine, pid)) == before + 3


async def test_everyone_else_gets_the_refusal_of_any_read_and_nothing_is_logged(
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
    feed: Feed,
    new_volunteer: Create,
    consenting: Consenting,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    volunteer = await new_volunteer()
    pid = await consenting(volunteer)
    await feed(sharing_basis(pid))
    path = f"/participants/{pid}/personal-data"
    refusals = {
        "another participant": (dev_tokens.headers("participant", sub=str(uuid4())), 404),
        "another municipality": (dev_tokens.headers("caseworker", municipality=GJOVIK), 404),
        "nav with a basis": (dev_tokens.headers("caseworker", agency="nav"), 403),
        "the volunteer centre, on consent": (coordinator, 403),
        "no token": ({}, 401),
    }
    for who, (headers, status) in refusals.items():
        response = await client.get(path, headers=headers)
        assert response.status_code == status, (who, response.text)
        assert str(pid) not in response.text.replace(path, ""), who
    assert await access_rows(test_engine, pid) == []
