"""Loads and stores employers, openings and placements; reads the participant projection.

The aggregate repositories are ``helhet_common.repository.Repository``s: ``get`` (scoped
to the municipality), ``add``, ``save`` and the lists record what they hand out in the
unit of work's ``seen``, so the events the aggregates record reach the outbox.

Every save is guarded by the aggregate's version (``UPDATE ... WHERE version = :loaded``):
of two concurrent writers one wins and the other gets ``StaleVersion`` (409). Children
(history, kind changes, follow-ups, extensions, hours) are append-only: the repository
inserts the ones it did not load. A unique violation (a second employer with the same
organisation number, a day's hours logged twice) becomes a ``Conflict`` here, inside a
savepoint, so handlers never see a database error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, Table, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common import erasure
from helhet_common.access.queries import AccessQueries
from helhet_common.consent.tables import consent_from_row as consent_from_row
from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict, NotFound, StaleVersion
from helhet_common.repository import Repository
from helhet_common.unit_of_work import Seen
from placement_service.adapters import serialise as js
from placement_service.adapters import tables
from placement_service.domain.codes import (
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    HistoryKind,
    NextStep,
    OpeningKind,
    OpeningStatus,
    Ownership,
    Purpose,
)
from placement_service.domain.employers import Employer, HistoryEntry
from placement_service.domain.openings import Opening
from placement_service.domain.placements import (
    AttendanceEntry,
    Extension,
    FollowUp,
    HoursEntry,
    KindChange,
    Placement,
    attendance_already_recorded,
)
from placement_service.domain.profiles import Profile


async def _save_versioned(
    session: AsyncSession, table: Table, aggregate_id: UUID, version: int, values: dict[str, Any]
) -> None:
    result = await session.execute(
        update(table)
        .where(table.c.id == aggregate_id, table.c.version == version)
        .values(version=version + 1, **values)
    )
    if getattr(result, "rowcount", 0) != 1:
        current = await session.scalar(select(table.c.version).where(table.c.id == aggregate_id))
        raise StaleVersion(current=int(current or 0), given=version)


async def _insert_new(
    session: AsyncSession, table: Table, known: set[UUID], rows: list[dict[str, Any]]
) -> None:
    fresh = [row for row in rows if row["id"] not in known]
    if fresh:
        await session.execute(insert(table), fresh)
        known.update(row["id"] for row in fresh)


# -- employers ------------------------------------------------------------------------------


def _employer_values(e: Employer) -> dict[str, Any]:
    return {
        "name": e.name,
        "capacity_cap": e.capacity_cap,
        "agreement": js.agreement_to_json(e.agreement),
        "responsible": js.responsible_to_json(e.responsible),
        "locations": [js.location_to_json(x) for x in e.locations],
        "contacts": [js.contact_to_json(x) for x in e.contacts],
    }


def employer_exists() -> Conflict:
    return Conflict(
        "An employer with this organisation number is already registered.",
        code="employer-exists",
    )


class EmployerRepository(Repository[Employer]):
    what = "employer"

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        super().__init__(session, seen)
        self._session = session
        self._history: dict[UUID, set[UUID]] = {}

    async def _load(self, employer_id: UUID, *, lock: bool) -> Employer | None:
        query = select(tables.employers).where(tables.employers.c.id == employer_id)
        if lock:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        employer = self._from_row(row)
        history = await self._session.execute(
            select(tables.employer_history)
            .where(tables.employer_history.c.employer_id == employer_id)
            .order_by(tables.employer_history.c.occurred_on, tables.employer_history.c.id)
        )
        employer.history = [_history_entry(h) for h in history]
        self._history[employer.id] = {h.id for h in employer.history}
        return employer

    @staticmethod
    def _from_row(row: Any) -> Employer:
        return from_row(
            Employer,
            row,
            ownership=Ownership(row.ownership),
            agreement=js.agreement_from_json(row.agreement),
            responsible=js.responsible_from_json(row.responsible),
            locations=[js.location_from_json(x) for x in row.locations],
            contacts=[js.contact_from_json(x) for x in row.contacts],
        )

    async def ensure_new(self, municipality: str, org_number: str) -> None:
        """``Conflict`` if the municipality has an employer with this number already.
        ``add`` refuses a duplicate too (the unique constraint, for two at once); asking
        first answers before anything is written."""
        found = await self._session.scalar(
            select(tables.employers.c.id).where(
                tables.employers.c.municipality == municipality,
                tables.employers.c.org_number == org_number,
            )
        )
        if found is not None:
            raise employer_exists()

    async def _insert(self, e: Employer) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    insert(tables.employers).values(
                        id=e.id,
                        municipality=e.municipality,
                        org_number=e.org_number,
                        sector=e.sector,
                        nace_code=e.nace_code,
                        ownership=e.ownership.value,
                        version=e.version,
                        created_at=datetime.now(UTC),
                        **_employer_values(e),
                    )
                )
        except IntegrityError:
            raise employer_exists() from None
        self._history[e.id] = set()
        await self._save_history(e)

    async def _update(self, e: Employer) -> None:
        await _save_versioned(self._session, tables.employers, e.id, e.version, _employer_values(e))
        e.version += 1
        await self._save_history(e)

    async def _save_history(self, e: Employer) -> None:
        await _insert_new(
            self._session,
            tables.employer_history,
            self._history.setdefault(e.id, set()),
            [
                {
                    "id": h.id,
                    "employer_id": e.id,
                    "occurred_on": h.occurred_on,
                    "kind": h.kind.value,
                    "summary": h.summary,
                    "recorded_by": h.recorded_by,
                    "participant_id": h.participant_id,
                }
                for h in e.history
            ],
        )

    async def find(
        self, municipality: str, *, sector: str | None, limit: int, offset: int
    ) -> tuple[int, list[Employer]]:
        where = [tables.employers.c.municipality == municipality]
        if sector:
            where.append(tables.employers.c.sector == sector)
        total = await self._session.scalar(
            select(func.count()).select_from(tables.employers).where(*where)
        )
        rows = await self._session.execute(
            select(tables.employers)
            .where(*where)
            .order_by(tables.employers.c.name, tables.employers.c.id)
            .limit(limit)
            .offset(offset)
        )
        return int(total or 0), self._seen_all(self._from_row(r) for r in rows)

    async def many(self, ids: Sequence[UUID]) -> dict[UUID, Employer]:
        if not ids:
            return {}
        rows = await self._session.execute(
            select(tables.employers).where(tables.employers.c.id.in_(list(ids)))
        )
        return {e.id: e for e in self._seen_all(self._from_row(r) for r in rows)}

    async def history(
        self,
        employer_id: UUID,
        *,
        limit: int,
        offset: int,
        only: Sequence[UUID] | None = None,
    ) -> tuple[int, list[HistoryEntry]]:
        """``only``: of the entries about a participant, those about these participants
        alone (None: all); the entries about nobody are always there."""
        h = tables.employer_history
        where: list[Any] = [h.c.employer_id == employer_id]
        if only is not None:
            where.append(or_(h.c.participant_id.is_(None), h.c.participant_id.in_(list(only))))
        total = await self._session.scalar(select(func.count()).select_from(h).where(*where))
        rows = await self._session.execute(
            select(h)
            .where(*where)
            .order_by(h.c.occurred_on.desc(), h.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return int(total or 0), [_history_entry(r) for r in rows]

    async def notes_about(self, participant_id: UUID) -> list[tuple[UUID, HistoryEntry]]:
        """Every employer's history entries about the participant, oldest first, each with
        its employer's id."""
        h = tables.employer_history
        rows = await self._session.execute(
            select(h).where(h.c.participant_id == participant_id).order_by(h.c.occurred_on, h.c.id)
        )
        return [(r.employer_id, _history_entry(r)) for r in rows]


