"""A service's database as a test sees it: row counts, whole rows, and the outbox.

Bad-input tests compare ``counts()`` or ``rows()`` before and after a request (equal:
nothing was written, not even an update); write tests read what went to the outbox.
A service's ``tests/integration/conftest.py`` names the tables it counts and may add
queries of its own in a subclass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["DatabaseView", "OutboxRow"]


@dataclass(frozen=True)
class OutboxRow:
    event_type: str
    topic: str
    key: str | None
    payload: dict[str, Any]


class DatabaseView:
    def __init__(self, engine: AsyncEngine, *, counted: Mapping[str, Table], outbox: Table):
        self.engine = engine
        self.counted = counted
        self.outbox_table = outbox

    async def counts(self) -> dict[str, int]:
        """The number of rows in each counted table."""
        async with self.engine.connect() as conn:
            return {
                name: int(await conn.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in self.counted.items()
            }

    async def rows(self) -> dict[str, list[str]]:
        """Every row of the counted tables: equal before and after means nothing was
        written (not even an update)."""
        async with self.engine.connect() as conn:
            return {
                name: sorted(repr(tuple(row)) for row in await conn.execute(select(table)))
                for name, table in self.counted.items()
            }

    async def row(self, table: str, row_id: str) -> dict[str, Any]:
        """One row of a counted table, by its ``id``."""
        found_in = self.counted[table]
        async with self.engine.connect() as conn:
            found = (
                await conn.execute(select(found_in).where(found_in.c.id == UUID(row_id)))
            ).one()
        return dict(found._mapping)

    async def outbox(self) -> list[OutboxRow]:
        """The outbox in the order it was written."""
        outbox = self.outbox_table
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(outbox).order_by(outbox.c.id))).all()
        return [
            OutboxRow(
                event_type=row.event_type,
                topic=row.topic,
                key=row.key,
                payload=json.loads(row.payload),
            )
            for row in rows
        ]

    async def outbox_types(self) -> list[str]:
        """The event types in the outbox, in the order they were written."""
        return [row.event_type for row in await self.outbox()]

    async def outbox_envelopes(self, event_type: str) -> list[dict[str, Any]]:
        """The whole envelopes of the events of one type."""
        return [row.payload for row in await self.outbox() if row.event_type == event_type]

    async def outbox_payloads(self, event_type: str) -> list[dict[str, Any]]:
        """The ``data`` of the events of one type."""
        return [envelope["data"] for envelope in await self.outbox_envelopes(event_type)]
