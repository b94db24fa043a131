"""Every read of a participant's personal data is in the access log, once, and is scoped
to the reader's basis: the law for public agencies, consent for employers.

Per route: one access-log row per participant for a read that answers (2xx), none for
one that does not (4xx), and one ``helhet.access.recorded.v1`` event per read. Another
agency without a basis for the participant gets a 404 that says nothing about them; a
basis that does not cover the purpose is a 403 ``no-basis-for-purpose``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.testing.services import DevTokens
from placement_service.adapters import tables

from .conftest import (
    HAMAR,
    Api,
    Database,
    NewParticipant,
    Project,
    sharing_basis,
)

ACCESS = "helhet.access.recorded.v1"


async def access_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        t = tables.access_log
        return list(await conn.execute(select(t).order_by(t.c.id)))


def without_instance(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in problem.items() if k != "instance"}


ROUTES: dict[str, Callable[[UUID, str], tuple[str, str]]] = {
    "profile": lambda pid, placement: ("GET", f"/participants/{pid}/profile"),
    "consents": lambda pid, placement: ("GET", f"/participants/{pid}/consents"),
    "matches": lambda pid, placement: ("POST", f"/participants/{pid}/matches"),
    "placement": lambda pid, placement: ("GET", f"/placements/{placement}"),
    "hours": lambda pid, placement: ("GET", f"/placements/{placement}/hours"),
    "placements": lambda pid, placement: ("GET", f"/placements?participant_id={pid}"),
}


async def call(
    client: httpx.AsyncClient, route: str, pid: UUID, placement: str, headers: dict[str, str]
) -> httpx.Response:
    method, path = ROUTES[route](pid, placement)
    if method == "POST":
        return await client.post(path, json={}, headers=headers)
    return await client.get(path, headers=headers)


@pytest.fixture
async def placed(api: Api, participant: NewParticipant) -> tuple[UUID, str]:
    employer = await api.employer()
    opening = await api.opening(employer["id"])
    pid = await participant()
    placement = await api.place(pid, opening["id"])
    return pid, placement["id"]


@pytest.mark.parametrize("route", sorted(ROUTES))
async def test_a_read_is_recorded_once_and_a_refused_read_not_at_all(
    route: str,
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    pid, placement = placed
    response = await call(client, route, pid, placement, caseworker)
    assert response.status_code == 200, response.text
    rows = await access_rows(test_engine)
    assert [(r.participant_id, r.agency, r.role, r.legal_basis) for r in rows] == [
        (pid, "refugee-service", "caseworker", "integreringsloven")
    ]
    assert rows[0].purpose == "case_work"
    events = await database.outbox_payloads(ACCESS)
    assert len(events) == 1
    assert events[0]["participants"] == [
        {
            "participant_id": str(pid),
            "legal_basis": "integreringsloven",
            "basis_id": None,
            "consent_id": None,
        }
    ]
    assert events[0]["read_id"] == str(rows[0].read_id)

    # Someone who is not there: a 404, and nothing recorded.
    missing = await call(client, route, uuid4(), str(uuid4()), caseworker)
    if route != "placements":  # a list of no one is an empty 200, recorded for no one
        assert missing.status_code == 404
    assert len(await access_rows(test_engine)) == 1
    assert len(await database.outbox_payloads(ACCESS)) == 1


async def test_a_list_records_each_person_once(
    api: Api,
    participant: NewParticipant,
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    employer = await api.employer(capacity_cap=10)
    first, second = await participant(), await participant()
    for pid in (first, first, second):  # the first is placed twice
        opening = await api.opening(employer["id"])
        await api.place(pid, opening["id"])

    response = await client.get("/placements", headers=caseworker)
    assert response.status_code == 200
    assert response.json()["total"] == 3
    rows = await access_rows(test_engine)
    assert sorted(r.participant_id for r in rows) == sorted([first, second])
    assert len({r.read_id for r in rows}) == 1  # one read
    (event,) = await database.outbox_payloads(ACCESS)
    assert {p["participant_id"] for p in event["participants"]} == {str(first), str(second)}
    assert event["categories"] == ["placements"]
    assert event["operation"] == "GET /placements"


async def test_another_agency_without_a_basis_gets_404_and_learns_nothing(
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    test_engine: AsyncEngine,
) -> None:
    pid, placement = placed
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")
    for route in ("profile", "consents", "matches", "placement", "hours"):
        response = await call(client, route, pid, placement, nav)
        assert response.status_code == 404, (route, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        # The same answer as for someone who does not exist (but the path asked for).
        nobody = await call(client, route, uuid4(), str(uuid4()), nav)
        assert without_instance(response.json()) == without_instance(nobody.json())
    listed = await client.get("/placements", headers=nav)
    assert listed.status_code == 200
    assert listed.json()["items"] == []
    assert listed.json()["total"] == 0
    assert await access_rows(test_engine) == []


async def test_a_basis_reads_on_the_law_and_a_purpose_it_does_not_cover_is_403(
    placed: tuple[UUID, str],
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    database: Database,
    test_engine: AsyncEngine,
) -> None:
    pid, placement = placed
    basis = sharing_basis(pid, agency="nav", purpose="work_training")
    await project(basis)
    nav = dev_tokens.headers("caseworker", agency="nav", municipality=HAMAR, sub="nav-1")

    response = await client.get(f"/placements/{placement}", headers=nav)
    assert response.status_code == 200
    (row,) = await access_rows(test_engine)
    assert (row.agency, row.legal_basis, str(row.basis_id)) == (
        "nav",
        "nav_loven",
        basis.data["basis_id"],
    )
    listed = await client.get("/placements", headers=nav)
    assert [p["participant_id"] for p in listed.json()["items"]] == [str(pid)]

    # Naming a purpose the basis is not for: 403, and nothing recorded.
    for_education = {**nav, "X-Purpose": "education"}
    response = await client.get(f"/participants/{pid}/profile", headers=for_education)
    assert response.status_code == 403
    assert response.json()["code"] == "no-basis-for-purpose"
    assert len(await access_rows(test_engine)) == 2
    assert len(await database.outbox_payloads(ACCESS)) == 2

    named = await client.get(
        f"/participants/{pid}/profile", headers={**nav, "X-Purpose": "work_training"}
    )
    assert named.status_code == 200
    assert (await access_rows(test_engine))[-1].purpose == "work_training"


async def test_a_basis_for_a_purpose_that_does_not_allow_placements_is_403(
    placed: tuple[UUID, str],
    project: Project,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> None:
    pid, placement = placed
    await project(sharing_basis(pid, agency="learning-centre", purpose="norwegian_training"))
    teacher = dev_tokens.headers("caseworker", agency="learning-centre", municipality=HAMAR)
    response = await client.get(f"/placements/{placement}", headers=teacher)
    assert response.status_code == 403
    assert response.json()["code"] == "no-basis-for-purpose"
    # Which consents the participant gave: a basis for any purpose shows them.
    consents = await client.get(f"/participants/{pid}/consents", headers=teacher)
    assert consents.status_code == 200


async def test_an_employers_read_of_a_candidate_is_recorded_on_the_consent(
    placed: tuple[UUID, str],
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    api: Api,
    test_engine: AsyncEngine,
    database: Database,
) -> None:
    pid, _ = placed
    (employer,) = (await client.get("/employers", headers=api.headers)).json()["items"]
    kari = dev_tokens.headers(
        "contributor", agency="employer", municipality=HAMAR, sub="kari@sykehjem"
    )
    response = await client.get(f"/employers/{employer['id']}/candidates/{pid}", headers=kari)
    assert response.status_code == 200
    (row,) = await access_rows(test_engine)
    assert (row.agency, row.role, row.legal_basis) == ("employer", "contributor", "consent")
    assert str(row.consent_id) == response.json()["consent_id"]
    (event,) = await database.outbox_payloads(ACCESS)
    assert event["participants"][0]["consent_id"] == response.json()["consent_id"]