def _history_entry(r: Any) -> HistoryEntry:
    return HistoryEntry(
        r.id, r.occurred_on, HistoryKind(r.kind), r.summary, r.recorded_by, r.participant_id
    )


# -- openings -------------------------------------------------------------------------------


class OpeningRepository(Repository[Opening]):
    what = "opening"

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        super().__init__(session, seen)
        self._session = session

    @staticmethod
    def _from_row(row: Any) -> Opening:
        return from_row(
            Opening,
            row,
            kind=OpeningKind(row.kind),
            schedule=js.schedule_from_json(row.schedule),
            language_requirements=js.levels_from_json(row.language_requirements),
            status=OpeningStatus(row.status),
        )

    async def _load(self, opening_id: UUID, *, lock: bool) -> Opening | None:
        query = select(tables.openings).where(tables.openings.c.id == opening_id)
        row = (await self._session.execute(query.with_for_update() if lock else query)).first()
        return self._from_row(row) if row else None

    async def _insert(self, o: Opening) -> None:
        await self._session.execute(
            insert(tables.openings).values(
                id=o.id,
                municipality=o.municipality,
                employer_id=o.employer_id,
                location_id=o.location_id,
                kind=o.kind.value,
                sector=o.sector,
                title=o.title,
                schedule=js.schedule_to_json(o.schedule),
                language_requirements=js.levels_to_json(o.language_requirements),
                capacity=o.capacity,
                created_by_municipality=o.created_by_municipality,
                status=o.status.value,
                published_on=o.published_on,
                version=o.version,
            )
        )

    async def _update(self, o: Opening) -> None:
        await _save_versioned(
            self._session,
            tables.openings,
            o.id,
            o.version,
            {
                "status": o.status.value,
                "closed_on": o.closed_on,
                "close_reason": o.close_reason,
            },
        )
        o.version += 1

    def _filtered(
        self,
        query: Select[Any],
        municipality: str,
        *,
        status: str | None = None,
        kind: str | None = None,
        sector: str | None = None,
        employer_id: UUID | None = None,
    ) -> Select[Any]:
        t = tables.openings
        query = query.where(t.c.municipality == municipality)
        if status:
            query = query.where(t.c.status == status)
        if kind:
            query = query.where(t.c.kind == kind)
        if sector:
            query = query.where(t.c.sector == sector)
        if employer_id:
            query = query.where(t.c.employer_id == employer_id)
        return query

    async def find(
        self, municipality: str, *, limit: int, offset: int, **filters: Any
    ) -> tuple[int, list[Opening]]:
        t = tables.openings
        total = await self._session.scalar(
            self._filtered(select(func.count()).select_from(t), municipality, **filters)
        )
        rows = await self._session.execute(
            self._filtered(select(t), municipality, **filters)
            .order_by(t.c.published_on.desc(), t.c.id)
            .limit(limit)
            .offset(offset)
        )
        return int(total or 0), self._seen_all(self._from_row(r) for r in rows)

    async def open_in(self, municipality: str) -> list[Opening]:
        _, found = await self.find(municipality, limit=10_000, offset=0, status="open")
        return found


