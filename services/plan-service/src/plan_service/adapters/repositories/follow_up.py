"""Loads and stores meetings and actions (aggregates of their own: each records its
events), and the participant's contact persons (records without events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.repository import Repository
from plan_service.adapters import tables
from plan_service.domain.codes import ActionFilter, ActionStatus, MeetingKind, Responsibility
from plan_service.domain.follow_up import Action, Attendee, ContactPerson, Meeting

# Meetings ---------------------------------------------------------------------------

_M, _P = tables.meetings, tables.participants
# A meeting with its participant's municipality (the table does not repeat it).
_MEETINGS = select(_M, _P.c.municipality).join(
    _P, and_(_P.c.id == _M.c.participant_id, _P.c.erased_on.is_(None))
)


def _meeting(row: Any) -> Meeting:
    return Meeting(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        kind=MeetingKind(row.kind),
        held_on=row.held_on,
        attendees=tuple(
            Attendee(agency=a["agency"], name=a.get("name"), role=a.get("role"))
            for a in row.attendees
        ),
        recorded_by=row.recorded_by,
        participant_present=row.participant_present,
        notes=row.notes,
        recorded_by_agency=row.recorded_by_agency,
    )


class MeetingRepository(Repository[Meeting]):
    """Meetings are recorded, never changed."""

    what = "meeting"

    async def _load(self, meeting_id: UUID, *, lock: bool) -> Meeting | None:
        query = _MEETINGS.where(_M.c.id == meeting_id)
        if lock:
            query = query.with_for_update(of=_M)
        row = (await self.session.execute(query)).first()
        return _meeting(row) if row is not None else None

    async def _insert(self, meeting: Meeting) -> None:
        await self.session.execute(
            insert(_M).values(
                id=meeting.id,
                participant_id=meeting.participant_id,
                kind=meeting.kind.value,
                held_on=meeting.held_on,
                attendees=[
                    {"agency": a.agency, "name": a.name, "role": a.role} for a in meeting.attendees
                ],
                participant_present=meeting.participant_present,
                notes=meeting.notes,
                recorded_by_agency=meeting.recorded_by_agency,
                recorded_by=meeting.recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def count(self, participant_id: UUID) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(_M).where(_M.c.participant_id == participant_id)
        )
        return int(found or 0)

    async def list(
        self, participant_id: UUID, *, limit: int, offset: int
    ) -> list[tuple[Meeting, list[Action]]]:
        """Newest first, each with the actions it decided."""
        rows = await self.session.execute(
            _MEETINGS.where(_M.c.participant_id == participant_id)
            .order_by(_M.c.held_on.desc(), _M.c.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        found = self._seen_all(_meeting(row) for row in rows)
        decided: dict[UUID, list[Action]] = {m.id: [] for m in found}
        if found:
            actions = tables.actions
            for row in await self.session.execute(
                select(actions)
                .where(actions.c.meeting_id.in_(list(decided)))
                .order_by(actions.c.created_at, actions.c.id)
            ):
                decided[row.meeting_id].append(self.seen.add(_action(row)))
        return [(m, decided[m.id]) for m in found]


# Actions ----------------------------------------------------------------------------


def _action(row: Any) -> Action:
    return from_row(
        Action,
        row,
        responsibility=Responsibility(row.responsibility) if row.responsibility else None,
        status=ActionStatus(row.status),
    )


@dataclass(frozen=True)
class ActionQuery:
    """Which actions: of one participant or of the municipality; by status (or open and
    past due) and owning unit."""

    municipality: str
    participant_id: UUID | None = None
    status: ActionFilter | None = None
    owner_unit: str | None = None
    # Only participants this agency has a basis in force for, for one of ``purposes``.
    visible_to_agency: str | None = None
    purposes: tuple[str, ...] = ()


def action_not_found() -> NotFound:
    return NotFound("No such action for this participant.", code="action-not-found")


class ActionRepository(Repository[Action]):
    what = "action"

    async def _load(self, action_id: UUID, *, lock: bool) -> Action | None:
        query = select(tables.actions).where(
            tables.actions.c.id == action_id,
            ~exists().where(
                _P.c.id == tables.actions.c.participant_id, _P.c.erased_on.is_not(None)
            ),
        )
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _action(row) if row is not None else None

    async def of_participant(
        self, participant_id: UUID, action_id: UUID, *, municipality: str
    ) -> Action:
        """The participant's action, or ``NotFound``."""
        found = await self._load(action_id, lock=False)
        if found is None or (found.participant_id, found.municipality) != (
            participant_id,
            municipality,
        ):
            raise action_not_found()
        return self._seen(found)

    async def _insert(self, action: Action) -> None:
        await self.session.execute(
            insert(tables.actions).values(
                id=action.id,
                participant_id=action.participant_id,
                municipality=action.municipality,
                meeting_id=action.meeting_id,
                description=action.description,
                owner_agency=action.owner_agency,
                owner_unit=action.owner_unit,
                responsibility=action.responsibility.value if action.responsibility else None,
                due_date=action.due_date,
                created_on=action.created_on,
                status=action.status.value,
                recorded_by=action.recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def _update(self, action: Action) -> None:
        """The completion, only of an open action: a concurrent completion makes this
        one 409."""
        actions = tables.actions
        result = await self.session.execute(
            update(actions)
            .where(actions.c.id == action.id, actions.c.status == ActionStatus.OPEN.value)
            .values(
                status=action.status.value,
                completed_on=action.completed_on,
                completion_note=action.completion_note,
                completed_by=action.completed_by,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The action was closed at the same time.", code="action-already-closed")

    @staticmethod
    def _where(query: ActionQuery, today: date) -> list[ColumnElement[bool]]:
        actions = tables.actions
        erased = tables.participants
        where: list[ColumnElement[bool]] = [
            actions.c.municipality == query.municipality,
            ~exists().where(
                erased.c.id == actions.c.participant_id, erased.c.erased_on.is_not(None)
            ),
        ]
        if query.participant_id is not None:
            where.append(actions.c.participant_id == query.participant_id)
        if query.owner_unit is not None:
            where.append(actions.c.owner_unit == query.owner_unit)
        if query.status is ActionFilter.OVERDUE:
            where.append(actions.c.status == ActionStatus.OPEN.value)
            where.append(actions.c.due_date < today)
        elif query.status is not None:
            where.append(actions.c.status == query.status.value)
        if query.visible_to_agency is not None:
            bases = tables.sharing_bases
            where.append(
                exists().where(
                    bases.c.participant_id == actions.c.participant_id,
                    bases.c.agency == query.visible_to_agency,
                    bases.c.purpose.in_(query.purposes),
                    bases.c.valid_from <= today,
                    or_(bases.c.valid_to.is_(None), bases.c.valid_to >= today),
                )
            )
        return where

    async def count(self, query: ActionQuery, *, today: date) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(tables.actions).where(*self._where(query, today))
        )
        return int(found or 0)

    async def list(
        self, query: ActionQuery, *, today: date, limit: int, offset: int
    ) -> list[Action]:
        """Soonest due first."""
        actions = tables.actions
        rows = await self.session.execute(
            select(actions)
            .where(*self._where(query, today))
            .order_by(actions.c.due_date, actions.c.created_at, actions.c.id)
            .limit(limit)
            .offset(offset)
        )
        return self._seen_all(_action(row) for row in rows)


# Contact persons --------------------------------------------------------------------


def _contact(row: Any) -> ContactPerson:
    return from_row(ContactPerson, row)


class ContactRepository:
    """The participant's contact persons: a new one is added, a replaced one's period
    ended; nothing else changes."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def of_participant(self, participant_id: UUID) -> list[ContactPerson]:
        """Every contact person, newest first."""
        contacts = tables.contacts
        rows = await self._session.execute(
            select(contacts)
            .where(contacts.c.participant_id == participant_id)
            .order_by(contacts.c.assigned_on.desc(), contacts.c.created_at.desc())
        )
        return [_contact(row) for row in rows]

    async def add(self, participant_id: UUID, contact: ContactPerson, *, recorded_by: str) -> None:
        await self._session.execute(
            insert(tables.contacts).values(
                id=contact.id,
                participant_id=participant_id,
                agency=contact.agency,
                name=contact.name,
                role=contact.role,
                phone=contact.phone,
                email=contact.email,
                assigned_on=contact.assigned_on,
                ended_on=contact.ended_on,
                handover_note=contact.handover_note,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def end(self, contact: ContactPerson) -> None:
        """End a current contact's period: a concurrent replacement makes this one 409."""
        contacts = tables.contacts
        result = await self._session.execute(
            update(contacts)
            .where(contacts.c.id == contact.id, contacts.c.ended_on.is_(None))
            .values(ended_on=contact.ended_on)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict(
                "The contact person was replaced at the same time; try again.",
                code="concurrent-change",
            )
