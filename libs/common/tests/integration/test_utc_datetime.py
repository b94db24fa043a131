"""``UtcDateTime`` through a real database, PostgreSQL and SQLite (``database_backend``):
what goes in aware comes back aware in UTC, through a plain select, an aggregate and a
comparison in SQL, and rows SQLite held before the type existed read as UTC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from helhet_common.db import create_engine
from helhet_common.db.types import UtcDateTime
from helhet_common.testing.plugin import MakeDatabase

OSLO_SUMMER = timezone(timedelta(hours=2))
metadata = MetaData()
moments = Table(
    "moments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime(), nullable=True),
)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, 5, hour, minute, tzinfo=UTC)


@pytest.fixture
async def engine(make_backend_database: MakeDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(make_backend_database("moments"))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def test_moments_come_back_aware_in_utc(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(moments),
            [
                {"id": 1, "at": at(14, 30).astimezone(OSLO_SUMMER)},
                {"id": 2, "at": at(9)},
                {"id": 3, "at": None},
            ],
        )
    async with engine.connect() as conn:
        rows = dict((await conn.execute(select(moments.c.id, moments.c.at))).all())
        latest = await conn.scalar(select(func.max(moments.c.at)))
        after_ten = (
            await conn.scalars(
                select(moments.c.id).where(moments.c.at > at(10).astimezone(OSLO_SUMMER))
            )
        ).all()

    assert rows == {1: at(14, 30), 2: at(9), 3: None}
    assert rows[1] is not None
    assert rows[1].tzinfo is UTC
    assert (latest, latest.tzinfo if latest else None) == (at(14, 30), UTC)
    assert after_ten == [1]


async def test_a_naive_moment_is_refused_and_nothing_written(engine: AsyncEngine) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        async with engine.begin() as conn:
            await conn.execute(insert(moments).values(id=1, at=datetime(2026, 10, 5, 9)))

    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(moments)) == 0


@pytest.mark.databases("sqlite")
async def test_rows_sqlite_held_before_read_as_utc(engine: AsyncEngine) -> None:
    """SQLAlchemy's DateTime wrote the wall-clock digits without an offset; the code
    always wrote UTC moments, so they read back as UTC."""
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO moments (id, at) VALUES (1, '2026-10-05 09:00:00.000000')")
        )
    async with engine.connect() as conn:
        found = await conn.scalar(select(moments.c.at))
    assert (found, found.tzinfo if found else None) == (at(9), UTC)