# -- placements -----------------------------------------------------------------------------


def _placement_values(p: Placement) -> dict[str, Any]:
    return {
        "kind": p.kind.value,
        "follow_up_plan": js.follow_up_plan_to_json(p.follow_up_plan),
        "planned_end": p.planned_end,
        "actual_end": p.actual_end,
        "end_reason": p.end_reason.value if p.end_reason else None,
        "next_step": p.next_step.value if p.next_step else None,
        "flags": list(p.flags),
        "nav_measures": [js.measure_to_json(m) for m in p.nav_measures],
    }


def hours_already_logged() -> Conflict:
    return Conflict("Hours for one of these days are logged.", code="hours-already-logged")


class PlacementRepository(Repository[Placement]):
    what = "placement"

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        super().__init__(session, seen)
        self._session = session
        self._known: dict[tuple[UUID, str], set[UUID]] = {}

    @staticmethod
    def _from_row(row: Any) -> Placement:
        return from_row(
            Placement,
            row,
            kind=OpeningKind(row.kind),
            purpose=Purpose(row.purpose),
            learning_goals=tuple(row.learning_goals),
            language_agreement=js.language_agreement_from_json(row.language_agreement),
            follow_up_plan=js.follow_up_plan_from_json(row.follow_up_plan),
            flags=tuple(row.flags),
            end_reason=EndReason(row.end_reason) if row.end_reason else None,
            next_step=NextStep(row.next_step) if row.next_step else None,
            nav_measures=[js.measure_from_json(m) for m in row.nav_measures],
        )

    async def _load(self, placement_id: UUID, *, lock: bool) -> Placement | None:
        found = await self._load_many([placement_id], lock=lock)
        return found[0] if found else None

    async def get_many(self, ids: Sequence[UUID]) -> list[Placement]:
        """The placements with their children, in the order given: five queries in all."""
        return self._seen_all(await self._load_many(ids))

    async def _load_many(self, ids: Sequence[UUID], *, lock: bool = False) -> list[Placement]:
        if not ids:
            return []
        query = select(tables.placements).where(tables.placements.c.id.in_(list(ids)))
        rows = await self._session.execute(query.with_for_update() if lock else query)
        by_id = {r.id: self._from_row(r) for r in rows}
        keys = list(by_id)

        async def children(table: Table, order: str) -> list[Any]:
            result = await self._session.execute(
                select(table)
                .where(table.c.placement_id.in_(keys))
                .order_by(table.c[order], table.c.id)
            )
            return list(result)

        for r in await children(tables.kind_changes, "effective_date"):
            by_id[r.placement_id].kind_changes.append(
                KindChange(
                    r.id,
                    OpeningKind(r.from_kind),
                    OpeningKind(r.to_kind),
                    r.effective_date,
                    r.reason,
                )
            )
        for r in await children(tables.follow_ups, "visited_on"):
            by_id[r.placement_id].follow_ups.append(
                FollowUp(
                    r.id,
                    r.visited_on,
                    FollowUpKind(r.kind),
                    r.by_unit,
                    FollowUpOutcome(r.outcome),
                    r.note,
                )
            )
        for r in await children(tables.extensions, "new_end"):
            by_id[r.placement_id].extensions.append(
                Extension(
                    r.id, r.previous_end, r.new_end, ExtensionReason(r.reason), tuple(r.flags)
                )
            )
        for r in await children(tables.hours, "worked_on"):
            by_id[r.placement_id].hours.append(
                HoursEntry(r.id, r.worked_on, float(r.hours), bool(r.confirmed_by_employer))
            )
        for r in await children(tables.attendance, "entry_date"):
            by_id[r.placement_id].attendance.append(
                AttendanceEntry(
                    r.id,
                    r.entry_date,
                    r.kind,
                    r.minutes,
                    r.code,
                    r.effect,
                    r.recorded_by,
                    r.recorded_by_agency,
                    r.recorded_at,
                )
            )
        for p in by_id.values():
            self._remember(p)
        return [by_id[i] for i in ids if i in by_id]

    def _remember(self, p: Placement) -> None:
        self._known[(p.id, "kind")] = {c.id for c in p.kind_changes}
        self._known[(p.id, "follow")] = {f.id for f in p.follow_ups}
        self._known[(p.id, "ext")] = {x.id for x in p.extensions}
        self._known[(p.id, "hours")] = {h.id for h in p.hours}
        self._known[(p.id, "attendance")] = {a.id for a in p.attendance}

    async def _insert(self, p: Placement) -> None:
        await self._session.execute(
            insert(tables.placements).values(
                id=p.id,
                municipality=p.municipality,
                participant_id=p.participant_id,
                opening_id=p.opening_id,
                employer_id=p.employer_id,
                sector=p.sector,
                purpose=p.purpose.value,
                created_by_municipality=p.created_by_municipality,
                learning_goals=list(p.learning_goals),
                plan_end_goal=p.plan_end_goal,
                plan_version=p.plan_version,
                language_agreement=js.language_agreement_to_json(p.language_agreement),
                start_date=p.start_date,
                version=p.version,
                created_at=datetime.now(UTC),
                **_placement_values(p),
            )
        )
        self._remember(p)

    async def _update(self, p: Placement) -> None:
        await _save_versioned(
            self._session, tables.placements, p.id, p.version, _placement_values(p)
        )
        p.version += 1
        s = self._session
        await _insert_new(
            s,
            tables.kind_changes,
            self._known[(p.id, "kind")],
            [
                {
                    "id": c.id,
                    "placement_id": p.id,
                    "from_kind": c.from_kind.value,
                    "to_kind": c.to_kind.value,
                    "effective_date": c.effective_date,
                    "reason": c.reason,
                }
                for c in p.kind_changes
            ],
        )
        await _insert_new(
            s,
            tables.follow_ups,
            self._known[(p.id, "follow")],
            [
                {
                    "id": f.id,
                    "placement_id": p.id,
                    "visited_on": f.visited_on,
                    "kind": f.kind.value,
                    "by_unit": f.by_unit,
                    "outcome": f.outcome.value,
                    "note": f.note,
                }
                for f in p.follow_ups
            ],
        )
        await _insert_new(
            s,
            tables.extensions,
            self._known[(p.id, "ext")],
            [
                {
                    "id": x.id,
                    "placement_id": p.id,
                    "previous_end": x.previous_end,
                    "new_end": x.new_end,
                    "reason": x.reason.value,
                    "flags": list(x.flags),
                }
                for x in p.extensions
            ],
        )
        try:
            async with s.begin_nested():
                await self._insert_hours(p)
        except IntegrityError:
            # A concurrent request logged the same day first.
            raise hours_already_logged() from None
        try:
            async with s.begin_nested():
                await self._insert_attendance(p)
        except IntegrityError:
            # A concurrent request recorded the same day first.
            raise attendance_already_recorded() from None

    async def _insert_attendance(self, p: Placement) -> None:
        await _insert_new(
            self._session,
            tables.attendance,
            self._known[(p.id, "attendance")],
            [
                {
                    "id": a.id,
                    "placement_id": p.id,
                    "entry_date": a.on,
                    "kind": a.kind,
                    "minutes": a.minutes,
                    "code": a.code,
                    "effect": a.effect,
                    "recorded_by": a.recorded_by,
                    "recorded_by_agency": a.recorded_by_agency,
                    "recorded_at": a.recorded_at,
                }
                for a in p.attendance
            ],
        )

    async def _insert_hours(self, p: Placement) -> None:
        await _insert_new(
            self._session,
            tables.hours,
            self._known[(p.id, "hours")],
            [
                {
                    "id": h.id,
                    "placement_id": p.id,
                    "worked_on": h.worked_on,
                    "hours": h.hours,
                    "confirmed_by_employer": h.confirmed_by_employer,
                }
                for h in p.hours
            ],
        )

    async def count_active(
        self, *, opening_id: UUID | None = None, employer_id: UUID | None = None
    ) -> int:
        t = tables.placements
        query = select(func.count()).select_from(t).where(t.c.actual_end.is_(None))
        if opening_id is not None:
            query = query.where(t.c.opening_id == opening_id)
        if employer_id is not None:
            query = query.where(t.c.employer_id == employer_id)
        return int(await self._session.scalar(query) or 0)

    async def active_counts(self, municipality: str) -> tuple[dict[UUID, int], dict[UUID, int]]:
        """Active placements per opening and per employer in a municipality."""
        t = tables.placements
        rows = await self._session.execute(
            select(t.c.opening_id, t.c.employer_id, func.count())
            .where(t.c.municipality == municipality, t.c.actual_end.is_(None))
            .group_by(t.c.opening_id, t.c.employer_id)
        )
        per_opening: dict[UUID, int] = {}
        per_employer: dict[UUID, int] = {}
        for opening_id, employer_id, count in rows:
            per_opening[opening_id] = per_opening.get(opening_id, 0) + int(count)
            per_employer[employer_id] = per_employer.get(employer_id, 0) + int(count)
        return per_opening, per_employer

    async def of_participant(self, participant_id: UUID) -> list[Placement]:
        rows = await self._session.execute(
            select(tables.placements.c.id)
            .where(tables.placements.c.participant_id == participant_id)
            .order_by(tables.placements.c.start_date)
        )
        return await self.get_many(list(rows.scalars()))

    async def delete_of_participant(self, participant_id: UUID) -> None:
        """Delete the participant's placements and everything recorded on them, and the
        entries of employers' history about them (an erasure)."""
        h = tables.employer_history
        await self._session.execute(delete(h).where(h.c.participant_id == participant_id))
        t = tables.placements
        ids = select(t.c.id).where(t.c.participant_id == participant_id).scalar_subquery()
        for child in (
            tables.kind_changes,
            tables.follow_ups,
            tables.extensions,
            tables.hours,
            tables.attendance,
        ):
            await self._session.execute(delete(child).where(child.c.placement_id.in_(ids)))
        await self._session.execute(delete(t).where(t.c.participant_id == participant_id))

    async def find(
        self,
        municipality: str,
        *,
        participant_id: UUID | None,
        employer_id: UUID | None,
        ended: bool | None,
        limit: int,
        offset: int,
        only: Sequence[UUID] | None = None,
    ) -> tuple[int, list[Placement]]:
        """``only``: the placements of these participants alone (None: of everyone)."""
        t = tables.placements
        where: list[Any] = [t.c.municipality == municipality]
        if only is not None:
            where.append(t.c.participant_id.in_(list(only)))
        if participant_id:
            where.append(t.c.participant_id == participant_id)
        if employer_id:
            where.append(t.c.employer_id == employer_id)
        if ended is True:
            where.append(t.c.actual_end.is_not(None))
        elif ended is False:
            where.append(t.c.actual_end.is_(None))
        total = await self._session.scalar(select(func.count()).select_from(t).where(*where))
        ids = await self._session.execute(
            select(t.c.id)
            .where(*where)
            .order_by(t.c.start_date.desc(), t.c.id)
            .limit(limit)
            .offset(offset)
        )
        return int(total or 0), await self.get_many(list(ids.scalars()))


