"""The access log: every read of a participant's personal data, append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.rows import from_row
from plan_service.adapters import tables


@dataclass(frozen=True)
class AccessLogEntry:
    participant_id: UUID
    municipality: str
    sub: str
    agency: str
    purpose: str
    endpoint: str
    at: datetime
    # An agency system's organisation name; None for a person.
    client_name: str | None = None


class AccessLogRepository:
    """Append-only: rows are added and listed, never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entries: list[AccessLogEntry]) -> None:
        if not entries:
            return
        await self._session.execute(
            insert(tables.access_log),
            [
                {
                    "participant_id": e.participant_id,
                    "municipality": e.municipality,
                    "sub": e.sub,
                    "agency": e.agency,
                    "client_name": e.client_name,
                    "purpose": e.purpose,
                    "endpoint": e.endpoint,
                    "at": e.at,
                }
                for e in entries
            ],
        )

    async def count(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.access_log)
            .where(tables.access_log.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list(self, participant_id: UUID, *, limit: int, offset: int) -> list[AccessLogEntry]:
        """Newest first."""
        rows = await self._session.execute(
            select(tables.access_log)
            .where(tables.access_log.c.participant_id == participant_id)
            .order_by(tables.access_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [from_row(AccessLogEntry, row) for row in rows]
