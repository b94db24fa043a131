"""``prune-access-log``: access-log rows older than five years are deleted, on both
databases, in batches; younger ones stay."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, func, insert, select

from helhet_common.access.retention import prune_access_log, years_before
from helhet_common.access.tables import define_access_tables
from helhet_common.clock import FixedClock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.testing.plugin import MakeDatabase

METADATA = MetaData()
LOG = define_access_tables(METADATA).access_log
TODAY = date(2031, 12, 8)


def row(at: datetime) -> dict[str, object]:
    return {
        "read_id": uuid4(),
        "participant_id": uuid4(),
        "municipality": "3403",
        "sub": "tester",
        "agency": "refugee-service",
        "role": "caseworker",
        "purpose": "case_work",
        "legal_basis": "integreringsloven",
        "categories": ["profile"],
        "operation": "GET /placements",
        "at": at,
    }


@pytest.fixture
async def url(make_backend_database: MakeDatabase) -> str:
    url = make_backend_database("access")
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(METADATA.create_all)
    finally:
        await engine.dispose()
    return url


async def test_rows_older_than_five_years_are_deleted_and_younger_ones_stay(url: str) -> None:
    clock = FixedClock(TODAY)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(LOG),
                [row(datetime(2020, 6, 1, tzinfo=UTC)) for _ in range(7)]
                + [row(datetime(2026, 12, 8, 12, tzinfo=UTC)), row(clock.now())],
            )
        sessions = create_session_factory(engine)

        deleted = await prune_access_log(sessions, LOG, clock=clock, batch=3)
        again = await prune_access_log(sessions, LOG, clock=clock, batch=3)
        one_year = await prune_access_log(sessions, LOG, clock=clock, years=1)

        async with engine.connect() as conn:
            left = await conn.scalar(select(func.count()).select_from(LOG))
    finally:
        await engine.dispose()
    assert (deleted, again) == (7, 0)  # in batches of 3: 3, 3, 1
    assert one_year == 1  # the read an hour after the five-year cutoff: older than a year
    assert left == 1


async def test_a_year_is_the_least(url: str) -> None:
    engine = create_engine(url)
    try:
        with pytest.raises(ValueError, match="at least a year"):
            await prune_access_log(create_session_factory(engine), LOG, years=0)
    finally:
        await engine.dispose()


def test_years_before_keeps_the_day_or_takes_the_28th() -> None:
    assert years_before(date(2031, 12, 8), 5) == date(2026, 12, 8)
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
