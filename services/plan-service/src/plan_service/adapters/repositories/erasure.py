"""Erasure: a participant's personal data removed from every table, in one transaction.

What goes (docs/retention.md): names and every other personal detail, the login, the
national identity number, the links to other systems' person numbers, the contact
persons (names, phones, e-mails), the attendees' names, and every free text (the
mapping's notes, the reasons of plan versions and proposals, a proposal's content,
the participant's comment and the municipality's justification at a review, the minutes
of meetings, the actions' descriptions and completion notes). What stays: ids, codes,
dates, hours and counts (the programme, the plan's codes and hours, test results,
outcomes, consents, sharing bases, the ledger, the access log), for statistics and the
audit trail. The participant row keeps its id, municipality, settlement date, birth
year, household type and languages, and records when and why it was erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, and_, case, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from plan_service.adapters import tables

_P = tables.participants


@dataclass(frozen=True)
class ErasureState:
    participant_id: UUID
    municipality: str
    erased_on: date | None
    reason: str | None


class ErasureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def state(self, participant_id: UUID, *, lock: bool = False) -> ErasureState | None:
        """The participant, erased or not (any municipality: the caller checks)."""
        query = select(_P.c.id, _P.c.municipality, _P.c.erased_on, _P.c.erasure_reason).where(
            _P.c.id == participant_id
        )
        row = (await self._session.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        return ErasureState(row.id, row.municipality, row.erased_on, row.erasure_reason)

    async def due(self, *, ended_before: date, limit: int) -> list[ErasureState]:
        """Participants not erased whose retention period counts from a day before
        ``ended_before`` (``reference``), oldest first."""
        programmes = tables.programmes
        day = reference()
        rows = await self._session.execute(
            select(_P.c.id, _P.c.municipality)
            .select_from(_P.outerjoin(programmes, programmes.c.participant_id == _P.c.id))
            .where(_P.c.erased_on.is_(None), day.is_not(None), day < ended_before)
            .order_by(day, _P.c.id)
            .limit(limit)
        )
        return [ErasureState(row.id, row.municipality, None, None) for row in rows]

    async def erase(self, participant_id: UUID, *, on: date, reason: str) -> None:
        """Remove the participant's personal data (see the module) and mark them erased."""
        pid = participant_id
        s = self._session
        await s.execute(
            update(_P)
            .where(_P.c.id == pid)
            .values(personal={}, person_sub=None, erased_on=on, erasure_reason=reason)
        )
        for table in (tables.participant_identities, tables.external_links, tables.contacts):
            await s.execute(delete(table).where(table.c.participant_id == pid))
        await s.execute(
            update(tables.mappings)
            .where(tables.mappings.c.participant_id == pid)
            .values(notes=None)
        )
        await s.execute(
            update(tables.plan_versions)
            .where(tables.plan_versions.c.participant_id == pid)
            .values(reason="")
        )
        await s.execute(
            update(tables.plan_contributions)
            .where(tables.plan_contributions.c.participant_id == pid)
            .values(reason="", proposal={}, decision_reason=None)
        )
        await s.execute(
            update(tables.plan_reviews)
            .where(tables.plan_reviews.c.participant_id == pid)
            .values(participant_comment=None, municipality_justification=None)
        )
        await s.execute(
            update(tables.meetings)
            .where(tables.meetings.c.participant_id == pid)
            .values(attendees=[], notes=None)
        )
        await s.execute(
            update(tables.actions)
            .where(tables.actions.c.participant_id == pid)
            .values(description="", completion_note=None)
        )
        await s.execute(  # the hand-over packages: the plan's codes stay, nothing else
            update(tables.hand_overs)
            .where(tables.hand_overs.c.participant_id == pid)
            .values(package={})
        )


def reference() -> ColumnElement[date]:
    """The day the retention period counts from: the later of the programme's end and
    the move away (either, where only one is known); NULL while neither happened."""
    ended, moved = tables.programmes.c.ended_on, _P.c.moved_on
    later = case(
        (and_(ended.is_not(None), moved.is_not(None)), case((ended > moved, ended), else_=moved))
    )
    return func.coalesce(later, ended, moved)
