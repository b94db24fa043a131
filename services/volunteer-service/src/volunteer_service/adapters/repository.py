"""Loads and stores organisations, volunteers, activities and matches; reads the
participant projection.

The aggregate repositories are ``helhet_common.repository.Repository``s: ``get`` (scoped
to the municipality: another municipality's aggregate is not found), ``add``, ``save``
and the lists record what they hand out in the unit of work's ``seen``, so the events
the aggregates record reach the outbox without a handler tracking anything.

Every save is guarded by the version the aggregate was loaded at (the domain moves the
version with each change: ``UPDATE ... WHERE version = :version - 1``): of two
concurrent changes one wins and the other is stale. Attendance recorded twice for a
participant and a session is a ``Conflict`` here, inside a savepoint, so handlers never
see a database error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, and_, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common import erasure
from helhet_common.access.queries import AccessQueries
from helhet_common.consent.tables import consent_from_row as consent_from_row
from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict, NotFound
from helhet_common.repository import Repository
from volunteer_service.adapters import tables
from volunteer_service.domain.activities import Activity, Attendance, Schedule
from volunteer_service.domain.codes import (
    ActivityKind,
    ActivityStatus,
    CancellationReason,
    DeactivationReason,
    EndReason,
    Engagement,
    MatchStatus,
    OrganisationKind,
    Recurrence,
    Role,
    Setting,
    TargetGroup,
    VolunteerKind,
    Vulnerable,
    stale_version,
)
from volunteer_service.domain.matches import Match
from volunteer_service.domain.organisations import Organisation
from volunteer_service.domain.profiles import ParticipantProfile
from volunteer_service.domain.vetting import CertificateSeen
from volunteer_service.domain.volunteers import BridgeBuilderTerms, Volunteer


def _now() -> datetime:
    return datetime.now(UTC)


async def _count(session: AsyncSession, table: Table, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def _guarded_update(
    session: AsyncSession, table: Table, row_id: UUID, version: int, what: str, **values: Any
) -> None:
    """``UPDATE ... WHERE version = version - 1``: a concurrent change makes this stale."""
    result = await session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == version - 1)
        .values(version=version, **values)
    )
    if getattr(result, "rowcount", 0) != 1:
        current = await session.scalar(select(table.c.version).where(table.c.id == row_id))
        raise stale_version(what, current=None if current is None else int(current))


def attendance_recorded(attended_on: date, count: int) -> Conflict:
    return Conflict(
        f"Attendance on {attended_on} is already recorded for {count} of these participants.",
        code="attendance-already-recorded",
    )


# -- organisations -------------------------------------------------------------------------


def _organisation(row: Any) -> Organisation:
    return from_row(
        Organisation,
        row,
        kind=OrganisationKind(row.kind),
        offers=tuple(Role(r) for r in row.offers),
        contacts=tuple(row.contacts),
    )


def _organisation_changes(o: Organisation) -> dict[str, Any]:
    return {
        "name": o.name,
        "offers": [r.value for r in o.offers],
        "contacts": list(o.contacts),
        "description": o.description,
        "deactivated_on": o.deactivated_on,
    }


class OrganisationRepository(Repository[Organisation]):
    what = "organisation"

    async def _load(self, organisation_id: UUID, *, lock: bool) -> Organisation | None:
        t = tables.organisations
        query = select(t).where(t.c.id == organisation_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _organisation(row) if row else None

    async def referenced(self, organisation_id: UUID, *, municipality: str) -> Organisation | None:
        """The organisation a new volunteer or activity names (None: not in the
        municipality), share-locked (``FOR SHARE``): its deactivation waits until the
        reference is committed."""
        t = tables.organisations
        row = (
            await self.session.execute(
                select(t)
                .where(t.c.id == organisation_id, t.c.municipality == municipality)
                .with_for_update(read=True)
            )
        ).first()
        return self._seen(_organisation(row)) if row else None

    async def _insert(self, o: Organisation) -> None:
        await self.session.execute(
            insert(tables.organisations).values(
                id=o.id,
                municipality=o.municipality,
                kind=o.kind.value,
                version=o.version,
                created_at=_now(),
                **_organisation_changes(o),
            )
        )

    async def _update(self, o: Organisation) -> None:
        await _guarded_update(
            self.session,
            tables.organisations,
            o.id,
            o.version,
            "organisation",
            **_organisation_changes(o),
        )

    async def count(self, municipality: str) -> int:
        return await _count(
            self.session, tables.organisations, tables.organisations.c.municipality == municipality
        )

    async def list_in(self, municipality: str, *, limit: int, offset: int) -> list[Organisation]:
        t = tables.organisations
        rows = await self.session.execute(
            select(t)
            .where(t.c.municipality == municipality)
            .order_by(t.c.name, t.c.id)
            .limit(limit)
            .offset(offset)
        )
        return self._seen_all(_organisation(r) for r in rows)


# -- volunteers ----------------------------------------------------------------------------


def _volunteer(row: Any) -> Volunteer:
    certificate = None
    if row.certificate_seen_on is not None:
        certificate = CertificateSeen(
            seen_on=row.certificate_seen_on,
            seen_by=row.certificate_seen_by or "",
            grounds=frozenset(Vulnerable(g) for g in row.certificate_grounds or ()),
        )
    bridge = None
    if row.engagement is not None:
        bridge = BridgeBuilderTerms(
            engagement=Engagement(row.engagement), former_participant=bool(row.former_participant)
        )
    return Volunteer(
        id=row.id,
        municipality=row.municipality,
        kind=VolunteerKind(row.kind),
        organisation_id=row.organisation_id,
        languages=tuple(row.languages),
        skills=tuple(row.skills),
        interests=tuple(row.interests),
        availability=tuple(row.availability),
        roles=tuple(Role(r) for r in row.roles),
        max_matches=row.max_matches,
        registered_on=row.registered_on,
        trainings={code: date.fromisoformat(on) for code, on in row.trainings.items()},
        certificate=certificate,
        bridge=bridge,
        personal=dict(row.personal),
        version=row.version,
        deactivated_on=row.deactivated_on,
        deactivation_reason=DeactivationReason(row.deactivation_reason)
        if row.deactivation_reason
        else None,
        erased_on=row.erased_on,
    )


def _volunteer_changes(v: Volunteer) -> dict[str, Any]:
    return {
        "organisation_id": v.organisation_id,
        "languages": list(v.languages),
        "skills": list(v.skills),
        "interests": list(v.interests),
        "availability": list(v.availability),
        "roles": [r.value for r in v.roles],
        "max_matches": v.max_matches,
        "personal": dict(v.personal),
        "deactivated_on": v.deactivated_on,
        "deactivation_reason": v.deactivation_reason.value if v.deactivation_reason else None,
        "erased_on": v.erased_on,
        "trainings": {code: on.isoformat() for code, on in v.trainings.items()},
        "certificate_seen_on": v.certificate.seen_on if v.certificate else None,
        "certificate_seen_by": v.certificate.seen_by if v.certificate else None,
        "certificate_grounds": sorted(g.value for g in v.certificate.grounds)
        if v.certificate
        else None,
    }


class VolunteerRepository(Repository[Volunteer]):
    what = "volunteer"

    async def _load(self, volunteer_id: UUID, *, lock: bool) -> Volunteer | None:
        t = tables.volunteers
        query = select(t).where(t.c.id == volunteer_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _volunteer(row) if row else None

    async def _insert(self, v: Volunteer) -> None:
        await self.session.execute(
            insert(tables.volunteers).values(
                id=v.id,
                municipality=v.municipality,
                kind=v.kind.value,
                registered_on=v.registered_on,
                engagement=v.bridge.engagement.value if v.bridge else None,
                former_participant=v.bridge.former_participant if v.bridge else None,
                version=v.version,
                created_at=_now(),
                **_volunteer_changes(v),
            )
        )

    async def _update(self, v: Volunteer) -> None:
        await _guarded_update(
            self.session, tables.volunteers, v.id, v.version, "volunteer", **_volunteer_changes(v)
        )

    async def erase_stored_responses(self, v: Volunteer, *, fields: Sequence[str]) -> int:
        """An erasure reaches the responses kept for ``Idempotency-Key`` replays of the
        volunteer's registration too: their ``fields`` are emptied. Returns how many."""
        t = tables.shared.idempotency_keys
        rows = await self.session.execute(
            select(t.c.scope, t.c.key, t.c.response_body).where(
                t.c.scope.like(f"{v.municipality}:%:POST /volunteers")
            )
        )
        erased = 0
        for scope, key, body in rows.all():
            if not isinstance(body, dict) or body.get("id") != str(v.id):
                continue
            await self.session.execute(
                update(t)
                .where(t.c.scope == scope, t.c.key == key)
                .values(response_body={**body, **dict.fromkeys(fields)})
            )
            erased += 1
        return erased

    def _filtered(
        self, municipality: str, kind: VolunteerKind | None, active_only: bool
    ) -> list[Any]:
        t = tables.volunteers
        where: list[Any] = [t.c.municipality == municipality]
        if kind is not None:
            where.append(t.c.kind == kind.value)
        if active_only:
            where.append(t.c.deactivated_on.is_(None))
        return where

    async def count(
        self, municipality: str, *, kind: VolunteerKind | None = None, active_only: bool = False
    ) -> int:
        where = self._filtered(municipality, kind, active_only)
        return await _count(self.session, tables.volunteers, *where)

    async def list_in(
        self,
        municipality: str,
        *,
        kind: VolunteerKind | None = None,
        active_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Volunteer]:
        t = tables.volunteers
        query = (
            select(t)
            .where(*self._filtered(municipality, kind, active_only))
            .order_by(t.c.registered_on, t.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        return self._seen_all(_volunteer(r) for r in await self.session.execute(query))


# -- activities and attendance -------------------------------------------------------------


def _activity(row: Any) -> Activity:
    return Activity(
        id=row.id,
        municipality=row.municipality,
        organisation_id=row.organisation_id,
        title=row.title,
        kind=ActivityKind(row.kind),
        description=row.description,
        target_groups=tuple(TargetGroup(g) for g in row.target_groups),
        interests=tuple(row.interests),
        languages=tuple(row.languages),
        locals_take_part=row.locals_take_part,
        schedule=Schedule(
            recurrence=Recurrence(row.recurrence),
            weekday=row.weekday,
            start_time=row.start_time,
            end_time=row.end_time,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
        ),
        place=row.place,
        cost_nok=row.cost_nok,
        fee_support_available=row.fee_support_available,
        counts_as_programme_hours=row.counts_as_programme_hours,
        status=ActivityStatus(row.status),
        published_on=row.published_on,
        version=row.version,
        cancelled_on=row.cancelled_on,
        cancellation_reason=CancellationReason(row.cancellation_reason)
        if row.cancellation_reason
        else None,
    )


def _activity_changes(a: Activity) -> dict[str, Any]:
    s = a.schedule
    return {
        "organisation_id": a.organisation_id,
        "title": a.title,
        "kind": a.kind.value,
        "description": a.description,
        "target_groups": [g.value for g in a.target_groups],
        "interests": list(a.interests),
        "languages": list(a.languages),
        "locals_take_part": a.locals_take_part,
        "recurrence": s.recurrence.value,
        "weekday": s.weekday,
        "start_time": s.start_time,
        "end_time": s.end_time,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "place": a.place,
        "cost_nok": a.cost_nok,
        "fee_support_available": a.fee_support_available,
        "counts_as_programme_hours": a.counts_as_programme_hours,
        "status": a.status.value,
        "published_on": a.published_on,
        "cancelled_on": a.cancelled_on,
        "cancellation_reason": a.cancellation_reason.value if a.cancellation_reason else None,
    }


class ActivityRepository(Repository[Activity]):
    what = "activity"

    async def _load(self, activity_id: UUID, *, lock: bool) -> Activity | None:
        t = tables.activities
        query = select(t).where(t.c.id == activity_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _activity(row) if row else None

    async def _insert(self, a: Activity) -> None:
        await self.session.execute(
            insert(tables.activities).values(
                id=a.id,
                municipality=a.municipality,
                version=a.version,
                created_at=_now(),
                **_activity_changes(a),
            )
        )

    async def _update(self, a: Activity) -> None:
        await _guarded_update(
            self.session, tables.activities, a.id, a.version, "activity", **_activity_changes(a)
        )

    async def attended_on(self, activity_id: UUID) -> set[date]:
        """The dates with attendance recorded (the sessions that took place)."""
        t = tables.attendance
        rows = await self.session.execute(
            select(t.c.attended_on).where(t.c.activity_id == activity_id).distinct()
        )
        return set(rows.scalars())

    async def count(self, municipality: str, *, published_only: bool = False) -> int:
        t = tables.activities
        where = [t.c.municipality == municipality]
        if published_only:
            where.append(t.c.status == ActivityStatus.PUBLISHED.value)
        return await _count(self.session, t, *where)

    async def list_in(
        self,
        municipality: str,
        *,
        published_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Activity]:
        t = tables.activities
        query = select(t).where(t.c.municipality == municipality)
        if published_only:
            query = query.where(t.c.status == ActivityStatus.PUBLISHED.value)
        query = query.order_by(t.c.starts_on, t.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return self._seen_all(_activity(r) for r in await self.session.execute(query))

    async def _recorded(
        self, activity_id: UUID, attended_on: date, participant_ids: Sequence[UUID]
    ) -> list[UUID]:
        t = tables.attendance
        rows = await self.session.execute(
            select(t.c.participant_id).where(
                t.c.activity_id == activity_id,
                t.c.attended_on == attended_on,
                t.c.participant_id.in_(list(participant_ids)),
            )
        )
        return list(rows.scalars())

    async def add_attendance(
        self, activity: Activity, attended_on: date, entries: Sequence[Attendance], by: str
    ) -> None:
        """Store one session's attendance. Attendance already recorded for one of the
        participants on that date is a ``Conflict`` (asked first, and the primary key's
        violation in a savepoint, for two at once)."""
        self._seen(activity)
        ids = [e.participant_id for e in entries]
        if already := await self._recorded(activity.id, attended_on, ids):
            raise attendance_recorded(attended_on, len(already))
        now = _now()
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(tables.attendance),
                    [
                        {
                            "activity_id": activity.id,
                            "participant_id": e.participant_id,
                            "attended_on": attended_on,
                            "present": e.present,
                            "hours": e.hours,
                            "recorded_by": by,
                            "recorded_at": now,
                        }
                        for e in entries
                    ],
                )
        except IntegrityError:
            already = await self._recorded(activity.id, attended_on, ids)
            raise attendance_recorded(attended_on, len(already)) from None

    async def attendance_of(self, participant_id: UUID) -> list[dict[str, Any]]:
        """The participant's attendance at every activity, with the activity's title."""
        t, a = tables.attendance, tables.activities
        rows = await self.session.execute(
            select(
                t.c.activity_id,
                a.c.title.label("activity_title"),
                t.c.attended_on,
                t.c.present,
                t.c.hours,
                t.c.recorded_at,
            )
            .join(a, a.c.id == t.c.activity_id)
            .where(t.c.participant_id == participant_id)
            .order_by(t.c.attended_on, t.c.activity_id)
        )
        return [dict(r._mapping) for r in rows]

    async def delete_attendance_of(self, participant_id: UUID) -> None:
        """Delete the participant's attendance at every activity (an erasure)."""
        t = tables.attendance
        await self.session.execute(delete(t).where(t.c.participant_id == participant_id))

    async def attendance(
        self, activity_id: UUID, *, limit: int, offset: int, only: Sequence[UUID] | None = None
    ) -> tuple[int, list[tuple[date, Attendance]]]:
        """``only``: the attendance of these participants alone (None: of everyone)."""
        t = tables.attendance
        where = [t.c.activity_id == activity_id]
        if only is not None:
            where.append(t.c.participant_id.in_(list(only)))
        total = await _count(self.session, t, *where)
        rows = await self.session.execute(
            select(t)
            .where(*where)
            .order_by(t.c.attended_on.desc(), t.c.participant_id)
            .limit(limit)
            .offset(offset)
        )
        return total, [
            (r.attended_on, Attendance(r.participant_id, r.present, r.hours)) for r in rows
        ]


# -- matches -------------------------------------------------------------------------------


def _match(row: Any) -> Match:
    return from_row(
        Match,
        row,
        volunteer_kind=VolunteerKind(row.volunteer_kind),
        role=Role(row.role),
        setting=Setting(row.setting),
        status=MatchStatus(row.status),
        end_reason=EndReason(row.end_reason) if row.end_reason else None,
    )


def _match_state(m: Match) -> dict[str, Any]:
    return {
        "status": m.status.value,
        "participant_accepted_on": m.participant_accepted_on,
        "volunteer_accepted_on": m.volunteer_accepted_on,
        "started_on": m.started_on,
        "ended_on": m.ended_on,
        "end_reason": m.end_reason.value if m.end_reason else None,
    }


OPEN = (MatchStatus.PROPOSED.value, MatchStatus.ACTIVE.value)


class MatchRepository(Repository[Match]):
    what = "match"

    async def _load(self, match_id: UUID, *, lock: bool) -> Match | None:
        t = tables.matches
        query = select(t).where(t.c.id == match_id)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _match(row) if row else None

    async def _insert(self, m: Match) -> None:
        await self.session.execute(
            insert(tables.matches).values(
                id=m.id,
                municipality=m.municipality,
                participant_id=m.participant_id,
                volunteer_id=m.volunteer_id,
                volunteer_kind=m.volunteer_kind.value,
                role=m.role.value,
                setting=m.setting.value,
                involves_minors=m.involves_minors,
                involves_developmental_disabilities=m.involves_developmental_disabilities,
                proposed_on=m.proposed_on,
                version=m.version,
                created_at=_now(),
                **_match_state(m),
            )
        )

    async def _update(self, m: Match) -> None:
        await _guarded_update(
            self.session, tables.matches, m.id, m.version, "match", **_match_state(m)
        )

    async def open_of_volunteer(self, volunteer_id: UUID, *, lock: bool = False) -> list[Match]:
        t = tables.matches
        query = select(t).where(t.c.volunteer_id == volunteer_id, t.c.status.in_(OPEN))
        if lock:
            query = query.with_for_update()
        return self._seen_all(_match(r) for r in await self.session.execute(query))

    async def open_of_participant(self, participant_id: UUID) -> list[Match]:
        t = tables.matches
        rows = await self.session.execute(
            select(t).where(t.c.participant_id == participant_id, t.c.status.in_(OPEN))
        )
        return self._seen_all(_match(r) for r in rows)

    async def open_counts(self, municipality: str) -> dict[UUID, int]:
        t = tables.matches
        rows = await self.session.execute(
            select(t.c.volunteer_id, func.count())
            .where(t.c.municipality == municipality, t.c.status.in_(OPEN))
            .group_by(t.c.volunteer_id)
        )
        return {volunteer_id: int(n) for volunteer_id, n in rows.all()}

    def _filters(
        self,
        municipality: str,
        participant_id: UUID | None,
        status: MatchStatus | None,
        only: Sequence[UUID] | None = None,
    ) -> list[Any]:
        t = tables.matches
        where: list[Any] = [t.c.municipality == municipality]
        if only is not None:
            where.append(t.c.participant_id.in_(list(only)))
        if participant_id is not None:
            where.append(t.c.participant_id == participant_id)
        if status is not None:
            where.append(t.c.status == status.value)
        return where

    async def count(
        self,
        municipality: str,
        *,
        participant_id: UUID | None = None,
        status: MatchStatus | None = None,
        only: Sequence[UUID] | None = None,
    ) -> int:
        """``only``: the matches of these participants alone (None: of everyone)."""
        where = self._filters(municipality, participant_id, status, only)
        return await _count(self.session, tables.matches, *where)

    async def of_participant(self, participant_id: UUID) -> list[Match]:
        """Every match of the participant, oldest first."""
        t = tables.matches
        rows = await self.session.execute(
            select(t).where(t.c.participant_id == participant_id).order_by(t.c.proposed_on, t.c.id)
        )
        return self._seen_all(_match(r) for r in rows)

    async def delete_of_participant(self, participant_id: UUID) -> None:
        """Delete the participant's matches (an erasure)."""
        t = tables.matches
        await self.session.execute(delete(t).where(t.c.participant_id == participant_id))

    async def list_in(
        self,
        municipality: str,
        *,
        participant_id: UUID | None = None,
        status: MatchStatus | None = None,
        limit: int,
        offset: int,
        only: Sequence[UUID] | None = None,
    ) -> list[Match]:
        t = tables.matches
        rows = await self.session.execute(
            select(t)
            .where(*self._filters(municipality, participant_id, status, only))
            .order_by(t.c.proposed_on.desc(), t.c.id)
            .limit(limit)
            .offset(offset)
        )
        return self._seen_all(_match(r) for r in rows)


# -- the participant projection (read only here; the consumer writes it) -------------------


def profile_from_row(row: Any) -> ParticipantProfile:
    return from_row(
        ParticipantProfile,
        row,
        languages=tuple(row.languages),
        interests=tuple(row.interests),
    )


def here(t: Table) -> list[Any]:
    """A participant still here: neither moved away nor exited."""
    return [t.c.moved_on.is_(None), t.c.exited_on.is_(None)]


class ParticipantRepository(AccessQueries, erasure.ErasesProjections):
    consents_table = tables.participant_consents
    sharing_bases_table = tables.sharing_bases
    access_log_table = tables.access_log
    erasure_tables = tables.ERASURE

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, participant_id: UUID, *, municipality: str) -> ParticipantProfile:
        """A participant volunteer-service has heard of (from plan-service) in the
        municipality; else ``NotFound``."""
        t = tables.participant_profiles
        row = (
            await self._session.execute(
                select(t).where(
                    t.c.participant_id == participant_id,
                    t.c.municipality == municipality,
                    *here(t),
                )
            )
        ).first()
        if row is None:
            raise NotFound.of("participant")
        return profile_from_row(row)

    async def profile(self, participant_id: UUID) -> ParticipantProfile | None:
        """What the service knows of the participant, wherever they are now."""
        t = tables.participant_profiles
        row = (
            await self._session.execute(select(t).where(t.c.participant_id == participant_id))
        ).first()
        return profile_from_row(row) if row else None

    async def known(self, participant_ids: Sequence[UUID], *, municipality: str) -> set[UUID]:
        t = tables.participant_profiles
        rows = await self._session.execute(
            select(t.c.participant_id).where(
                t.c.participant_id.in_(list(participant_ids)),
                t.c.municipality == municipality,
                *here(t),
            )
        )
        return set(rows.scalars())

    def _without_network(
        self, municipality: str, since: date, only: Sequence[UUID] | None = None
    ) -> list[Any]:
        p, m, a = tables.participant_profiles, tables.matches, tables.attendance
        scoped = [] if only is None else [p.c.participant_id.in_(list(only))]
        return [
            *scoped,
            p.c.municipality == municipality,
            *here(p),
            p.c.household_type == "single",
            ~exists().where(and_(m.c.participant_id == p.c.participant_id, m.c.status.in_(OPEN))),
            ~exists().where(
                and_(
                    a.c.participant_id == p.c.participant_id,
                    a.c.present.is_(True),
                    a.c.attended_on >= since,
                )
            ),
        ]

    async def count_without_network(
        self, municipality: str, *, since: date, only: Sequence[UUID] | None = None
    ) -> int:
        where = self._without_network(municipality, since, only)
        return await _count(self._session, tables.participant_profiles, *where)

    async def list_without_network(
        self,
        municipality: str,
        *,
        since: date,
        limit: int,
        offset: int,
        only: Sequence[UUID] | None = None,
    ) -> list[ParticipantProfile]:
        p = tables.participant_profiles
        rows = await self._session.execute(
            select(p)
            .where(*self._without_network(municipality, since, only))
            .order_by(p.c.settlement_date.asc().nulls_last(), p.c.participant_id)
            .limit(limit)
            .offset(offset)
        )
        return [profile_from_row(r) for r in rows]
