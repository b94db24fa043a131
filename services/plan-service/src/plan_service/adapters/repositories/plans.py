"""The history of a participant's plan: every version as it was saved, and the reviews
with the participant. Append-only records of the participant aggregate (the current plan
itself is stored with the participant)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.rows import from_row
from plan_service.adapters import serialise as js
from plan_service.adapters import tables
from plan_service.domain.follow_up import Review
from plan_service.domain.plans import Contributor, Plan


@dataclass(frozen=True)
class PlanVersion:
    """A stored version of the plan with who changed it, when and why."""

    participant_id: UUID
    plan: Plan
    reason: str
    changed_by: Contributor
    changed_at: datetime
    contribution_id: UUID | None


def _version(row: Any) -> PlanVersion:
    changed_by = Contributor(row.changed_by_agency, row.changed_by)
    plan = replace(
        js.plan_from_row(row),
        reason=row.reason,
        changed_by=changed_by,
        contribution_id=row.contribution_id,
    )
    return from_row(
        PlanVersion,
        row,
        plan=plan,
        changed_by=changed_by,
    )


class PlanRepository:
    """The plan's versions and reviews."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def count_versions(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.plan_versions)
            .where(tables.plan_versions.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list_versions(
        self, participant_id: UUID, *, limit: int, offset: int
    ) -> list[PlanVersion]:
        """Newest first."""
        versions = tables.plan_versions
        rows = await self._session.execute(
            select(versions)
            .where(versions.c.participant_id == participant_id)
            .order_by(versions.c.version.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_version(row) for row in rows]

    async def get_version(self, participant_id: UUID, version: int) -> PlanVersion | None:
        versions = tables.plan_versions
        row = (
            await self._session.execute(
                select(versions).where(
                    versions.c.participant_id == participant_id, versions.c.version == version
                )
            )
        ).first()
        return _version(row) if row is not None else None

    async def add_review(self, participant_id: UUID, review: Review, *, recorded_by: str) -> None:
        await self._session.execute(
            insert(tables.plan_reviews).values(
                id=review.id,
                participant_id=participant_id,
                plan_version=review.plan_version,
                reviewed_on=review.reviewed_on,
                agencies_present=list(review.agencies_present),
                participant_acknowledged=review.participant_acknowledged,
                participant_disagrees=review.participant_disagrees,
                participant_comment=review.participant_comment,
                municipality_justification=review.municipality_justification,
                next_review_due=review.next_review_due,
                recorded_by_agency=review.recorded_by_agency,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def count_reviews(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.plan_reviews)
            .where(tables.plan_reviews.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list_reviews(self, participant_id: UUID, *, limit: int, offset: int) -> list[Review]:
        """Newest first."""
        reviews = tables.plan_reviews
        rows = await self._session.execute(
            select(reviews)
            .where(reviews.c.participant_id == participant_id)
            .order_by(reviews.c.reviewed_on.desc(), reviews.c.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return [js.review_from_row(row) for row in rows]
