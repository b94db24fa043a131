"""For erasure tests: which of a service's tables still mention a participant.

Every row of every table is read as text and searched for the participant's id, so a
new table that keeps something about a participant is caught without naming it here.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncEngine


async def tables_mentioning(
    engine: AsyncEngine, metadata: MetaData, participant_id: UUID, *, exclude: Collection[str] = ()
) -> dict[str, int]:
    """``{table: rows}`` of the tables (but ``exclude``) with a row that names the
    participant (their id anywhere in a column, JSON included)."""
    needle = str(participant_id)
    found: dict[str, int] = {}
    async with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in exclude:
                continue
            rows = await conn.execute(select(table))
            hits = sum(1 for row in rows if any(needle in _text(v) for v in row))
            if hits:
                found[table.name] = hits
    return found


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
