"""``bulk_update`` through a real database, PostgreSQL (one ``UPDATE ... FROM unnest``)
and SQLite (an executemany): every kind of column a read model holds is set to what was
given, rows not given are left alone, and a moment given in another zone reads back in
UTC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from helhet_common.db import create_engine
from helhet_common.db.bulk import bulk_update
from helhet_common.db.types import UtcDateTime
from helhet_common.testing.plugin import MakeDatabase

metadata = MetaData()
states = Table(
    "states",
    metadata,
    Column("key", Uuid(), primary_key=True),
    Column("name", String(50), nullable=True),
    Column("count", Integer, nullable=False),
    Column("flag", Boolean, nullable=False),
    Column("day", Date, nullable=True),
    Column("parts", JSON, nullable=False),
    Column("at", UtcDateTime(), nullable=True),
)


@pytest.fixture
async def engine(make_backend_database: MakeDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(make_backend_database("bulk_update"))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def test_rows_given_are_set_and_the_others_left_alone(engine: AsyncEngine) -> None:
    keys: list[UUID] = [uuid4() for _ in range(3)]
    blank = {"name": None, "count": 0, "flag": False, "day": None, "parts": [], "at": None}
    async with engine.begin() as conn:
        await conn.execute(insert(states), [{"key": k, **blank} for k in keys])
    oslo = timezone(timedelta(hours=2))
    given = [
        {
            "key": keys[0],
            "name": "første",
            "count": 7,
            "flag": True,
            "day": date(2026, 3, 1),
            "parts": [{"id": "a", "on": "2026-03-01"}, ["x", None]],
            "at": datetime(2026, 10, 5, 14, 30, tzinfo=oslo),
        },
        {
            "key": keys[1],
            "name": None,
            "count": 2,
            "flag": False,
            "day": None,
            "parts": {"nested": {"n": 1}},
            "at": datetime(2026, 10, 5, 9, tzinfo=UTC),
        },
    ]
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with sessions() as session, session.begin():
        assert await bulk_update(session, states, "key", given) == 2
        assert await bulk_update(session, states, "key", []) == 0
    async with engine.connect() as conn:
        rows = {r.key: dict(r._mapping) for r in await conn.execute(select(states))}
    assert rows[keys[0]] == {**given[0], "at": datetime(2026, 10, 5, 12, 30, tzinfo=UTC)}
    assert rows[keys[1]] == given[1]
    assert rows[keys[2]] == {"key": keys[2], **blank}
