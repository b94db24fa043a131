"""Insert-if-absent (projections create rows on first sight) and insert-or-update, across
PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Insert, Table, func
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


def insert_or_update(
    session: AsyncSession,
    table: Table,
    *,
    keys: list[str],
    add: Collection[str] = (),
    keep_if_null: Collection[str] = (),
) -> Insert:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE`` every other column, in the session's
    dialect; execute it with the row's values. The columns in ``add`` are added to (the
    row's value plus the new one); those in ``keep_if_null`` keep the row's value when
    the new one is null."""
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    module = sqlite if dialect == "sqlite" else postgresql
    statement = module.insert(table)
    updated: dict[str, Any] = {}
    for c in table.columns:
        if c.name in keys:
            continue
        new = statement.excluded[c.name]
        if c.name in add:
            updated[c.name] = c + new
        elif c.name in keep_if_null:
            updated[c.name] = func.coalesce(new, c)
        else:
            updated[c.name] = new
    result: Insert = statement.on_conflict_do_update(index_elements=keys, set_=updated)
    return result
