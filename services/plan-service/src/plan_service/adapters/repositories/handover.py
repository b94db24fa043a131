"""Loads and stores the transition checklists and the hand-over packages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_or_update
from helhet_common.domain_errors import Conflict
from helhet_common.repository import Repository
from helhet_common.unit_of_work import Seen
from plan_service.adapters import tables
from plan_service.domain.codes import OutcomeStatus
from plan_service.domain.handover import Basis, BasisKind, HandOver, ReceivingKind, Transition

_T, _H = tables.transitions, tables.hand_overs


class TransitionRepository:
    """One checklist per participant, created the first time it is set."""

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        self.session = session
        self.seen = seen

    async def of_participant(self, participant_id: UUID, municipality: str) -> Transition:
        """The participant's checklist (an empty one if never set)."""
        row = (
            await self.session.execute(select(_T).where(_T.c.participant_id == participant_id))
        ).first()
        if row is None:
            return self.seen.add(
                Transition(participant_id=participant_id, municipality=municipality)
            )
        return self.seen.add(
            Transition(
                participant_id=row.participant_id,
                municipality=row.municipality,
                nav_dialogue_held_on=row.nav_dialogue_held_on,
                next_step=OutcomeStatus(row.next_step) if row.next_step else None,
                receiving_kind=ReceivingKind(row.receiving_kind) if row.receiving_kind else None,
                receiving_unit_id=row.receiving_unit_id,
                updated_by=row.updated_by,
                updated_at=row.updated_at,
            )
        )

    async def save(self, transition: Transition) -> None:
        self.seen.add(transition)
        values = {
            "nav_dialogue_held_on": transition.nav_dialogue_held_on,
            "next_step": transition.next_step.value if transition.next_step else None,
            "receiving_kind": (
                transition.receiving_kind.value if transition.receiving_kind else None
            ),
            "receiving_unit_id": transition.receiving_unit_id,
            "updated_by": transition.updated_by,
            "updated_at": transition.updated_at,
        }
        # One statement: two first writes at once both land (the later one's values
        # stand) instead of the second clashing on the participant's key.
        await self.session.execute(
            insert_or_update(self.session, _T, keys=["participant_id"]),
            {
                "participant_id": transition.participant_id,
                "municipality": transition.municipality,
                **values,
            },
        )


def _hand_over(row: Any) -> HandOver:
    return HandOver(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        receiving_kind=ReceivingKind(row.receiving_kind),
        receiving_unit_id=row.receiving_unit_id,
        basis=Basis(kind=BasisKind(row.basis_kind), id=row.basis_id),
        package=dict(row.package),
        created_by=row.created_by,
        created_on=row.created_on,
        acknowledged_on=row.acknowledged_on,
        acknowledged_by=row.acknowledged_by,
        acknowledged_by_agency=row.acknowledged_by_agency,
    )


class HandOverRepository(Repository[HandOver]):
    what = "hand-over"

    async def _load(self, hand_over_id: UUID, *, lock: bool) -> HandOver | None:
        query = select(_H).where(_H.c.id == hand_over_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _hand_over(row) if row is not None else None

    async def _insert(self, hand_over: HandOver) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(_H).values(
                        id=hand_over.id,
                        participant_id=hand_over.participant_id,
                        municipality=hand_over.municipality,
                        receiving_kind=hand_over.receiving_kind.value,
                        receiving_unit_id=hand_over.receiving_unit_id,
                        basis_kind=hand_over.basis.kind.value,
                        basis_id=hand_over.basis.id,
                        package=hand_over.package,
                        created_by=hand_over.created_by,
                        created_on=hand_over.created_on,
                    )
                )
        except IntegrityError as error:
            raise Conflict(
                "This receiving unit already has a hand-over of the participant.",
                code="hand-over-exists",
            ) from error

    async def _update(self, hand_over: HandOver) -> None:
        await self.session.execute(
            update(_H)
            .where(_H.c.id == hand_over.id)
            .values(
                acknowledged_on=hand_over.acknowledged_on,
                acknowledged_by=hand_over.acknowledged_by,
                acknowledged_by_agency=hand_over.acknowledged_by_agency,
            )
        )

    async def find(self, hand_over_id: UUID) -> HandOver | None:
        """The hand-over, whatever its municipality (the caller checks), or None."""
        found = await self._load(hand_over_id, lock=False)
        return self._seen(found) if found is not None else None

    async def to_receiving(
        self, municipality: str, kind: ReceivingKind, *, limit: int
    ) -> list[HandOver]:
        """The municipality's hand-overs to one kind of receiving unit: those not yet
        acknowledged first, then newest first."""
        rows = await self.session.execute(
            select(_H)
            .where(_H.c.municipality == municipality, _H.c.receiving_kind == kind.value)
            .order_by(_H.c.acknowledged_on.is_not(None), _H.c.created_on.desc(), _H.c.id.desc())
            .limit(limit)
        )
        return self._seen_all(_hand_over(row) for row in rows)

    async def of_participant(self, participant_id: UUID) -> list[HandOver]:
        rows = await self.session.execute(
            select(_H)
            .where(_H.c.participant_id == participant_id)
            .order_by(_H.c.created_on, _H.c.id)
        )
        return self._seen_all(_hand_over(row) for row in rows)


class PlacementRepository:
    """The participants' placements as placement-service announced them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_participant(self, participant_id: UUID) -> list[dict[str, Any]]:
        """As the hand-over package holds them (ids, codes, ISO dates), oldest first;
        ``outcome`` is how it ended (``hired`` when the employer hired the participant),
        null while it runs."""
        _PP = tables.participant_placements
        rows = await self.session.execute(
            select(_PP)
            .where(_PP.c.participant_id == participant_id)
            .order_by(_PP.c.start_date, _PP.c.placement_id)
        )

        def day(value: Any) -> str | None:
            return value.isoformat() if value is not None else None

        return [
            {
                "placement_id": str(row.placement_id),
                "employer_id": str(row.employer_id) if row.employer_id else None,
                "kind": row.kind,
                "start_date": day(row.start_date),
                "planned_end": day(row.planned_end),
                "ended_on": day(row.ended_on),
                "outcome": "hired" if row.hired_on is not None else row.end_reason,
                "hired_on": day(row.hired_on),
            }
            for row in rows
        ]
