"""The links from another system's record (source, municipality, external id) to the
participant an import settled."""

from __future__ import annotations

from collections.abc import Sequence
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

    async def get_many(
        self, *, source: str, municipality: str, external_ids: Sequence[str]
    ) -> dict[str, ExternalLink]:
        """The links of these external ids that exist, by external id, in one query."""
        if not external_ids:
            return {}
        rows = await self.session.execute(
            select(T).where(
                T.c.source == source,
                T.c.municipality == municipality,
                T.c.external_id.in_(list(external_ids)),
            )
        )
        return {row.external_id: ExternalLink(**row._mapping) for row in rows}

    async def add(
        self, *, source: str, municipality: str, external_id: str, participant_id: UUID
    ) -> ExternalLink:
        (link,) = await self.add_many(
            source=source, municipality=municipality, links={external_id: participant_id}
        )
        return link

    async def add_many(
        self, *, source: str, municipality: str, links: dict[str, UUID]
    ) -> list[ExternalLink]:
        """Link each external id to its participant, in one statement; an id linked by
        another request meanwhile fails them all (``imported-concurrently``)."""
        now = datetime.now(UTC)
        added = [
            ExternalLink(
                source=source,
                municipality=municipality,
                external_id=external_id,
                participant_id=participant_id,
                linked_at=now,
            )
            for external_id, participant_id in links.items()
        ]
        if not added:
            return added
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(T),
                    [
                        {
                            "source": link.source,
                            "municipality": link.municipality,
                            "external_id": link.external_id,
                            "participant_id": link.participant_id,
                            "linked_at": link.linked_at,
                        }
                        for link in added
                    ],
                )
        except IntegrityError:
            raise imported_concurrently() from None
        return added

    async def record_change(
        self, *, source: str, municipality: str, external_id: str, reason: str
    ) -> None:
        await self.session.execute(
            update(T)
            .where(self._key(source, municipality, external_id))
            .values(changed_at=datetime.now(UTC), change_reason=reason)
        )
