"""``plan-service prune-access-log``: the participant's access log keeps five years."""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from plan_service.adapters import tables
from plan_service.bootstrap import definition
from plan_service.settings import PlanSettings

from .conftest import HAMAR, Database, Settle


async def test_the_job_deletes_reads_older_than_five_years(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    settled: Settle,
    settings: PlanSettings,
    test_engine: AsyncEngine,
    database: Database,
) -> None:
    participant_id = await settled()
    await client.get(f"/participants/{participant_id}", headers=caseworker)  # today
    async with test_engine.begin() as conn:
        await conn.execute(
            insert(tables.access_log).values(
                participant_id=uuid.UUID(participant_id),
                municipality=HAMAR,
                sub="old-reader",
                agency="refugee-service",
                purpose="case_work",
                endpoint="GET /participants/{participant_id}",
                at=datetime(2019, 5, 1, tzinfo=UTC),
                read_id=uuid.uuid4(),
            )
        )
    [job] = [c for c in definition.commands if c.name == "prune-access-log"]

    await job.run(settings, argparse.Namespace(years=None))

    assert (await database.counts())["access_log"] == 1
    assert settings.access_log_keep_years == 5
