"""The participant's right of access: ``GET /participants/{id}/personal-data`` answers
with everything placement-service holds about them, for the participant themself and the
refugee service's staff of their municipality; each answer is one access-log read,
purpose ``innsyn``; everyone else gets the 404 or 403 of any read, and nothing is
logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables

from .conftest import GJOVIK, HAMAR, TODAY, Api, NewParticipant, Project, moved, sharing_basis


async def access_rows(engine: AsyncEngine, pid: UUID) -> list[Any]:
    async with engine.connect() as conn:
        t = tables.access_log
        return list(await conn.execute(select(t).where(t.c.participant_id == pid)))


async def test_the_participant_and_the_refugee_service_read_everything_held_once_logged(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    employer = await api.employer()
    pid = await participant()
    await project(sharing_basis(pid))
    placed = await api.place(pid, (await api.opening(employer["id"]))["id"])
    await api.post(
        f"/placements/{placed['id']}/follow-ups",
        {
            "visited_on": TODAY.isoformat(),
            "kind": "visit",
            "by_unit": "NAV",
            "outcome": "on_track",
            "note": "Trives godt",
        },
    )
    await api.post(
        f"/employers/{employer['id']}/history",
        {
            "occurred_on": TODAY.isoformat(),
            "kind": "note",
            "summary": "Ønsker flere timer",
            "participant_id": str(pid),
        },
    )
    path = f"/participants/{pid}/personal-data"
    before = len(await access_rows(test_engine, pid))

    own = dev_tokens.headers("participant", sub=str(pid))
    response = await client.get(path, headers=own)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["service"], body["participant_id"]) == ("placement-service", str(pid))
    sections = {s["name"]: s["records"] for s in body["sections"]}
    assert set(sections) == {
        "profile",
        "consents",
        "sharing_bases",
        "placements",
        "employer_notes",
        "access_log",
    }
    [note] = sections["employer_notes"]
    assert (note["summary"], note["employer_id"]) == ("Ønsker flere timer", employer["id"])
    assert sections["profile"][0]["wished_sectors"] == ["Q", "I"]
    assert sections["consents"][0]["recipient_kind"] == "employer"
    assert sections["sharing_bases"][0]["agency"] == "nav"
    [placement] = sections["placements"]
    assert placement["id"] == placed["id"]
    assert placement["employer_name"] == employer["name"]
    assert placement["follow_ups"][0]["note"] == "Trives godt"
    assert all("sub" not in read for read in sections["access_log"])
    assert response.headers["cache-control"] == "no-store"

    rows = await access_rows(test_engine, pid)
    assert len(rows) == before + 1
    read = rows[-1]
    assert (read.purpose, read.legal_basis, read.role, read.categories) == (
        "innsyn",
        "gdpr_art_15",
        "participant",
        ["personal_data"],
    )

    for role, agency in (("caseworker", "refugee-service"), ("integration_leader", "nav")):
        staff = dev_tokens.headers(role, municipality=HAMAR, agency=agency)
        answered = await client.get(path, headers={**staff, "X-Purpose": "case_work"})
        assert answered.status_code == 200, (role, answered.text)
        rows = await access_rows(test_engine, pid)
        assert (rows[-1].purpose, rows[-1].legal_basis) == ("innsyn", "integreringsloven")
    assert len(rows) == before + 3


async def test_everyone_else_gets_the_refusal_of_any_read_and_nothing_is_logged(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    pid = await participant()
    without_basis = await participant()
    await project(sharing_basis(pid))
    path = f"/participants/{pid}/personal-data"

    refusals = {
        "another participant": (
            dev_tokens.headers("participant", sub=str(without_basis)),
            404,
            "participant-not-found",
        ),
        "another municipality": (
            dev_tokens.headers("caseworker", municipality=GJOVIK),
            404,
            "participant-not-found",
        ),
        "nav with a basis": (
            dev_tokens.headers("caseworker", agency="nav"),
            403,
            "no-basis-for-purpose",
        ),
        "an employer": (
            dev_tokens.headers("contributor", agency="employer", sub="kari@sykehjem"),
            403,
            None,
        ),
        "no token": ({}, 401, None),
    }
    for who, (headers, status, code) in refusals.items():
        response = await client.get(path, headers=headers)
        assert response.status_code == status, (who, response.text)
        if code:
            assert response.json()["code"] == code, who
        assert str(pid) not in response.text.replace(path, ""), who
    nav = dev_tokens.headers("caseworker", agency="nav")
    unknown = await client.get(f"/participants/{without_basis}/personal-data", headers=nav)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "participant-not-found")
    nobody = await client.get(f"/participants/{uuid4()}/personal-data", headers=api.headers)
    assert nobody.status_code == 404
    assert await access_rows(test_engine, pid) == []


async def test_a_participant_who_moved_away_is_still_answered(
    api: Api,
    participant: NewParticipant,
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    pid = await participant()
    await project(moved(pid, TODAY - timedelta(days=1)))
    response = await client.get(
        f"/participants/{pid}/personal-data",
        headers=dev_tokens.headers("participant", sub=str(pid)),
    )
    assert response.status_code == 200, response.text
    [profile] = next(s for s in response.json()["sections"] if s["name"] == "profile")["records"]
    assert profile["moved_on"] == (TODAY - timedelta(days=1)).isoformat()
