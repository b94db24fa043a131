"""The demo seed: organisations, volunteers, activities and matches in Hamar through the
same handlers as the API, run twice harmlessly."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from volunteer_service.adapters import tables
from volunteer_service.entrypoints.seed import seed
from volunteer_service.settings import VolunteerSettings

from .conftest import Database


async def test_the_demo_is_seeded_through_the_outbox_and_a_second_run_changes_nothing(
    settings: VolunteerSettings,
    database: Database,
    client: httpx.AsyncClient,
    coordinator: dict[str, str],
) -> None:
    await seed(settings)
    first = await database.counts()
    await seed(settings)
    assert await database.counts() == first
    assert (first["organisations"], first["volunteers"], first["activities"]) == (3, 6, 5)

    async with database.engine.connect() as conn:
        statuses = sorted((await conn.execute(select(tables.matches.c.status))).scalars())
    assert statuses == ["active", "ended", "proposed"]
    types = await database.outbox_types()
    assert types.count("helhet.volunteer.registered.v1") == 6
    assert types.count("helhet.activity.published.v1") == 5
    assert {
        "helhet.volunteer.vetted.v1",
        "helhet.attendance.recorded.v1",
        "helhet.match.proposed.v1",
        "helhet.match.started.v1",
        "helhet.match.ended.v1",
    } <= set(types)

    volunteers = (await client.get("/volunteers", headers=coordinator)).json()["items"]
    assert sum(1 for v in volunteers if v["vetting"] and v["vetting"]["valid"]) == 1
