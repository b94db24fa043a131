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

    async def count(self, participant_id: UUID, *, excluding_sub: str | None = None) -> int:
        log = tables.access_log
        query = select(func.count()).select_from(log).where(log.c.participant_id == participant_id)
        if excluding_sub is not None:
            query = query.where(log.c.sub != excluding_sub)
        return int(await self._session.scalar(query) or 0)

    async def list(
        self,
        participant_id: UUID,
        *,
        limit: int,
        offset: int,
        excluding_sub: str | None = None,
    ) -> list[AccessLogEntry]:
        """Newest first (by the time of the read, then as written); ``excluding_sub``
        leaves out the reads of one login (the participant's own, on their page)."""
        log = tables.access_log
        query = select(log).where(log.c.participant_id == participant_id)
        if excluding_sub is not None:
            query = query.where(log.c.sub != excluding_sub)
        rows = await self._session.execute(
            query.order_by(log.c.at.desc(), log.c.id.desc()).limit(limit).offset(offset)
        )
        return [from_row(AccessLogEntry, row) for row in rows]
