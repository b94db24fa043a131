"""Migration 0003 on a database with data (PostgreSQL, and the SQLite file of the
embedded default): plans saved before keep their content and get a first version in the
history, leaves get an id, and the migration goes down and up again."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from helhet_common.db import create_engine
from helhet_common.db.migrations import alembic_config, upgrade
from helhet_common.testing.plugin import MakeDatabase
from plan_service.adapters import tables
from plan_service.bootstrap import MIGRATIONS

PARTICIPANT = uuid.UUID("01930000-0000-7000-8000-00000000e001")
SAVED_AT = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
# The tables as revision 0002 left them (only the columns written here).
PROGRAMMES_0002 = sa.table(
    "programmes",
    sa.column("participant_id", sa.Uuid()),
    sa.column("regime", sa.String()),
    sa.column("start_date", sa.Date()),
    sa.column("expected_end_date", sa.Date()),
    sa.column("version", sa.Integer()),
)
PLANS_0002 = sa.table(
    "plans",
    sa.column("participant_id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("end_goal", sa.String()),
    sa.column("norwegian_goal", sa.String()),
    sa.column("activities", sa.JSON()),
    sa.column("programme_hours_per_week", sa.Float()),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
LEAVES_0002 = sa.table(
    "programme_leaves",
    sa.column("participant_id", sa.Uuid()),
    sa.column("from_date", sa.Date()),
    sa.column("to_date", sa.Date()),
    sa.column("reason", sa.String()),
    sa.column("recorded_by", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


async def fill_at_0002(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                tables.participants.insert().values(
                    id=PARTICIPANT,
                    municipality="3403",
                    settlement_date=date(2026, 3, 2),
                    birth_year=1994,
                    household_type="single",
                    languages=["ti"],
                    personal={},
                    created_at=SAVED_AT,
                )
            )
            await conn.execute(
                PROGRAMMES_0002.insert().values(
                    participant_id=PARTICIPANT,
                    regime="integreringsloven",
                    start_date=date(2026, 4, 1),
                    expected_end_date=date(2028, 3, 31),
                    version=1,
                )
            )
            await conn.execute(
                PLANS_0002.insert().values(
                    participant_id=PARTICIPANT,
                    version=3,
                    end_goal="work",
                    norwegian_goal="B1",
                    activities=[
                        {"kind": "norwegian", "provider_unit": "HLS", "hours_per_week": 20}
                    ],
                    programme_hours_per_week=20.0,
                    updated_at=SAVED_AT,
                )
            )
            await conn.execute(
                LEAVES_0002.insert().values(
                    participant_id=PARTICIPANT,
                    from_date=date(2026, 6, 1),
                    to_date=date(2026, 6, 10),
                    reason="illness",
                    recorded_by="x",
                    created_at=SAVED_AT,
                )
            )
    finally:
        await engine.dispose()


async def migrated_rows(url: str) -> tuple[object, object, object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            plan = (await conn.execute(select(tables.plans))).one()
            version = (await conn.execute(select(tables.plan_versions))).one()
            leave = (await conn.execute(select(tables.programme_leaves))).one()
    finally:
        await engine.dispose()
    return plan, version, leave


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(MIGRATIONS, url), revision)


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
async def test_0003_keeps_plans_and_leaves_and_goes_down_and_up(
    dialect: str, make_database: MakeDatabase, tmp_path: Path
) -> None:
    url = (
        make_database("plan_migration")
        if dialect == "postgresql"
        else f"sqlite+aiosqlite:///{tmp_path / 'plan.db'}"
    )
    upgrade(MIGRATIONS, url, revision="0002")
    await fill_at_0002(url)

    upgrade(MIGRATIONS, url)
    plan, version, leave = await migrated_rows(url)

    assert (plan.version, plan.started_on, plan.heavy_self_study) == (3, date(2026, 5, 4), False)  # type: ignore[attr-defined]
    assert plan.contributors == {}  # type: ignore[attr-defined]
    assert (version.version, version.reason) == (3, "recorded before plan versions were kept")  # type: ignore[attr-defined]
    assert version.activities == plan.activities  # type: ignore[attr-defined]
    assert isinstance(leave.id, uuid.UUID)  # type: ignore[attr-defined]

    await asyncio.to_thread(downgrade, url, "0002")
    upgrade(MIGRATIONS, url)
    _, again, _ = await migrated_rows(url)
    assert again.version == 3  # type: ignore[attr-defined]
