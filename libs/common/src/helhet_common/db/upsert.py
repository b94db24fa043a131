"""Insert-if-absent across PostgreSQL and SQLite (projections create rows on first sight)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_if_absent(
    session: AsyncSession, table: Table, values: dict[str, Any] | list[dict[str, Any]]
) -> None:
    """Insert rows unless one with the same primary key exists; never raises on conflict.

    A list of rows goes in one round trip.
    """
    rows = values if isinstance(values, list) else [values]
    if rows:
        await session.execute(insert_ignoring_conflicts(session, table), rows)


def insert_ignoring_conflicts(session: AsyncSession, table: Table) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the session's dialect."""
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    module = sqlite if dialect == "sqlite" else postgresql
    statement: Insert = module.insert(table).on_conflict_do_nothing()
    return statement
