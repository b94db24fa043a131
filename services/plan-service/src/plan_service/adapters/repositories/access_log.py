"""The access log: every read of a participant's personal data, append-only.

plan-service's own reads are written by its routes; the reads other services make are
written by the consumer of ``helhet.access.recorded.v1`` (``service_layer/access_log``),
so the participant sees one log across services.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.rows import from_row
from helhet_common.db.upsert import insert_ignoring_conflicts
from plan_service.adapters import tables

PLAN_SERVICE = "plan-service"


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
    # The read (shared by the rows of one read); None for rows from before 0013.
    read_id: UUID | None = None
    service: str = PLAN_SERVICE
    client_id: str | None = None
    role: str | None = None
    legal_basis: str | None = None
    basis_id: UUID | None = None
    consent_id: UUID | None = None
    categories: list[str] | None = field(default=None)
    # The reader's own municipality when they acted for a partner of their host.
    acting_municipality: str | None = None


def _row(entry: AccessLogEntry) -> dict[str, Any]:
    return asdict(entry)


class AccessLogRepository:
    """Append-only: rows are added and listed, never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entries: list[AccessLogEntry]) -> None:
        if not entries:
            return
        await self._session.execute(insert(tables.access_log), [_row(e) for e in entries])

    async def append_once(self, entries: list[AccessLogEntry]) -> None:
        """Append, leaving out a (read, participant) already logged: a redelivered read."""
        if not entries:
            return
        await self._session.execute(
            insert_ignoring_conflicts(self._session, tables.access_log),
            [_row(e) for e in entries],
        )

    async def count(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.access_log)
            .where(tables.access_log.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list(self, participant_id: UUID, *, limit: int, offset: int) -> list[AccessLogEntry]:
        """Newest first (by the time of the read, then as written)."""
        log = tables.access_log
        rows = await self._session.execute(
            select(log)
            .where(log.c.participant_id == participant_id)
            .order_by(log.c.at.desc(), log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [from_row(AccessLogEntry, row) for row in rows]
