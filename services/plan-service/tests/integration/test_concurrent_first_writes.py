"""Two first writes at once of one participant's transition checklist, or of one
week's check, each answer cleanly (no 500 from the unique index) and leave one row; the
checklist's next step takes the follow-up's codes too."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from helhet_common.clock import SYSTEM_CLOCK

from .conftest import Database, Settle
from .test_timetable_api import closure_body, full_timetable

NAV_UNIT = {"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"}


@pytest.mark.databases("postgresql", "sqlite")
async def test_two_first_checklists_at_once_both_land_and_one_row_stays(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    today = SYSTEM_CLOCK.today()
    participant_id = await enrolled(expected_end_date=(today + timedelta(days=30)).isoformat())

    responses = await asyncio.gather(
        *(
            client.put(
                f"/participants/{participant_id}/transition",
                json={"next_step": step, **NAV_UNIT},
                headers=caseworker,
            )
            for step in ("moved_away", "unknown")
        )
    )
    read = await client.get(f"/participants/{participant_id}/transition", headers=caseworker)

    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    assert read.json()["next_step"] in {"moved_away", "unknown"}
    assert (await database.counts())["transitions"] == 1


@pytest.mark.databases("postgresql", "sqlite")
async def test_two_first_checks_of_one_week_at_once_announce_it_once(
    client: httpx.AsyncClient, caseworker: dict[str, str], database: Database, enrolled: Settle
) -> None:
    participant_id = await enrolled()
    await full_timetable(client, participant_id, caseworker)
    await client.post("/timetable/closures", json=closure_body(), headers=caseworker)

    responses = await asyncio.gather(
        *(
            client.post(
                "/timetable/week-checks", json={"week_start": "2026-06-29"}, headers=caseworker
            )
            for _ in range(2)
        )
    )

    assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
    assert sorted(r.json()["announced"] for r in responses) == [0, 1]
    assert (await database.counts())["timetable_week_checks"] == 1
    assert len(await database.outbox_payloads("helhet.timetable_week.checked.v1")) == 1
