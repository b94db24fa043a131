"""Loads and stores the year-round timetable: the participants' weekly sessions, the
providers' closures, whose self-study is heavy, and the weeks' full-time checks announced."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_ignoring_conflicts
from helhet_common.repository import Repository
from plan_service.adapters import tables
from plan_service.domain.timetable import (
    Closure,
    ClosureKind,
    ParticipantHoliday,
    ProviderKind,
    Session,
    Week,
    WeekCheck,
)

_S, _C = tables.timetable_sessions, tables.provider_closures
_W = tables.timetable_week_checks
_PH = tables.participant_holidays


def _time(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _session(row: Any) -> Session:
    return Session(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        provider_kind=ProviderKind(row.provider_kind),
        provider_id=row.provider_id,
        weekday=row.weekday,
        starts=_time(row.start_minute),
        ends=_time(row.end_minute),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        recorded_by=row.recorded_by,
        recorded_by_agency=row.recorded_by_agency,
        recorded_at=row.recorded_at,
    )


def _closure(row: Any) -> Closure:
    return Closure(
        id=row.id,
        municipality=row.municipality,
        provider_kind=ProviderKind(row.provider_kind),
        provider_id=row.provider_id,
        kind=ClosureKind(row.kind),
        from_date=row.from_date,
        to_date=row.to_date,
        covered_by=row.covered_by,
        recorded_by=row.recorded_by,
        recorded_by_agency=row.recorded_by_agency,
        recorded_at=row.recorded_at,
    )


class SessionRepository(Repository[Session]):
    """Weekly sessions: added, never changed here."""

    what = "timetable-session"

    async def _load(self, session_id: UUID, *, lock: bool) -> Session | None:
        query = select(_S).where(_S.c.id == session_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _session(row) if row is not None else None

    async def _insert(self, session: Session) -> None:
        await self.session.execute(
            insert(_S).values(
                id=session.id,
                participant_id=session.participant_id,
                municipality=session.municipality,
                provider_kind=session.provider_kind.value,
                provider_id=session.provider_id,
                weekday=session.weekday,
                start_minute=session.starts.hour * 60 + session.starts.minute,
                end_minute=session.ends.hour * 60 + session.ends.minute,
                valid_from=session.valid_from,
                valid_to=session.valid_to,
                recorded_by=session.recorded_by,
                recorded_by_agency=session.recorded_by_agency,
                recorded_at=session.recorded_at,
            )
        )

    async def _update(self, session: Session) -> None:
        await self.session.execute(
            update(_S)
            .where(_S.c.id == session.id)
            .values(
                start_minute=session.starts.hour * 60 + session.starts.minute,
                end_minute=session.ends.hour * 60 + session.ends.minute,
                valid_to=session.valid_to,
            )
        )

    async def of_participant(
        self,
        participant_id: UUID,
        *,
        lock: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Session]:
        """By weekday, then start time."""
        query = (
            select(_S)
            .where(_S.c.participant_id == participant_id)
            .order_by(_S.c.weekday, _S.c.start_minute, _S.c.valid_from, _S.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        if lock:
            query = query.with_for_update()
        return [_session(row) for row in await self.session.execute(query)]

    async def count(self, participant_id: UUID) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(_S).where(_S.c.participant_id == participant_id)
        )
        return int(found or 0)

    async def of_participants(self, participant_ids: list[UUID]) -> dict[UUID, list[Session]]:
        found: dict[UUID, list[Session]] = {p: [] for p in participant_ids}
        if not participant_ids:
            return found
        rows = await self.session.execute(
            select(_S).where(_S.c.participant_id.in_(participant_ids)).order_by(_S.c.id)
        )
        for row in rows:
            found[row.participant_id].append(_session(row))
        return found

    async def municipalities(self) -> list[str]:
        """The municipalities with a programme."""
        _P, _PR = tables.participants, tables.programmes
        rows = await self.session.execute(
            select(_P.c.municipality)
            .join(_PR, _PR.c.participant_id == _P.c.id)
            .distinct()
            .order_by(_P.c.municipality)
        )
        return [row.municipality for row in rows]

    async def programmes_during(
        self, municipality: str, first: date, last: date
    ) -> list[tuple[UUID, date, date]]:
        """The municipality's participants whose programme (start to exit, or to the
        expected end) has a day within ``first``..``last``: id, first and last day."""
        _P, _PR = tables.participants, tables.programmes
        end = func.coalesce(_PR.c.ended_on, _PR.c.expected_end_date)
        rows = await self.session.execute(
            select(_P.c.id, _PR.c.start_date, end.label("end_date"))
            .join(_PR, _PR.c.participant_id == _P.c.id)
            .where(
                _P.c.municipality == municipality,
                _P.c.erased_on.is_(None),
                _PR.c.start_date <= last,
                end >= first,
            )
            .order_by(_P.c.id)
        )
        return [(row.id, row.start_date, row.end_date) for row in rows]


class ClosureRepository(Repository[Closure]):
    """The providers' holidays and closures of a municipality."""

    what = "closure"

    async def _load(self, closure_id: UUID, *, lock: bool) -> Closure | None:
        row = (await self.session.execute(select(_C).where(_C.c.id == closure_id))).first()
        return _closure(row) if row is not None else None

    async def _insert(self, closure: Closure) -> None:
        await self.session.execute(
            insert(_C).values(
                id=closure.id,
                municipality=closure.municipality,
                provider_kind=closure.provider_kind.value,
                provider_id=closure.provider_id,
                kind=closure.kind.value,
                from_date=closure.from_date,
                to_date=closure.to_date,
                covered_by=closure.covered_by,
                recorded_by=closure.recorded_by,
                recorded_by_agency=closure.recorded_by_agency,
                recorded_at=closure.recorded_at,
            )
        )

    async def of_municipality(
        self,
        municipality: str,
        *,
        first: date | None = None,
        last: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Closure]:
        """By first day; only those touching ``first``..``last`` when given."""
        query = (
            select(_C)
            .where(_C.c.municipality == municipality, *_touching(first, last))
            .order_by(_C.c.from_date, _C.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        return [_closure(row) for row in await self.session.execute(query)]

    async def count(self, municipality: str) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(_C).where(_C.c.municipality == municipality)
        )
        return int(found or 0)


def _touching(first: date | None, last: date | None) -> list[Any]:
    found: list[Any] = []
    if first is not None:
        found.append(_C.c.to_date >= first)
    if last is not None:
        found.append(_C.c.from_date <= last)
    return found


def _holiday(row: Any) -> ParticipantHoliday:
    return ParticipantHoliday(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        from_date=row.from_date,
        to_date=row.to_date,
        recorded_by=row.recorded_by,
        recorded_by_agency=row.recorded_by_agency,
        recorded_at=row.recorded_at,
    )


class HolidayRepository:
    """The participants' own holidays: added, never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, holiday: ParticipantHoliday) -> None:
        await self.session.execute(
            insert(_PH).values(
                id=holiday.id,
                participant_id=holiday.participant_id,
                municipality=holiday.municipality,
                from_date=holiday.from_date,
                to_date=holiday.to_date,
                recorded_by=holiday.recorded_by,
                recorded_by_agency=holiday.recorded_by_agency,
                recorded_at=holiday.recorded_at,
            )
        )

    async def of_participant(self, participant_id: UUID) -> list[ParticipantHoliday]:
        """By first day."""
        rows = await self.session.execute(
            select(_PH)
            .where(_PH.c.participant_id == participant_id)
            .order_by(_PH.c.from_date, _PH.c.id)
        )
        return [_holiday(row) for row in rows]

    async def of_participants(
        self, participant_ids: list[UUID], first: date, last: date
    ) -> dict[UUID, list[ParticipantHoliday]]:
        """Those touching ``first``..``last``, by participant."""
        found: dict[UUID, list[ParticipantHoliday]] = {p: [] for p in participant_ids}
        if not participant_ids:
            return found
        rows = await self.session.execute(
            select(_PH).where(
                _PH.c.participant_id.in_(participant_ids),
                _PH.c.to_date >= first,
                _PH.c.from_date <= last,
            )
        )
        for row in rows:
            found[row.participant_id].append(_holiday(row))
        return found


class SelfStudyRepository:
    """Whether a participant's self-study is heavy (30 hours a week is full time): the
    plan's setting."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def heavy_self_study_of(self, participant_ids: list[UUID]) -> set[UUID]:
        if not participant_ids:
            return set()
        _PL = tables.plans
        rows = await self.session.execute(
            select(_PL.c.participant_id).where(
                _PL.c.participant_id.in_(participant_ids), _PL.c.heavy_self_study.is_(True)
            )
        )
        return {row.participant_id for row in rows}


class WeekCheckRepository:
    """The weeks' full-time checks as last announced, one per participant and week."""

    def __init__(self, session: AsyncSession, seen: Any) -> None:
        self.session = session
        self.seen = seen

    async def of_week(self, participant_ids: list[UUID], week_start: date) -> dict[UUID, WeekCheck]:
        if not participant_ids:
            return {}
        rows = await self.session.execute(
            select(_W).where(
                _W.c.participant_id.in_(participant_ids), _W.c.week_start == week_start
            )
        )
        return {
            row.participant_id: WeekCheck(
                id=row.id,
                participant_id=row.participant_id,
                municipality=row.municipality,
                week=Week(
                    week_start=row.week_start,
                    scheduled_minutes=row.scheduled_minutes,
                    closed_minutes=row.closed_minutes,
                    covered_minutes=row.covered_minutes,
                    required_minutes=row.required_minutes,
                    heavy_self_study=row.heavy_self_study,
                    holiday_minutes=row.holiday_minutes,
                ),
            )
            for row in rows
        }

    async def store(self, check: WeekCheck, *, replaces: bool, at: datetime) -> bool:
        """Keep the check as the week's last; ``False`` (nothing kept, nothing to
        announce) when a concurrent check of the same participant and week stored its
        first check meanwhile: that one announces the week."""
        values = {
            "scheduled_minutes": check.week.scheduled_minutes,
            "closed_minutes": check.week.closed_minutes,
            "covered_minutes": check.week.covered_minutes,
            "required_minutes": check.week.required_minutes,
            "heavy_self_study": check.week.heavy_self_study,
            "holiday_minutes": check.week.holiday_minutes,
            "checked_at": at,
        }
        if replaces:
            await self.session.execute(update(_W).where(_W.c.id == check.id).values(**values))
            self.seen.add(check)
            return True
        result = await self.session.execute(
            insert_ignoring_conflicts(self.session, _W),
            {
                "id": check.id,
                "participant_id": check.participant_id,
                "municipality": check.municipality,
                "week_start": check.week.week_start,
                **values,
            },
        )
        if getattr(result, "rowcount", 1) == 0:
            return False
        self.seen.add(check)
        return True


__all__ = [
    "ClosureRepository",
    "HolidayRepository",
    "SelfStudyRepository",
    "SessionRepository",
    "WeekCheckRepository",
]
