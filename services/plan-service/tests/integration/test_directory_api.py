"""Who is who (issue 15): another service's page asks for the names, case numbers and
caseworkers of the participants it shows, with the viewer's own token; every participant
named lands in their access log, a list as one read; whom the viewer may not see is
simply absent. The search by name or case number goes by the same rules."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
from sqlalchemy import select
from sqlalchemy.engine import Row

from helhet_common.testing.services import DevTokens
from plan_service.adapters import tables

from .conftest import HAMAR, Database, Settle, basis_body

LOOKUP = "/participants/search"
IMPORT = "/external-participants/visma-flyktning/{}"


async def reads_of(database: Database, endpoint: str) -> list[Row[Any]]:
    """The access-log rows of the reads made through ``endpoint``."""
    log = tables.access_log
    async with database.engine.connect() as conn:
        return list(await conn.execute(select(log).where(log.c.endpoint == endpoint)))


def imported(**changes: str) -> dict[str, object]:
    body: dict[str, object] = {
        "municipality": HAMAR,
        "settlement_date": "2026-03-02",
        "birth_year": 1990,
        "household_type": "family",
        "languages": ["uk"],
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "reason": "imported from Visma Flyktning",
    }
    body.update(changes)
    return body


async def test_a_lookup_names_the_participants_and_logs_one_read_of_each(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    ruta = await settled()
    olena = (await client.put(IMPORT.format("20731"), json=imported(), headers=caseworker)).json()[
        "participant_id"
    ]
    contact = await client.post(
        f"/participants/{ruta}/contacts",
        json={"agency": "refugee-service", "name": "Kari Nordmann", "assigned_on": "2026-03-02"},
        headers=caseworker,
    )
    assert contact.status_code == 201, contact.text
    response = await client.post(
        LOOKUP,
        json={"ids": [ruta, olena, str(uuid4())]},
        headers={**leader, "X-Purpose": "coordination"},
    )

    assert response.status_code == 200, response.text
    items = {x["id"]: x for x in response.json()["items"]}
    assert items == {
        ruta: {
            "id": ruta,
            "display_name": "Ruta Haile",
            "case_number": None,
            "caseworker": "Kari Nordmann",
        },
        olena: {
            "id": olena,
            "display_name": "Olena Kovalenko",
            "case_number": "20731",
            "caseworker": None,
        },
    }
    rows = await reads_of(database, "POST /participants/search")
    assert len(rows) == 2  # one per participant named, none for the unknown id
    assert len({r.read_id for r in rows}) == 1  # the list is one read
    assert {str(r.participant_id) for r in rows} == {ruta, olena}
    assert {r.sub for r in rows} == {"leder"}
    assert {r.purpose for r in rows} == {"coordination"}
    log = await client.get(f"/participants/{olena}/access-log", headers=leader)
    assert "POST /participants/search" in {e["endpoint"] for e in log.json()["items"]}


async def test_whom_the_viewer_may_not_see_is_absent(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    nav: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    shared = await settled()
    private = await settled(given_name="Amanuel", family_name="Tesfay")
    basis = await client.post(
        f"/participants/{shared}/sharing-bases", json=basis_body(), headers=caseworker
    )
    assert basis.status_code == 201, basis.text
    response = await client.post(LOOKUP, json={"ids": [shared, private]}, headers=nav)

    assert response.status_code == 200, response.text
    assert [x["id"] for x in response.json()["items"]] == [shared]
    assert "Amanuel" not in response.text
    rows = await reads_of(database, "POST /participants/search")
    assert [str(r.participant_id) for r in rows] == [shared]


async def test_another_municipality_finds_nobody(
    client: httpx.AsyncClient, dev_tokens: DevTokens, settled: Settle, database: Database
) -> None:
    participant = await settled()
    gjovik = dev_tokens.headers("integration_leader", municipality="3407")

    response = await client.post(LOOKUP, json={"ids": [participant]}, headers=gjovik)
    found = await client.get("/participants/search", params={"q": "Ruta"}, headers=gjovik)

    assert response.json() == {"items": []}
    assert found.json() == {"items": []}
    assert (await database.counts())["access_log"] == 0


async def test_search_by_name_or_case_number(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
    database: Database,
) -> None:
    ruta = await settled()
    await settled(given_name="Amanuel", family_name="Tesfay")
    olena = (await client.put(IMPORT.format("20731"), json=imported(), headers=caseworker)).json()[
        "participant_id"
    ]
    by_name = await client.get("/participants/search", params={"q": "haile"}, headers=leader)
    by_case = await client.get("/participants/search", params={"q": "2073"}, headers=leader)

    assert [x["id"] for x in by_name.json()["items"]] == [ruta]
    assert [x["id"] for x in by_case.json()["items"]] == [olena]
    rows = await reads_of(database, "GET /participants/search")
    assert sorted(str(r.participant_id) for r in rows) == sorted([ruta, olena])


async def test_bad_lookups_are_refused_and_log_nothing(
    client: httpx.AsyncClient, leader: dict[str, str], dev_tokens: DevTokens, database: Database
) -> None:
    too_many = {"ids": [str(uuid4()) for _ in range(101)]}
    answers = [
        await client.post(LOOKUP, json={"ids": []}, headers=leader),
        await client.post(LOOKUP, json={"ids": ["not-an-id"]}, headers=leader),
        await client.post(LOOKUP, json=too_many, headers=leader),
        await client.post(LOOKUP, json={"ids": [str(uuid4())], "x": 1}, headers=leader),
        await client.get("/participants/search", params={"q": " "}, headers=leader),
        await client.get("/participants/search", headers=leader),
    ]
    refused = await client.post(
        LOOKUP, json={"ids": [str(uuid4())]}, headers=dev_tokens.headers("employer")
    )

    assert [a.status_code for a in answers] == [422] * len(answers)
    assert all(a.headers["content-type"].startswith("application/problem+json") for a in answers)
    assert refused.status_code == 403
    assert (await database.counts())["access_log"] == 0


async def test_search_by_caseworker(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    leader: dict[str, str],
    settled: Settle,
) -> None:
    kari, other = await settled(), await settled(given_name="Amanuel", family_name="Tesfay")
    for pid, name in ((kari, "Kari Nordmann"), (other, "Ola Hansen")):
        assigned = await client.post(
            f"/participants/{pid}/contacts",
            json={"agency": "refugee-service", "name": name, "assigned_on": "2026-03-02"},
            headers=caseworker,
        )
        assert assigned.status_code == 201, assigned.text

    found = await client.get(
        "/participants/search", params={"caseworker": "nordmann"}, headers=leader
    )
    both = await client.get(
        "/participants/search", params={"caseworker": "nordmann", "q": "Tesfay"}, headers=leader
    )

    assert [x["id"] for x in found.json()["items"]] == [kari]
    assert both.json() == {"items": []}
