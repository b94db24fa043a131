"""placement-service's placements reach the hand-over package: plan-service's consumer
folds the placement events (ids, codes, dates) into one row per placement, whatever the
redelivery, and the package handed to NAV lists them with the outcome."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.db import create_session_factory
from helhet_common.messaging.consumer import BatchResult, ConsumerRunner
from helhet_common.messaging.envelope import CloudEvent
from plan_service.adapters import tables
from plan_service.contracts.consumed import PLACEMENTS_TOPIC
from plan_service.service_layer.access_log import make_projection
from plan_service.settings import PlanSettings

from .conftest import HAMAR, Settle, basis_body

Project = Callable[..., Awaitable[BatchResult]]
EMPLOYER = UUID("01930000-0000-7000-8000-0000000e0001")


def placement_event(event: str, participant_id: str, placement_id: UUID, **data: Any) -> CloudEvent:
    return CloudEvent(
        source="/helhet/placement-service",
        type=f"helhet.{event}.v1",
        subject=str(placement_id),
        municipality=HAMAR,
        data={
            "participant_id": participant_id,
            "placement_id": str(placement_id),
            "employer_id": str(EMPLOYER),
            **data,
        },
    )


@pytest.fixture
async def project(settings: PlanSettings, test_engine: AsyncEngine) -> AsyncIterator[Project]:
    runner = ConsumerRunner(
        settings=settings,
        session_factory=create_session_factory(test_engine),
        tables=tables.shared,
        projection=make_projection(settings),
    )
    offsets = itertools.count()

    async def apply(*envelopes: CloudEvent) -> BatchResult:
        records = []
        for item in envelopes:
            value = item.to_json_bytes()
            records.append(
                ConsumerRecord(
                    topic=PLACEMENTS_TOPIC,
                    partition=0,
                    offset=next(offsets),
                    timestamp=int(item.time.timestamp() * 1000),
                    timestamp_type=0,
                    key=item.key,
                    value=value,
                    checksum=None,
                    serialized_key_size=len(item.key or b""),
                    serialized_value_size=len(value),
                    headers=[],
                )
            )
        return await runner.apply_batch(records)

    yield apply
    await runner.close()


async def test_placements_announced_by_placement_service_are_in_the_hand_over_package(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    exited: Settle,
    project: Project,
    test_engine: AsyncEngine,
) -> None:
    participant_id = await exited()
    practice, job = uuid4(), uuid4()
    started = placement_event(
        "placement.started",
        participant_id,
        practice,
        kind="language_practice",
        start_date="2026-05-04",
        planned_end="2026-08-28",
        opening_id=str(uuid4()),
        sector="Q",
        purpose="språktrening",
        created_by_municipality=False,
        plan_version=1,
        flags=[],
    )
    extended = placement_event(
        "placement.extended",
        participant_id,
        practice,
        previous_end="2026-08-28",
        new_end="2026-09-25",
        reason="more_training",
        flags=[],
    )
    ended = placement_event(
        "placement.ended",
        participant_id,
        practice,
        kind="language_practice",
        sector="Q",
        actual_end="2026-09-25",
        reason="completed",
        next_step="job",
        hours_logged=120.0,
    )
    job_started = placement_event(
        "placement.started",
        participant_id,
        job,
        kind="work_practice",
        start_date="2026-10-01",
        planned_end="2026-12-31",
    )
    hired = placement_event(
        "participant.hired",
        participant_id,
        job,
        sector="Q",
        via_kind="work_practice",
        hired_on="2026-11-02",
    )

    first = await project(started, extended, ended, job_started, hired)
    again = await project(started, ended)  # redelivered: the same rows, nothing new
    await client.post(
        f"/participants/{participant_id}/sharing-bases",
        json=basis_body(purpose="transition", valid_from="2026-10-01"),
        headers=caseworker,
    )
    made = await client.post(
        f"/participants/{participant_id}/hand-overs",
        json={"receiving_kind": "nav", "receiving_unit_id": "nav-hamar"},
        headers=caseworker,
    )

    assert first.applied == 5
    assert not first.dead_lettered
    assert not again.dead_lettered
    async with test_engine.connect() as conn:
        rows = await conn.scalar(select(func.count()).select_from(tables.participant_placements))
    assert rows == 2
    assert made.status_code == 201, made.text
    placements = made.json()["package"]["placements"]
    assert [
        (
            p["kind"],
            p["employer_id"],
            p["start_date"],
            p["planned_end"],
            p["ended_on"],
            p["outcome"],
        )
        for p in placements
    ] == [
        ("language_practice", str(EMPLOYER), "2026-05-04", "2026-09-25", "2026-09-25", "completed"),
        ("work_practice", str(EMPLOYER), "2026-10-01", "2026-12-31", None, "hired"),
    ]
