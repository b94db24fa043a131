"""Loads and stores contributions to a participant's plan (an aggregate of their own: a
proposal another unit makes, which the plan's editor decides)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, insert, select, update

from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.repository import Repository
from plan_service.adapters import serialise as js
from plan_service.adapters import tables
from plan_service.domain.codes import ContributionStatus
from plan_service.domain.plans import Contribution, Contributor


def _from_row(row: Any) -> Contribution:
    decided_by = (
        Contributor(row.decided_by_agency, row.decided_by) if row.decided_by is not None else None
    )
    return from_row(
        Contribution,
        row,
        proposal=js.proposal_from_json(row.proposal),
        proposed_by=Contributor(row.proposed_by_agency, row.proposed_by),
        status=ContributionStatus(row.status),
        decided_by=decided_by,
    )


def contribution_not_found() -> NotFound:
    return NotFound("No such contribution to this plan.", code="contribution-not-found")


_C, _P = tables.plan_contributions, tables.participants
# A contribution with its participant's municipality (the table does not repeat it); an
# erased participant's are gone (their proposals were emptied).
_WITH_MUNICIPALITY = select(_C, _P.c.municipality).join(
    _P, and_(_P.c.id == _C.c.participant_id, _P.c.erased_on.is_(None))
)


class ContributionRepository(Repository[Contribution]):
    what = "contribution"

    async def _load(self, contribution_id: UUID, *, lock: bool) -> Contribution | None:
        query = _WITH_MUNICIPALITY.where(_C.c.id == contribution_id)
        if lock:
            query = query.with_for_update(of=_C)
        row = (await self.session.execute(query)).first()
        return _from_row(row) if row is not None else None

    async def of_participant(
        self, participant_id: UUID, contribution_id: UUID, *, municipality: str
    ) -> Contribution:
        """The contribution to this participant's plan, or ``NotFound``."""
        found = await self._load(contribution_id, lock=False)
        if found is None or (found.participant_id, found.municipality) != (
            participant_id,
            municipality,
        ):
            raise contribution_not_found()
        return self._seen(found)

    async def _insert(self, contribution: Contribution) -> None:
        await self.session.execute(
            insert(_C).values(
                id=contribution.id,
                participant_id=contribution.participant_id,
                section=contribution.proposal.section.value,
                proposal=js.proposal_to_json(contribution.proposal),
                reason=contribution.reason,
                proposed_by=contribution.proposed_by.sub,
                proposed_by_agency=contribution.proposed_by.agency,
                proposed_on=contribution.proposed_on,
                based_on_version=contribution.based_on_version,
                status=contribution.status.value,
                created_at=datetime.now(UTC),
            )
        )

    async def _update(self, contribution: Contribution) -> None:
        """The decision, only on an undecided contribution: a concurrent decision makes
        this one 409."""
        decided_by = contribution.decided_by
        result = await self.session.execute(
            update(_C)
            .where(
                _C.c.id == contribution.id,
                _C.c.status == ContributionStatus.PROPOSED.value,
            )
            .values(
                status=contribution.status.value,
                decided_by=decided_by.sub if decided_by else None,
                decided_by_agency=decided_by.agency if decided_by else None,
                decided_on=contribution.decided_on,
                decision_reason=contribution.decision_reason,
                resulting_version=contribution.resulting_version,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict(
                "The contribution was decided at the same time.", code="contribution-decided"
            )

    @staticmethod
    def _where(
        participant_id: UUID, status: ContributionStatus | None
    ) -> list[ColumnElement[bool]]:
        where = [_C.c.participant_id == participant_id]
        if status is not None:
            where.append(_C.c.status == status.value)
        return where

    async def count(self, participant_id: UUID, *, status: ContributionStatus | None = None) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(_C).where(*self._where(participant_id, status))
        )
        return int(found or 0)

    async def list(
        self,
        participant_id: UUID,
        *,
        status: ContributionStatus | None = None,
        limit: int,
        offset: int,
    ) -> list[Contribution]:
        """Newest first."""
        rows = await self.session.execute(
            _WITH_MUNICIPALITY.where(*self._where(participant_id, status))
            .order_by(_C.c.created_at.desc(), _C.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return self._seen_all(_from_row(row) for row in rows)
