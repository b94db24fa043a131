"""``UtcDateTime`` without a database: what it binds and what it gives back per dialect.
(The round trip through PostgreSQL and SQLite: ``integration/test_utc_datetime.py``.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from helhet_common.db.types import UtcDateTime

OSLO_SUMMER = timezone(timedelta(hours=2))
MOMENT = datetime(2026, 10, 5, 14, 30, 15, 250_000, tzinfo=UTC)
DIALECTS = {"postgresql": postgresql.dialect(), "sqlite": sqlite.dialect()}


@pytest.fixture(params=sorted(DIALECTS))
def dialect(request: pytest.FixtureRequest) -> Dialect:
    return DIALECTS[request.param]


def test_an_aware_moment_is_bound_in_utc(dialect: Dialect) -> None:
    bound = UtcDateTime().process_bind_param(MOMENT.astimezone(OSLO_SUMMER), dialect)

    assert bound is not None
    if dialect.name == "sqlite":  # SQLite stores the UTC digits, as DateTime always did
        assert bound == MOMENT.replace(tzinfo=None)
    else:
        assert (bound, bound.tzinfo) == (MOMENT, UTC)


def test_a_naive_moment_is_refused(dialect: Dialect) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UtcDateTime().process_bind_param(datetime(2026, 10, 5, 14, 30), dialect)


def test_none_stays_none(dialect: Dialect) -> None:
    column = UtcDateTime()
    assert column.process_bind_param(None, dialect) is None
    assert column.process_result_value(None, dialect) is None


@pytest.mark.parametrize(
    "stored",
    [MOMENT.replace(tzinfo=None), MOMENT, MOMENT.astimezone(OSLO_SUMMER)],
    ids=["without-time-zone", "utc", "other-offset"],
)
def test_a_stored_moment_comes_back_aware_in_utc(dialect: Dialect, stored: datetime) -> None:
    found = UtcDateTime().process_result_value(stored, dialect)

    assert found == MOMENT
    assert found is not None
    assert found.tzinfo is UTC


def test_the_database_type_is_datetime_with_time_zone() -> None:
    compiled = postgresql.dialect().type_compiler_instance.process(UtcDateTime())
    assert compiled == "TIMESTAMP WITH TIME ZONE"
    assert UtcDateTime().python_type is datetime


def test_autogenerate_writes_the_database_type_into_a_revision() -> None:
    from alembic.autogenerate import render_python_code
    from alembic.operations import ops
    from sqlalchemy import Column

    from helhet_common.db.migrations import render_item

    upgrade = ops.UpgradeOps(
        ops=[ops.AddColumnOp("outbox", Column("seen_at", UtcDateTime(), nullable=True))]
    )

    code = render_python_code(upgrade, render_item=render_item)

    assert "sa.DateTime(timezone=True)" in code
    assert "UtcDateTime" not in code