# -- the participant projection (read only here; the consumer writes it) --------------------


def profile_from_row(row: Any) -> Profile:
    return from_row(
        Profile,
        row,
        languages=tuple(row.languages),
        work_experience_sectors=tuple(row.work_experience_sectors),
        wished_sectors=tuple(row.wished_sectors),
        interests=tuple(row.interests),
        norwegian_levels=dict(row.norwegian_levels),
    )


class ParticipantRepository(AccessQueries, erasure.ErasesProjections):
    """The participant projection plan-service's events feed (read only here: no
    aggregates, so nothing to record as seen)."""

    consents_table = tables.participant_consents
    sharing_bases_table = tables.sharing_bases
    access_log_table = tables.access_log
    erasure_tables = tables.ERASURE

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, participant_id: UUID, *, municipality: str) -> Profile:
        """The participant as plan-service's events describe them, in ``municipality``;
        one who moved away or whose programme ended is no longer found here."""
        profile = await self.profile(participant_id)
        if profile is None or profile.municipality != municipality or profile.gone:
            raise NotFound.of("participant")
        return profile

    async def profile(self, participant_id: UUID) -> Profile | None:
        row = (
            await self._session.execute(
                select(tables.participant_profiles).where(
                    tables.participant_profiles.c.participant_id == participant_id
                )
            )
        ).first()
        return profile_from_row(row) if row else None

    async def programme_ends(self, participant_ids: Sequence[UUID]) -> dict[UUID, date | None]:
        if not participant_ids:
            return {}
        t = tables.participant_profiles
        rows = await self._session.execute(
            select(t.c.participant_id, t.c.programme_expected_end).where(
                t.c.participant_id.in_(list(participant_ids))
            )
        )
        return {r.participant_id: r.programme_expected_end for r in rows}
