"""The demo seed: employers, openings and placements in every state, run twice harmlessly,
and a matching explanation for a demo participant."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from placement_service.adapters import tables
from placement_service.entrypoints.seed import demo_participant, seed
from placement_service.settings import PlacementSettings

from .conftest import Api, Database


async def test_the_demo_has_every_state_and_a_second_run_changes_nothing(
    settings: PlacementSettings, database: Database, api: Api, client: httpx.AsyncClient
) -> None:
    await seed(settings)
    first = await database.counts()
    await seed(settings)
    assert await database.counts() == first

    async with database.engine.connect() as conn:
        statuses = set((await conn.execute(select(tables.openings.c.status))).scalars())
        ends = set((await conn.execute(select(tables.placements.c.end_reason))).scalars())
    assert statuses == {"open", "filled", "closed"}
    assert ends == {None, "hired", "completed", "ended_by_employer"}

    placements = (await client.get("/placements", headers=api.headers)).json()["items"]
    assert {p["status"] for p in placements} == {"planned", "active", "ended"}
    assert any(p["kind_history"] for p in placements)
    assert any("subsidy-driven-extension" in p["flags"] for p in placements)
    assert any("outside-wishes" in p["flags"] for p in placements)
    shop = next(p for p in placements if p["nav_measures"])
    assert shop["funding_chain"]["continued_by"]["type"] == "temporary_wage_subsidy"

    employers = (await client.get("/employers", headers=api.headers)).json()["items"]
    assert any(w["code"] == "no-active-contact" for e in employers for w in e["warnings"])
    # The care ward's manager recorded the participant's recent days for the ledger.
    days = await database.outbox_payloads("helhet.placement.attendance_recorded.v1")
    assert {d["kind"] for d in days} == {"attendance", "absence"}
    assert {d["recorded_by_agency"] for d in days} == {"employer"}

    response = await client.post(
        f"/participants/{demo_participant(1)}/matches",
        json={"home": {"latitude": 60.7945, "longitude": 11.0680}},
        headers=api.headers,
    )
    assert response.status_code == 200, response.text
    matches = response.json()
    assert matches["items"][0]["sector"] == "Q"
