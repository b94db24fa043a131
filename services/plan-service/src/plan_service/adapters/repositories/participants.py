"""Loads and stores the participant aggregate: the participant, their programme (with its
extensions and leave), the current plan (and every version of it), outcomes, the move
and the login; and appends the participant's records (mappings, test results).

``save`` writes what changed since the participant was loaded: the programme guarded by
its version, the plan by the version it was based on, the move and the login only where
none was stored. Whatever a concurrent writer got to first becomes the domain's error
here, inside a savepoint (a stale plan, a programme started twice, an outcome recorded
twice), so handlers never see a database error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.rows import from_row
from helhet_common.domain_errors import Conflict
from helhet_common.repository import Repository
from helhet_common.unit_of_work import Seen
from plan_service.adapters import serialise as js
from plan_service.adapters import tables
from plan_service.domain.codes import (
    Completion,
    EducationLevel,
    ExitReason,
    ExtensionReason,
    Gender,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    MeasurePoint,
    OutcomeStatus,
    Regime,
    Skill,
    TestKind,
)
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import (
    Move,
    Participant,
    ProgrammeAlreadyStarted,
    SettledRecord,
)
from plan_service.domain.plans import SYSTEM, stale_plan
from plan_service.domain.programmes import Exit, Extension, Leave, Programme
from plan_service.domain.results import Outcome, TestResult


@dataclass(frozen=True)
class _Stored:
    """What the database holds of a participant, as this unit of work last saw it."""

    programme: Programme | None
    plan_version: int
    moved: Move | None
    person_sub: str | None
    outcomes: frozenset[MeasurePoint]
    personal: dict[str, Any] | None = None
    gender: Gender = Gender.UNKNOWN

    @classmethod
    def of(cls, participant: Participant) -> _Stored:
        return cls(
            personal=dict(participant.personal),
            programme=participant.programme,
            plan_version=participant.plan.version if participant.plan else 0,
            moved=participant.moved,
            person_sub=participant.person_sub,
            outcomes=frozenset(participant.outcomes),
            gender=participant.gender,
        )


def _outcome_already_recorded(point: MeasurePoint) -> Conflict:
    return Conflict(
        f"The outcome {point.value} is already recorded.", code="outcome-already-recorded"
    )


class ParticipantRepository(Repository[Participant]):
    what = "participant"

    def __init__(self, session: AsyncSession, seen: Seen) -> None:
        super().__init__(session, seen)
        self._stored: dict[UUID, _Stored] = {}

    # -- loading ------------------------------------------------------------------------

    async def _load(self, participant_id: UUID, *, lock: bool) -> Participant | None:
        found = await self._load_many([participant_id], lock=lock)
        return found[0] if found else None

    async def get_many(
        self, participant_ids: Sequence[UUID], *, lock: bool = False
    ) -> list[Participant]:
        """The participants with these ids, in the given order (any municipality: the
        caller checks). ``lock`` holds them until the unit of work ends."""
        return self._seen_all(await self._load_many(participant_ids, lock=lock))

    async def settled_records(self, participant_ids: Sequence[UUID]) -> dict[UUID, SettledRecord]:
        """The settlement facts and personal data of these participants, in one query,
        unlocked and not part of the unit of work (nothing read here is saved): what an
        import compares its records with before it loads the ones that change."""
        if not participant_ids:
            return {}
        p = tables.participants
        rows = await self.session.execute(
            select(
                p.c.id,
                p.c.municipality,
                p.c.settlement_date,
                p.c.birth_year,
                p.c.household_type,
                p.c.languages,
                p.c.personal,
                p.c.person_sub,
            ).where(p.c.id.in_(list(participant_ids)))
        )
        return {
            row.id: SettledRecord(
                id=row.id,
                municipality=row.municipality,
                settlement_date=row.settlement_date,
                birth_year=row.birth_year,
                household_type=HouseholdType(row.household_type),
                languages=tuple(row.languages),
                personal=dict(row.personal),
                person_sub=row.person_sub,
            )
            for row in rows
        }

    async def _load_many(
        self, participant_ids: Sequence[UUID], *, lock: bool = False
    ) -> list[Participant]:
        """A handful of queries for any number of participants."""
        if not participant_ids:
            return []
        query = select(tables.participants).where(
            tables.participants.c.id.in_(list(participant_ids)),
            tables.participants.c.erased_on.is_(None),  # an erased participant is gone
        )
        rows = await self.session.execute(query.with_for_update() if lock else query)
        by_id = {
            row.id: Participant(
                id=row.id,
                municipality=row.municipality,
                settlement_date=row.settlement_date,
                birth_year=row.birth_year,
                household_type=HouseholdType(row.household_type),
                languages=tuple(row.languages),
                gender=Gender(row.gender),
                personal=dict(row.personal),
                person_sub=row.person_sub,
                moved=Move(moved_on=row.moved_on, to_municipality=row.moved_to)
                if row.moved_on is not None
                else None,
            )
            for row in rows
        }
        ids = list(by_id)
        extensions: dict[UUID, list[Extension]] = {i: [] for i in ids}
        for row in await self.session.execute(
            select(tables.programme_extensions)
            .where(tables.programme_extensions.c.participant_id.in_(ids))
            .order_by(tables.programme_extensions.c.number)
        ):
            extensions[row.participant_id].append(
                from_row(
                    Extension,
                    row,
                    reason=ExtensionReason(row.reason),
                )
            )
        leaves: dict[UUID, list[Leave]] = {i: [] for i in ids}
        for row in await self.session.execute(
            select(tables.programme_leaves)
            .where(tables.programme_leaves.c.participant_id.in_(ids))
            .order_by(tables.programme_leaves.c.from_date)
        ):
            leaves[row.participant_id].append(
                from_row(
                    Leave,
                    row,
                    reason=LeaveReason(row.reason),
                )
            )
        programmes = await self.session.execute(
            select(tables.programmes).where(tables.programmes.c.participant_id.in_(ids))
        )
        for row in programmes:
            by_id[row.participant_id].programme = Programme(
                regime=Regime(row.regime),
                start_date=row.start_date,
                expected_end_date=row.expected_end_date,
                original_expected_end_date=row.original_expected_end_date,
                extensions=tuple(extensions[row.participant_id]),
                leaves=tuple(leaves[row.participant_id]),
                exit=Exit(
                    completion=Completion(row.completion),
                    end_date=row.ended_on,
                    reason=ExitReason(row.exit_reason),
                )
                if row.ended_on is not None
                else None,
                version=row.version,
            )
        mapping_versions = await self.session.execute(
            select(tables.mappings.c.participant_id, func.max(tables.mappings.c.version))
            .where(tables.mappings.c.participant_id.in_(ids))
            .group_by(tables.mappings.c.participant_id)
        )
        for participant_id, version in mapping_versions:
            by_id[participant_id].mapping_version = int(version)
        for row in await self.session.execute(
            select(tables.outcomes).where(tables.outcomes.c.participant_id.in_(ids))
        ):
            by_id[row.participant_id].outcomes[MeasurePoint(row.measured_at)] = from_row(
                Outcome,
                row,
                measured_at=MeasurePoint(row.measured_at),
                status=OutcomeStatus(row.status),
            )
        plans = await self.session.execute(
            select(tables.plans).where(tables.plans.c.participant_id.in_(ids))
        )
        for row in plans:
            by_id[row.participant_id].plan = js.plan_from_row(row, started_on=row.started_on)
        reviews = tables.plan_reviews
        for row in await self.session.execute(
            select(reviews)
            .where(reviews.c.participant_id.in_(ids))
            .order_by(reviews.c.reviewed_on, reviews.c.created_at, reviews.c.id)
        ):
            by_id[row.participant_id].last_review = js.review_from_row(row)  # the latest wins
        for participant in by_id.values():
            self._stored[participant.id] = _Stored.of(participant)
        return [by_id[i] for i in participant_ids if i in by_id]

    async def find_by_person_sub(self, municipality: str, person_sub: str) -> Participant | None:
        """The participant whose own login is ``person_sub``, in the municipality."""
        found = await self.session.scalar(
            select(tables.participants.c.id).where(
                tables.participants.c.municipality == municipality,
                tables.participants.c.person_sub == person_sub,
            )
        )
        if found is None:
            return None
        return await self.get(found, municipality=municipality)

    async def find_by_national_id(self, national_id: str) -> Participant | None:
        """The participant linked to this national identity number (any municipality:
        an ID-porten sign-in carries none)."""
        row = (
            await self.session.execute(
                select(tables.participants.c.id, tables.participants.c.municipality)
                .join(
                    tables.participant_identities,
                    tables.participant_identities.c.participant_id == tables.participants.c.id,
                )
                .where(tables.participant_identities.c.national_id == national_id)
            )
        ).first()
        if row is None:
            return None
        return await self.get(row.id, municipality=row.municipality)

    async def national_id_owner(self, national_id: str) -> UUID | None:
        """The participant the number is linked to, if any."""
        owner: UUID | None = await self.session.scalar(
            select(tables.participant_identities.c.participant_id).where(
                tables.participant_identities.c.national_id == national_id
            )
        )
        return owner

    async def link_national_id(self, participant_id: UUID, national_id: str, at: datetime) -> None:
        """Link (or re-link) the participant's national identity number."""
        table = tables.participant_identities
        await self.session.execute(delete(table).where(table.c.participant_id == participant_id))
        await self.session.execute(
            insert(table).values(
                participant_id=participant_id, national_id=national_id, linked_at=at
            )
        )

    # -- storing ------------------------------------------------------------------------

    async def add_many(self, participants: Sequence[Participant]) -> None:
        """Newly settled participants (nothing but their settlement yet: an import's), in
        one statement."""
        if not participants:
            return
        for participant in participants:
            self._seen(participant)
        await self.session.execute(
            insert(tables.participants), [self._row(p) for p in participants]
        )
        for participant in participants:
            self._inserted(participant)
            await self._update(participant)

    async def _insert(self, participant: Participant) -> None:
        await self.session.execute(insert(tables.participants).values(**self._row(participant)))
        self._inserted(participant)
        await self._update(participant)

    @staticmethod
    def _row(participant: Participant) -> dict[str, Any]:
        return {
            "id": participant.id,
            "municipality": participant.municipality,
            "settlement_date": participant.settlement_date,
            "birth_year": participant.birth_year,
            "household_type": participant.household_type.value,
            "languages": list(participant.languages),
            "gender": participant.gender.value,
            "personal": participant.personal,
            "person_sub": participant.person_sub,
            "moved_on": participant.moved.moved_on if participant.moved else None,
            "moved_to": participant.moved.to_municipality if participant.moved else None,
            "created_at": datetime.now(UTC),
        }

    def _inserted(self, participant: Participant) -> None:
        self._stored[participant.id] = _Stored(
            programme=None,
            plan_version=0,
            moved=participant.moved,
            person_sub=participant.person_sub,
            outcomes=frozenset(),
            gender=participant.gender,
        )

    async def _update(self, participant: Participant) -> None:
        before = self._stored.get(participant.id)
        if before is None:
            raise ValueError("save a participant this unit of work loaded or added")
        if before.personal is not None and participant.personal != before.personal:
            await self.session.execute(
                update(tables.participants)
                .where(tables.participants.c.id == participant.id)
                .values(personal=dict(participant.personal))
            )
        if participant.gender != before.gender:
            await self.session.execute(
                update(tables.participants)
                .where(tables.participants.c.id == participant.id)
                .values(gender=participant.gender.value)
            )
        if participant.person_sub != before.person_sub:
            await self._save_login(participant)
        if participant.moved != before.moved:
            await self._save_move(participant)
        if participant.programme != before.programme:
            await self._save_programme(participant, before.programme)
        if participant.plan is not None and participant.plan.version != before.plan_version:
            await self._save_plan(participant)
        for point in sorted(participant.outcomes.keys() - before.outcomes):
            await self._add_outcome(participant.id, participant.outcomes[point])
        self._stored[participant.id] = _Stored.of(participant)

    async def _save_login(self, participant: Participant) -> None:
        """Store ``person_sub`` where none was stored (the demo seed's logins)."""
        await self.session.execute(
            update(tables.participants)
            .where(
                tables.participants.c.id == participant.id,
                tables.participants.c.person_sub.is_(None),
            )
            .values(person_sub=participant.person_sub)
        )

    async def _save_move(self, participant: Participant) -> None:
        """Only a participant not moved yet: a concurrent move makes this one 409."""
        move = participant.moved
        result = await self.session.execute(
            update(tables.participants)
            .where(
                tables.participants.c.id == participant.id,
                tables.participants.c.moved_on.is_(None),
            )
            .values(
                moved_on=move.moved_on if move else None,
                moved_to=move.to_municipality if move else None,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The participant already moved away.", code="participant-moved")

    async def _save_programme(self, participant: Participant, before: Programme | None) -> None:
        programme = participant.programme
        if programme is None:
            raise ValueError("a programme is never removed")
        if before is None:
            try:
                # The insert runs here: a concurrent start that committed first makes it
                # fail on the primary key.
                async with self.session.begin_nested():
                    await self.session.execute(
                        insert(tables.programmes).values(
                            participant_id=participant.id,
                            regime=programme.regime.value,
                            start_date=programme.start_date,
                            expected_end_date=programme.expected_end_date,
                            version=programme.version,
                        )
                    )
            except IntegrityError:
                raise ProgrammeAlreadyStarted() from None
            return
        exit = programme.exit
        result = await self.session.execute(
            update(tables.programmes)
            .where(
                tables.programmes.c.participant_id == participant.id,
                tables.programmes.c.version == before.version,
            )
            .values(
                expected_end_date=programme.expected_end_date,
                original_expected_end_date=programme.original_expected_end_date,
                ended_on=exit.end_date if exit else None,
                completion=exit.completion.value if exit else None,
                exit_reason=exit.reason.value if exit else None,
                version=before.version + 1,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict(
                "The programme was changed at the same time; try again.", code="concurrent-change"
            )
        participant.programme = replace(programme, version=before.version + 1)
        now = datetime.now(UTC)
        known = {e.number for e in before.extensions}
        for extension in programme.extensions:
            if extension.number not in known:
                await self.session.execute(
                    insert(tables.programme_extensions).values(
                        participant_id=participant.id,
                        number=extension.number,
                        previous_expected_end_date=extension.previous_expected_end_date,
                        new_expected_end_date=extension.new_expected_end_date,
                        reason=extension.reason.value,
                        decided_on=extension.decided_on,
                        recorded_by=extension.recorded_by,
                        created_at=now,
                    )
                )
        recorded = {leave.id for leave in before.leaves}
        for leave in programme.leaves:
            if leave.id not in recorded:
                await self.session.execute(
                    insert(tables.programme_leaves).values(
                        participant_id=participant.id,
                        id=leave.id,
                        from_date=leave.from_date,
                        to_date=leave.to_date,
                        reason=leave.reason.value,
                        recorded_by=leave.recorded_by,
                        created_at=now,
                    )
                )

    async def _save_plan(self, participant: Participant) -> None:
        """The new current plan, guarded by the version it was based on, and one more of
        the plan's versions. A concurrent first plan fails on the primary key, a
        concurrent change on the version: either is a stale version (409)."""
        plan = participant.plan
        if plan is None:
            raise ValueError("a plan is never removed")
        now = datetime.now(UTC)
        values = {
            "version": plan.version,
            "end_goal": plan.end_goal.value,
            "norwegian_goal": plan.norwegian_goal.value,
            "activities": [js.activity_to_json(a) for a in plan.activities],
            "programme_hours_per_week": plan.programme_hours_per_week,
            "updated_at": now,
            "participant_group": plan.participant_group.value if plan.participant_group else None,
            "heavy_self_study": plan.heavy_self_study,
            "contributors": js.contributors_to_json(plan),
            "started_on": plan.started_on,
        }
        stale = stale_plan(current=plan.version, given=plan.version - 1)
        try:
            async with self.session.begin_nested():
                if plan.version == 1:
                    await self.session.execute(
                        insert(tables.plans).values(participant_id=participant.id, **values)
                    )
                else:
                    result = await self.session.execute(
                        update(tables.plans)
                        .where(
                            tables.plans.c.participant_id == participant.id,
                            tables.plans.c.version == plan.version - 1,
                        )
                        .values(**values)
                    )
                    if getattr(result, "rowcount", 0) != 1:
                        raise stale
        except IntegrityError:
            raise stale from None
        changed_by = plan.changed_by or SYSTEM
        await self.session.execute(
            insert(tables.plan_versions).values(
                participant_id=participant.id,
                version=plan.version,
                end_goal=values["end_goal"],
                participant_group=values["participant_group"],
                norwegian_goal=values["norwegian_goal"],
                activities=values["activities"],
                heavy_self_study=plan.heavy_self_study,
                programme_hours_per_week=plan.programme_hours_per_week,
                contributors=values["contributors"],
                reason=plan.reason,
                changed_by=changed_by.sub,
                changed_by_agency=changed_by.agency,
                contribution_id=plan.contribution_id,
                changed_at=now,
            )
        )

    async def _add_outcome(self, participant_id: UUID, outcome: Outcome) -> None:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(tables.outcomes).values(
                        participant_id=participant_id,
                        measured_at=outcome.measured_at.value,
                        status=outcome.status.value,
                        status_on=outcome.status_on,
                        recorded_by_agency=outcome.recorded_by_agency,
                        recorded_by=outcome.recorded_by,
                        created_at=datetime.now(UTC),
                        still_in_municipality=outcome.still_in_municipality,
                    )
                )
        except IntegrityError:
            raise _outcome_already_recorded(outcome.measured_at) from None

    # -- the participant's records: mappings and test results ----------------------------

    async def add_mapping(
        self, participant_id: UUID, mapping: Mapping, *, recorded_by: str
    ) -> None:
        """A new version of the mapping: two at once make the later one 409."""
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(tables.mappings).values(
                        participant_id=participant_id,
                        version=mapping.version,
                        recorded_by_agency=mapping.recorded_by_agency,
                        recorded_by=recorded_by,
                        recorded_on=mapping.recorded_on,
                        education_level=mapping.education_level.value,
                        work_experience_sectors=list(mapping.work_experience_sectors),
                        wished_sectors=list(mapping.wished_sectors),
                        interests=[i.value for i in mapping.interests],
                        norwegian_levels={
                            k.value: v.value for k, v in mapping.norwegian_levels.items()
                        },
                        has_driving_licence=mapping.has_driving_licence,
                        childcare_needs=mapping.childcare_needs,
                        notes=mapping.notes,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            raise Conflict(
                "Another mapping was recorded at the same time; try again.",
                code="concurrent-change",
            ) from None

    async def list_mappings(self, participant_id: UUID) -> list[Mapping]:
        """Every version, newest first."""
        rows = await self.session.execute(
            select(tables.mappings)
            .where(tables.mappings.c.participant_id == participant_id)
            .order_by(tables.mappings.c.version.desc())
        )
        return [
            Mapping(
                version=row.version,
                recorded_by_agency=row.recorded_by_agency,
                recorded_on=row.recorded_on,
                education_level=EducationLevel(row.education_level),
                work_experience_sectors=tuple(row.work_experience_sectors),
                wished_sectors=tuple(row.wished_sectors),
                interests=tuple(Interest(i) for i in row.interests),
                norwegian_levels={
                    Skill(k): LanguageLevel(v) for k, v in row.norwegian_levels.items()
                },
                has_driving_licence=row.has_driving_licence,
                childcare_needs=row.childcare_needs,
                notes=row.notes,
            )
            for row in rows
        ]

    async def add_test_result(
        self, participant_id: UUID, result: TestResult, *, recorded_by: str
    ) -> None:
        await self.session.execute(
            insert(tables.test_results).values(
                id=result.id,
                participant_id=participant_id,
                test=result.test.value,
                taken_on=result.taken_on,
                levels={k.value: v.value for k, v in result.levels.items()},
                passed=result.passed,
                recorded_by_agency=result.recorded_by_agency,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def list_test_results(self, participant_id: UUID) -> list[TestResult]:
        rows = await self.session.execute(
            select(tables.test_results)
            .where(tables.test_results.c.participant_id == participant_id)
            .order_by(tables.test_results.c.taken_on, tables.test_results.c.id)
        )
        return [
            from_row(
                TestResult,
                row,
                test=TestKind(row.test),
                levels={Skill(k): LanguageLevel(v) for k, v in row.levels.items()},
            )
            for row in rows
        ]

    # -- lists ----------------------------------------------------------------------------

    @staticmethod
    def visible_in(
        municipality: str, agency: str | None, today: date, *, purpose: str | None = None
    ) -> list[ColumnElement[bool]]:
        """Participants of the municipality; with ``agency``, only those the agency has
        a sharing basis in force for today (for ``purpose``, when the reader names one)."""
        where = [
            tables.participants.c.municipality == municipality,
            tables.participants.c.erased_on.is_(None),
        ]
        if agency is not None:
            bases = tables.sharing_bases
            where.append(
                exists().where(
                    bases.c.participant_id == tables.participants.c.id,
                    bases.c.agency == agency,
                    bases.c.valid_from <= today,
                    or_(bases.c.valid_to.is_(None), bases.c.valid_to >= today),
                    *([bases.c.purpose == purpose] if purpose is not None else []),
                )
            )
        return where

    async def count_in_municipality(
        self,
        municipality: str,
        *,
        today: date,
        agency: str | None = None,
        purpose: str | None = None,
    ) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(tables.participants)
            .where(and_(*self.visible_in(municipality, agency, today, purpose=purpose)))
        )
        return int(count or 0)

    async def list_in_municipality(
        self,
        municipality: str,
        *,
        today: date,
        limit: int,
        offset: int,
        agency: str | None = None,
        purpose: str | None = None,
    ) -> list[Participant]:
        rows = await self.session.execute(
            select(tables.participants.c.id)
            .where(and_(*self.visible_in(municipality, agency, today, purpose=purpose)))
            .order_by(tables.participants.c.id)
            .limit(limit)
            .offset(offset)
        )
        return await self.get_many(list(rows.scalars()))
