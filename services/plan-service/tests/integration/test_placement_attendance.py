"""Attendance placement contact persons record in placement-service reaches the one
ledger (issue 16): plan-service's consumer adds ``helhet.placement.attendance_recorded.v1``
as an entry recorded by the placement provider, with the placement entry's id as its
own, so a redelivered or re-published event writes it once, and it counts in the month's
benefit basis like any entry."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.messaging.envelope import CloudEvent
from plan_service.adapters import tables

from .conftest import HAMAR
from .test_benefit_api import enrol
from .test_placements_in_hand_over import EMPLOYER, Project, project  # noqa: F401

EVENT = "helhet.placement.attendance_recorded.v1"


def attendance(participant_id: str, entry_id: UUID, **data: Any) -> CloudEvent:
    """As placement-service publishes it (a new envelope each time: a re-publication)."""
    placement_id = UUID("01930000-0000-7000-8000-0000000a0001")
    return CloudEvent(
        source="/helhet/placement-service",
        type=EVENT,
        subject=participant_id,
        municipality=HAMAR,
        data={
            "participant_id": participant_id,
            "placement_id": str(placement_id),
            "employer_id": str(EMPLOYER),
            "entry_id": str(entry_id),
            "entry_date": "2025-09-02",
            "kind": "absence",
            "minutes": 240,
            "code": "ugyldig",
            "effect": "reduces",
            "recorded_by_agency": "employer",
            **data,
        },
    )


async def ledger_rows(engine: AsyncEngine, entry_id: UUID) -> int:
    async with engine.connect() as conn:
        t = tables.ledger_entries
        return int(await conn.scalar(select(func.count()).where(t.c.id == entry_id)) or 0)


async def test_a_placement_day_is_in_the_ledger_once_and_counts_in_the_benefit(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    project: Project,  # noqa: F811
    test_engine: AsyncEngine,
) -> None:
    participant_id = await enrol(client, caseworker)
    entry_id = uuid4()
    first = attendance(participant_id, entry_id)

    await project(first)
    await project(first)  # redelivered: the same envelope
    await project(attendance(participant_id, entry_id))  # re-published: a new envelope

    assert await ledger_rows(test_engine, entry_id) == 1
    ledger = await client.get(
        f"/participants/{participant_id}/ledger?month=2025-09", headers=caseworker
    )
    assert ledger.status_code == 200, ledger.text
    (entry,) = ledger.json()["items"]
    assert (entry["id"], entry["kind"], entry["hours"], entry["code"]) == (
        str(entry_id),
        "absence",
        4,
        "ugyldig",
    )
    assert entry["recorded_by"].startswith("placement:")
    assert entry["recorded_by_agency"] == "employer"
    benefit = await client.get(
        f"/participants/{participant_id}/benefit/2025-09", headers=caseworker
    )
    assert benefit.status_code == 200, benefit.text
    (line,) = [x for x in benefit.json()["lines"] if x["kind"] == "invalid_absence"]
    assert line["entry_ids"] == [str(entry_id)]
    assert line["hours"] == 4
    assert line["amount_ore"] < 0


async def test_a_day_of_a_participant_plan_service_does_not_hold_is_skipped(
    project: Project,  # noqa: F811
    test_engine: AsyncEngine,
) -> None:
    entry_id = uuid4()
    result = await project(attendance(str(uuid4()), entry_id))
    assert result.applied == 1
    assert await ledger_rows(test_engine, entry_id) == 0
