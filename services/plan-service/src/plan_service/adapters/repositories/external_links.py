"""The links from another system's record (source, municipality, external id) to the
participant an import settled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.domain_errors import Conflict
from plan_service.adapters import tables

T = tables.external_links


@dataclass(frozen=True, kw_only=True)
class ExternalLink:
    source: str
    municipality: str
    external_id: str
    participant_id: UUID
    linked_at: datetime
    changed_at: datetime | None = None
    change_reason: str | None = None


def imported_concurrently() -> Conflict:
    return Conflict(
        "The record was imported by another request at the same time; send it again.",
        code="imported-concurrently",
    )


class ExternalLinkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _key(self, source: str, municipality: str, external_id: str) -> ColumnElement[bool]:
        return and_(
            T.c.source == source, T.c.municipality == municipality, T.c.external_id == external_id
        )

    async def get(self, *, source: str, municipality: str, external_id: str) -> ExternalLink | None:
        row = (
            await self.session.execute(
                select(T).where(self._key(source, municipality, external_id))
            )
        ).one_or_none()
        return None if row is None else ExternalLink(**row._mapping)

    async def add(
        self, *, source: str, municipality: str, external_id: str, participant_id: UUID
    ) -> ExternalLink:
        link = ExternalLink(
            source=source,
            municipality=municipality,
            external_id=external_id,
            participant_id=participant_id,
            linked_at=datetime.now(UTC),
        )
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(T).values(
                        source=source,
                        municipality=municipality,
                        external_id=external_id,
                        participant_id=participant_id,
                        linked_at=link.linked_at,
                    )
                )
        except IntegrityError:
            raise imported_concurrently() from None
        return link

    async def record_change(
        self, *, source: str, municipality: str, external_id: str, reason: str
    ) -> None:
        await self.session.execute(
            update(T)
            .where(self._key(source, municipality, external_id))
            .values(changed_at=datetime.now(UTC), change_reason=reason)
        )
