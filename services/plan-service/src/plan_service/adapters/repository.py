"""Loads and stores the participant aggregate, consents and sharing bases, and the
access log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.domain_errors import Conflict
from plan_service.adapters import tables
from plan_service.domain.codes import (
    ActionFilter,
    ActionStatus,
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    ContributionStatus,
    EducationLevel,
    EndGoal,
    ExitReason,
    ExtensionReason,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    ParticipantGroup,
    RecipientKind,
    Regime,
    Responsibility,
    Section,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Action, Attendee, ContactPerson, Meeting, Review
from plan_service.domain.mapping import Mapping
from plan_service.domain.participants import Move, Participant, ProgrammeAlreadyStarted
from plan_service.domain.plans import (
    SYSTEM,
    Activity,
    Contribution,
    Contributor,
    Plan,
    SectionProposal,
    stale_plan,
)
from plan_service.domain.programmes import Exit, Extension, Leave, Programme
from plan_service.domain.results import Outcome, TestResult
from plan_service.domain.sharing import Consent, SharingBasis


def _activity_to_json(activity: Activity) -> dict[str, Any]:
    return {
        "kind": activity.kind.value,
        "provider_unit": activity.provider_unit,
        "hours_per_week": activity.hours_per_week,
        "from_date": activity.from_date.isoformat() if activity.from_date else None,
        "to_date": activity.to_date.isoformat() if activity.to_date else None,
        "counts_as_programme_hours": activity.counts_as_programme_hours,
    }


def _activity_from_json(data: dict[str, Any]) -> Activity:
    return Activity(
        kind=ActivityKind(data["kind"]),
        provider_unit=data["provider_unit"],
        hours_per_week=float(data["hours_per_week"]),
        from_date=date.fromisoformat(data["from_date"]) if data.get("from_date") else None,
        to_date=date.fromisoformat(data["to_date"]) if data.get("to_date") else None,
        counts_as_programme_hours=bool(data.get("counts_as_programme_hours", True)),
    )


def _contributors_to_json(plan: Plan) -> dict[str, list[dict[str, str]]]:
    return {
        section.value: [{"agency": c.agency, "sub": c.sub} for c in contributors]
        for section, contributors in plan.contributors.items()
    }


def _contributors_from_json(data: dict[str, Any]) -> dict[Section, tuple[Contributor, ...]]:
    return {
        Section(section): tuple(Contributor(c["agency"], c["sub"]) for c in contributors)
        for section, contributors in (data or {}).items()
    }


def _plan_from_row(row: Any, *, started_on: date | None = None) -> Plan:
    """A plan from a ``plans`` or a ``plan_versions`` row."""
    group = row.participant_group
    return Plan(
        version=row.version,
        end_goal=EndGoal(row.end_goal),
        norwegian_goal=CefrLevel(row.norwegian_goal),
        activities=tuple(_activity_from_json(a) for a in row.activities),
        participant_group=ParticipantGroup(group) if group else None,
        heavy_self_study=bool(row.heavy_self_study),
        contributors=_contributors_from_json(row.contributors),
        started_on=started_on,
    )


class ParticipantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, participant_id: UUID) -> Participant | None:
        found = await self.get_many([participant_id])
        return found[0] if found else None

    async def get_many(self, participant_ids: list[UUID]) -> list[Participant]:
        """The participants with these ids, in the given order: three queries in all."""
        if not participant_ids:
            return []
        rows = await self._session.execute(
            select(tables.participants).where(tables.participants.c.id.in_(participant_ids))
        )
        by_id = {
            row.id: Participant(
                id=row.id,
                municipality=row.municipality,
                settlement_date=row.settlement_date,
                birth_year=row.birth_year,
                household_type=HouseholdType(row.household_type),
                languages=tuple(row.languages),
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
        for row in await self._session.execute(
            select(tables.programme_extensions)
            .where(tables.programme_extensions.c.participant_id.in_(ids))
            .order_by(tables.programme_extensions.c.number)
        ):
            extensions[row.participant_id].append(
                Extension(
                    number=row.number,
                    previous_expected_end_date=row.previous_expected_end_date,
                    new_expected_end_date=row.new_expected_end_date,
                    reason=ExtensionReason(row.reason),
                    decided_on=row.decided_on,
                )
            )
        leaves: dict[UUID, list[Leave]] = {i: [] for i in ids}
        for row in await self._session.execute(
            select(tables.programme_leaves)
            .where(tables.programme_leaves.c.participant_id.in_(ids))
            .order_by(tables.programme_leaves.c.from_date)
        ):
            leaves[row.participant_id].append(
                Leave(
                    from_date=row.from_date,
                    to_date=row.to_date,
                    reason=LeaveReason(row.reason),
                    id=row.id,
                )
            )
        programmes = await self._session.execute(
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
        mapping_versions = await self._session.execute(
            select(tables.mappings.c.participant_id, func.max(tables.mappings.c.version))
            .where(tables.mappings.c.participant_id.in_(ids))
            .group_by(tables.mappings.c.participant_id)
        )
        for participant_id, version in mapping_versions:
            by_id[participant_id].mapping_version = int(version)
        for row in await self._session.execute(
            select(tables.outcomes).where(tables.outcomes.c.participant_id.in_(ids))
        ):
            by_id[row.participant_id].outcomes[MeasurePoint(row.measured_at)] = Outcome(
                measured_at=MeasurePoint(row.measured_at),
                status=OutcomeStatus(row.status),
                status_on=row.status_on,
                recorded_by_agency=row.recorded_by_agency,
            )
        plans = await self._session.execute(
            select(tables.plans).where(tables.plans.c.participant_id.in_(list(by_id)))
        )
        for row in plans:
            by_id[row.participant_id].plan = _plan_from_row(row, started_on=row.started_on)
        reviews = tables.plan_reviews
        for row in await self._session.execute(
            select(reviews)
            .where(reviews.c.participant_id.in_(ids))
            .order_by(reviews.c.reviewed_on, reviews.c.created_at, reviews.c.id)
        ):
            by_id[row.participant_id].last_review = review_from_row(row)  # the latest wins
        return [by_id[i] for i in participant_ids if i in by_id]

    async def find_by_person_sub(self, municipality: str, person_sub: str) -> Participant | None:
        """The participant whose own login is ``person_sub``, in the municipality."""
        found = await self._session.scalar(
            select(tables.participants.c.id).where(
                tables.participants.c.municipality == municipality,
                tables.participants.c.person_sub == person_sub,
            )
        )
        return await self.get(found) if found is not None else None

    async def link_login(self, participant: Participant) -> None:
        """Store ``person_sub`` where none was stored (the demo seed's logins)."""
        await self._session.execute(
            update(tables.participants)
            .where(
                tables.participants.c.id == participant.id,
                tables.participants.c.person_sub.is_(None),
            )
            .values(person_sub=participant.person_sub)
        )

    async def save_move(self, participant: Participant) -> None:
        """Only a participant not moved yet: a concurrent move makes this one 409."""
        move = participant.moved
        assert move is not None
        result = await self._session.execute(
            update(tables.participants)
            .where(
                tables.participants.c.id == participant.id,
                tables.participants.c.moved_on.is_(None),
            )
            .values(moved_on=move.moved_on, moved_to=move.to_municipality)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The participant already moved away.", code="participant-moved")

    async def add(self, participant: Participant) -> None:
        await self._session.execute(
            insert(tables.participants).values(
                id=participant.id,
                municipality=participant.municipality,
                settlement_date=participant.settlement_date,
                birth_year=participant.birth_year,
                household_type=participant.household_type.value,
                languages=list(participant.languages),
                personal=participant.personal,
                person_sub=participant.person_sub,
                created_at=datetime.now(UTC),
            )
        )

    async def add_programme(self, participant: Participant) -> None:
        programme = participant.programme
        assert programme is not None
        exists = await self._session.scalar(
            select(func.count())
            .select_from(tables.programmes)
            .where(tables.programmes.c.participant_id == participant.id)
        )
        if exists:
            raise ProgrammeAlreadyStarted()
        await self._session.execute(
            insert(tables.programmes).values(
                participant_id=participant.id,
                regime=programme.regime.value,
                start_date=programme.start_date,
                expected_end_date=programme.expected_end_date,
            )
        )

    async def save_plan(self, participant: Participant) -> None:
        """Store the new current plan, guarded by the version it was based on, and add
        it to the plan's versions."""
        plan = participant.plan
        assert plan is not None
        now = datetime.now(UTC)
        values = {
            "version": plan.version,
            "end_goal": plan.end_goal.value,
            "norwegian_goal": plan.norwegian_goal.value,
            "activities": [_activity_to_json(a) for a in plan.activities],
            "programme_hours_per_week": plan.programme_hours_per_week,
            "updated_at": now,
            "participant_group": plan.participant_group.value if plan.participant_group else None,
            "heavy_self_study": plan.heavy_self_study,
            "contributors": _contributors_to_json(plan),
            "started_on": plan.started_on,
        }
        if plan.version == 1:
            await self._session.execute(
                insert(tables.plans).values(participant_id=participant.id, **values)
            )
        else:
            result = await self._session.execute(
                update(tables.plans)
                .where(
                    tables.plans.c.participant_id == participant.id,
                    tables.plans.c.version == plan.version - 1,
                )
                .values(**values)
            )
            if getattr(result, "rowcount", 0) != 1:
                raise stale_plan(current=plan.version, given=plan.version - 1)
        changed_by = plan.changed_by or SYSTEM
        await self._session.execute(
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

    async def save_programme(
        self,
        participant: Participant,
        *,
        recorded_by: str,
        extension: Extension | None = None,
        leave: Leave | None = None,
    ) -> None:
        """Store a lifecycle change, guarded by the version the change was based on."""
        programme = participant.programme
        assert programme is not None
        exit = programme.exit
        result = await self._session.execute(
            update(tables.programmes)
            .where(
                tables.programmes.c.participant_id == participant.id,
                tables.programmes.c.version == programme.version,
            )
            .values(
                expected_end_date=programme.expected_end_date,
                original_expected_end_date=programme.original_expected_end_date,
                ended_on=exit.end_date if exit else None,
                completion=exit.completion.value if exit else None,
                exit_reason=exit.reason.value if exit else None,
                version=programme.version + 1,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict(
                "The programme was changed at the same time; try again.", code="concurrent-change"
            )
        now = datetime.now(UTC)
        if extension is not None:
            await self._session.execute(
                insert(tables.programme_extensions).values(
                    participant_id=participant.id,
                    number=extension.number,
                    previous_expected_end_date=extension.previous_expected_end_date,
                    new_expected_end_date=extension.new_expected_end_date,
                    reason=extension.reason.value,
                    decided_on=extension.decided_on,
                    recorded_by=recorded_by,
                    created_at=now,
                )
            )
        if leave is not None:
            await self._session.execute(
                insert(tables.programme_leaves).values(
                    participant_id=participant.id,
                    id=leave.id,
                    from_date=leave.from_date,
                    to_date=leave.to_date,
                    reason=leave.reason.value,
                    recorded_by=recorded_by,
                    created_at=now,
                )
            )

    # Mappings, test results, outcomes ---------------------------------------------------

    async def add_mapping(
        self, participant_id: UUID, mapping: Mapping, *, recorded_by: str
    ) -> None:
        await self._session.execute(
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
                norwegian_levels={k.value: v.value for k, v in mapping.norwegian_levels.items()},
                has_driving_licence=mapping.has_driving_licence,
                childcare_needs=mapping.childcare_needs,
                notes=mapping.notes,
                created_at=datetime.now(UTC),
            )
        )

    async def list_mappings(self, participant_id: UUID) -> list[Mapping]:
        """Every version, newest first."""
        rows = await self._session.execute(
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
        await self._session.execute(
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
        rows = await self._session.execute(
            select(tables.test_results)
            .where(tables.test_results.c.participant_id == participant_id)
            .order_by(tables.test_results.c.taken_on, tables.test_results.c.id)
        )
        return [
            TestResult(
                id=row.id,
                test=TestKind(row.test),
                taken_on=row.taken_on,
                recorded_by_agency=row.recorded_by_agency,
                levels={Skill(k): LanguageLevel(v) for k, v in row.levels.items()},
                passed=row.passed,
            )
            for row in rows
        ]

    async def add_outcome(
        self, participant_id: UUID, outcome: Outcome, *, recorded_by: str
    ) -> None:
        await self._session.execute(
            insert(tables.outcomes).values(
                participant_id=participant_id,
                measured_at=outcome.measured_at.value,
                status=outcome.status.value,
                status_on=outcome.status_on,
                recorded_by_agency=outcome.recorded_by_agency,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    # Lists ----------------------------------------------------------------------------

    @staticmethod
    def _visible(municipality: str, agency: str | None, today: date) -> list[ColumnElement[bool]]:
        """Participants of the municipality; with ``agency``, only those the agency has
        a sharing basis in force for today."""
        where = [tables.participants.c.municipality == municipality]
        if agency is not None:
            bases = tables.sharing_bases
            where.append(
                exists().where(
                    bases.c.participant_id == tables.participants.c.id,
                    bases.c.agency == agency,
                    bases.c.valid_from <= today,
                    or_(bases.c.valid_to.is_(None), bases.c.valid_to >= today),
                )
            )
        return where

    async def count_in_municipality(
        self, municipality: str, *, agency: str | None = None, today: date | None = None
    ) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.participants)
            .where(and_(*self._visible(municipality, agency, today or date.today())))
        )
        return int(count or 0)

    async def list_in_municipality(
        self,
        municipality: str,
        *,
        limit: int,
        offset: int,
        agency: str | None = None,
        today: date | None = None,
    ) -> list[Participant]:
        rows = await self._session.execute(
            select(tables.participants.c.id)
            .where(and_(*self._visible(municipality, agency, today or date.today())))
            .order_by(tables.participants.c.id)
            .limit(limit)
            .offset(offset)
        )
        return await self.get_many(list(rows.scalars()))


class SharingRepository:
    """Consents and sharing bases."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_consent(self, consent: Consent, *, recorded_by: str) -> None:
        await self._session.execute(
            insert(tables.consents).values(
                id=consent.id,
                participant_id=consent.participant_id,
                municipality=consent.municipality,
                recipient_kind=consent.recipient_kind.value,
                recipient_id=consent.recipient_id,
                purpose=consent.purpose.value,
                granted_on=consent.granted_on,
                expires_on=consent.expires_on,
                withdrawn_on=consent.withdrawn_on,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def save_withdrawal(self, consent: Consent) -> None:
        """Only a consent not yet withdrawn: a concurrent withdrawal makes this one 409."""
        result = await self._session.execute(
            update(tables.consents)
            .where(tables.consents.c.id == consent.id, tables.consents.c.withdrawn_on.is_(None))
            .values(withdrawn_on=consent.withdrawn_on)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The consent was already withdrawn.", code="consent-already-withdrawn")

    async def consents_of(self, participant_id: UUID) -> list[Consent]:
        rows = await self._session.execute(
            select(tables.consents)
            .where(tables.consents.c.participant_id == participant_id)
            .order_by(tables.consents.c.granted_on, tables.consents.c.id)
        )
        return [
            Consent(
                id=row.id,
                participant_id=row.participant_id,
                municipality=row.municipality,
                recipient_kind=RecipientKind(row.recipient_kind),
                recipient_id=row.recipient_id,
                purpose=ConsentPurpose(row.purpose),
                granted_on=row.granted_on,
                expires_on=row.expires_on,
                withdrawn_on=row.withdrawn_on,
            )
            for row in rows
        ]

    async def add_basis(self, basis: SharingBasis, *, recorded_by: str) -> None:
        await self._session.execute(
            insert(tables.sharing_bases).values(
                id=basis.id,
                participant_id=basis.participant_id,
                municipality=basis.municipality,
                agency=basis.agency,
                purpose=basis.purpose.value,
                legal_basis=basis.legal_basis.value,
                valid_from=basis.valid_from,
                valid_to=basis.valid_to,
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def bases_of(
        self, participant_id: UUID, *, agency: str | None = None
    ) -> list[SharingBasis]:
        query = select(tables.sharing_bases).where(
            tables.sharing_bases.c.participant_id == participant_id
        )
        if agency is not None:
            query = query.where(tables.sharing_bases.c.agency == agency)
        rows = await self._session.execute(
            query.order_by(tables.sharing_bases.c.valid_from, tables.sharing_bases.c.id)
        )
        return [
            SharingBasis(
                id=row.id,
                participant_id=row.participant_id,
                municipality=row.municipality,
                agency=row.agency,
                purpose=SharingPurpose(row.purpose),
                legal_basis=LegalBasis(row.legal_basis),
                valid_from=row.valid_from,
                valid_to=row.valid_to,
            )
            for row in rows
        ]


@dataclass(frozen=True)
class AccessLogEntry:
    participant_id: UUID
    municipality: str
    sub: str
    agency: str
    purpose: str
    endpoint: str
    at: datetime


class AccessLogRepository:
    """Append-only: rows are added and listed, never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, entries: list[AccessLogEntry]) -> None:
        if not entries:
            return
        await self._session.execute(
            insert(tables.access_log),
            [
                {
                    "participant_id": e.participant_id,
                    "municipality": e.municipality,
                    "sub": e.sub,
                    "agency": e.agency,
                    "purpose": e.purpose,
                    "endpoint": e.endpoint,
                    "at": e.at,
                }
                for e in entries
            ],
        )

    async def count(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.access_log)
            .where(tables.access_log.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list(self, participant_id: UUID, *, limit: int, offset: int) -> list[AccessLogEntry]:
        """Newest first."""
        rows = await self._session.execute(
            select(tables.access_log)
            .where(tables.access_log.c.participant_id == participant_id)
            .order_by(tables.access_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            AccessLogEntry(
                participant_id=row.participant_id,
                municipality=row.municipality,
                sub=row.sub,
                agency=row.agency,
                purpose=row.purpose,
                endpoint=row.endpoint,
                at=row.at,
            )
            for row in rows
        ]


# The plan's versions, contributions and reviews ----------------------------------------


@dataclass(frozen=True)
class PlanVersion:
    """A stored version of the plan with who changed it, when and why."""

    participant_id: UUID
    plan: Plan
    reason: str
    changed_by: Contributor
    changed_at: datetime
    contribution_id: UUID | None


def review_from_row(row: Any) -> Review:
    return Review(
        id=row.id,
        plan_version=row.plan_version,
        reviewed_on=row.reviewed_on,
        agencies_present=tuple(row.agencies_present),
        participant_acknowledged=row.participant_acknowledged,
        participant_disagrees=row.participant_disagrees,
        next_review_due=row.next_review_due,
        participant_comment=row.participant_comment,
        municipality_justification=row.municipality_justification,
        recorded_by_agency=row.recorded_by_agency,
    )


def _proposal_to_json(proposal: SectionProposal) -> dict[str, Any]:
    return {
        "section": proposal.section.value,
        "end_goal": proposal.end_goal.value if proposal.end_goal else None,
        "participant_group": proposal.participant_group.value
        if proposal.participant_group
        else None,
        "norwegian_goal": proposal.norwegian_goal.value if proposal.norwegian_goal else None,
        "activities": [_activity_to_json(a) for a in proposal.activities],
    }


def _proposal_from_json(data: dict[str, Any]) -> SectionProposal:
    return SectionProposal(
        section=Section(data["section"]),
        end_goal=EndGoal(data["end_goal"]) if data.get("end_goal") else None,
        participant_group=ParticipantGroup(data["participant_group"])
        if data.get("participant_group")
        else None,
        norwegian_goal=CefrLevel(data["norwegian_goal"]) if data.get("norwegian_goal") else None,
        activities=tuple(_activity_from_json(a) for a in data.get("activities") or ()),
    )


def _contribution_from_row(row: Any, municipality: str) -> Contribution:
    decided_by = (
        Contributor(row.decided_by_agency, row.decided_by) if row.decided_by is not None else None
    )
    return Contribution(
        id=row.id,
        participant_id=row.participant_id,
        municipality=municipality,
        proposal=_proposal_from_json(row.proposal),
        reason=row.reason,
        proposed_by=Contributor(row.proposed_by_agency, row.proposed_by),
        proposed_on=row.proposed_on,
        based_on_version=row.based_on_version,
        status=ContributionStatus(row.status),
        decided_by=decided_by,
        decided_on=row.decided_on,
        decision_reason=row.decision_reason,
        resulting_version=row.resulting_version,
    )


class PlanRepository:
    """The plan's history: versions, contributions and reviews."""

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
        return [self._version(row) for row in rows]

    async def get_version(self, participant_id: UUID, version: int) -> PlanVersion | None:
        versions = tables.plan_versions
        row = (
            await self._session.execute(
                select(versions).where(
                    versions.c.participant_id == participant_id, versions.c.version == version
                )
            )
        ).first()
        return self._version(row) if row is not None else None

    @staticmethod
    def _version(row: Any) -> PlanVersion:
        changed_by = Contributor(row.changed_by_agency, row.changed_by)
        plan = replace(
            _plan_from_row(row),
            reason=row.reason,
            changed_by=changed_by,
            contribution_id=row.contribution_id,
        )
        return PlanVersion(
            participant_id=row.participant_id,
            plan=plan,
            reason=row.reason,
            changed_by=changed_by,
            changed_at=row.changed_at,
            contribution_id=row.contribution_id,
        )

    async def add_contribution(self, contribution: Contribution) -> None:
        await self._session.execute(
            insert(tables.plan_contributions).values(
                id=contribution.id,
                participant_id=contribution.participant_id,
                section=contribution.proposal.section.value,
                proposal=_proposal_to_json(contribution.proposal),
                reason=contribution.reason,
                proposed_by=contribution.proposed_by.sub,
                proposed_by_agency=contribution.proposed_by.agency,
                proposed_on=contribution.proposed_on,
                based_on_version=contribution.based_on_version,
                status=contribution.status.value,
                created_at=datetime.now(UTC),
            )
        )

    async def get_contribution(
        self, participant: Participant, contribution_id: UUID
    ) -> Contribution | None:
        contributions = tables.plan_contributions
        row = (
            await self._session.execute(
                select(contributions).where(
                    contributions.c.id == contribution_id,
                    contributions.c.participant_id == participant.id,
                )
            )
        ).first()
        return _contribution_from_row(row, participant.municipality) if row else None

    def _contributions_where(
        self, participant_id: UUID, status: ContributionStatus | None
    ) -> list[ColumnElement[bool]]:
        where = [tables.plan_contributions.c.participant_id == participant_id]
        if status is not None:
            where.append(tables.plan_contributions.c.status == status.value)
        return where

    async def count_contributions(
        self, participant_id: UUID, *, status: ContributionStatus | None = None
    ) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.plan_contributions)
            .where(*self._contributions_where(participant_id, status))
        )
        return int(count or 0)

    async def list_contributions(
        self,
        participant: Participant,
        *,
        status: ContributionStatus | None = None,
        limit: int,
        offset: int,
    ) -> list[Contribution]:
        """Newest first."""
        contributions = tables.plan_contributions
        rows = await self._session.execute(
            select(contributions)
            .where(*self._contributions_where(participant.id, status))
            .order_by(contributions.c.created_at.desc(), contributions.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_contribution_from_row(row, participant.municipality) for row in rows]

    async def save_decision(self, contribution: Contribution) -> None:
        """Only an undecided contribution: a concurrent decision makes this one 409."""
        decided_by = contribution.decided_by
        assert decided_by is not None
        contributions = tables.plan_contributions
        result = await self._session.execute(
            update(contributions)
            .where(
                contributions.c.id == contribution.id,
                contributions.c.status == ContributionStatus.PROPOSED.value,
            )
            .values(
                status=contribution.status.value,
                decided_by=decided_by.sub,
                decided_by_agency=decided_by.agency,
                decided_on=contribution.decided_on,
                decision_reason=contribution.decision_reason,
                resulting_version=contribution.resulting_version,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict(
                "The contribution was decided at the same time.", code="contribution-decided"
            )

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
        return [review_from_row(row) for row in rows]


# Meetings, actions and contact persons --------------------------------------------------


def _meeting_from_row(row: Any, municipality: str) -> Meeting:
    return Meeting(
        id=row.id,
        participant_id=row.participant_id,
        municipality=municipality,
        kind=MeetingKind(row.kind),
        held_on=row.held_on,
        attendees=tuple(
            Attendee(agency=a["agency"], name=a.get("name"), role=a.get("role"))
            for a in row.attendees
        ),
        participant_present=row.participant_present,
        notes=row.notes,
        recorded_by_agency=row.recorded_by_agency,
    )


def _action_from_row(row: Any) -> Action:
    return Action(
        id=row.id,
        participant_id=row.participant_id,
        municipality=row.municipality,
        description=row.description,
        owner_agency=row.owner_agency,
        owner_unit=row.owner_unit,
        due_date=row.due_date,
        created_on=row.created_on,
        meeting_id=row.meeting_id,
        responsibility=Responsibility(row.responsibility) if row.responsibility else None,
        status=ActionStatus(row.status),
        completed_on=row.completed_on,
        completion_note=row.completion_note,
    )


def _contact_from_row(row: Any) -> ContactPerson:
    return ContactPerson(
        id=row.id,
        agency=row.agency,
        name=row.name,
        assigned_on=row.assigned_on,
        role=row.role,
        phone=row.phone,
        email=row.email,
        handover_note=row.handover_note,
        ended_on=row.ended_on,
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


class FollowUpRepository:
    """Meetings, actions and contact persons."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_meeting(self, meeting: Meeting, *, recorded_by: str) -> None:
        await self._session.execute(
            insert(tables.meetings).values(
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
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def count_meetings(self, participant_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.meetings)
            .where(tables.meetings.c.participant_id == participant_id)
        )
        return int(count or 0)

    async def list_meetings(
        self, participant: Participant, *, limit: int, offset: int
    ) -> list[tuple[Meeting, list[Action]]]:
        """Newest first, each with the actions it decided."""
        meetings = tables.meetings
        rows = await self._session.execute(
            select(meetings)
            .where(meetings.c.participant_id == participant.id)
            .order_by(meetings.c.held_on.desc(), meetings.c.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        found = [_meeting_from_row(row, participant.municipality) for row in rows]
        decided: dict[UUID, list[Action]] = {m.id: [] for m in found}
        if found:
            actions = tables.actions
            for row in await self._session.execute(
                select(actions)
                .where(actions.c.meeting_id.in_(list(decided)))
                .order_by(actions.c.created_at, actions.c.id)
            ):
                decided[row.meeting_id].append(_action_from_row(row))
        return [(m, decided[m.id]) for m in found]

    async def add_action(self, action: Action, *, recorded_by: str) -> None:
        await self._session.execute(
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
                recorded_by=recorded_by,
                created_at=datetime.now(UTC),
            )
        )

    async def get_action(self, participant_id: UUID, action_id: UUID) -> Action | None:
        actions = tables.actions
        row = (
            await self._session.execute(
                select(actions).where(
                    actions.c.id == action_id, actions.c.participant_id == participant_id
                )
            )
        ).first()
        return _action_from_row(row) if row is not None else None

    async def save_completion(self, action: Action, *, completed_by: str) -> None:
        """Only an open action: a concurrent completion makes this one 409."""
        actions = tables.actions
        result = await self._session.execute(
            update(actions)
            .where(actions.c.id == action.id, actions.c.status == ActionStatus.OPEN.value)
            .values(
                status=action.status.value,
                completed_on=action.completed_on,
                completion_note=action.completion_note,
                completed_by=completed_by,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("The action was closed at the same time.", code="action-already-closed")

    @staticmethod
    def _actions_where(query: ActionQuery, today: date) -> list[ColumnElement[bool]]:
        actions = tables.actions
        where: list[ColumnElement[bool]] = [actions.c.municipality == query.municipality]
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

    async def count_actions(self, query: ActionQuery, *, today: date) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(tables.actions)
            .where(*self._actions_where(query, today))
        )
        return int(count or 0)

    async def list_actions(
        self, query: ActionQuery, *, today: date, limit: int, offset: int
    ) -> list[Action]:
        """Soonest due first."""
        actions = tables.actions
        rows = await self._session.execute(
            select(actions)
            .where(*self._actions_where(query, today))
            .order_by(actions.c.due_date, actions.c.created_at, actions.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [_action_from_row(row) for row in rows]

    async def contacts_of(self, participant_id: UUID) -> list[ContactPerson]:
        """Every contact person, newest first."""
        contacts = tables.contacts
        rows = await self._session.execute(
            select(contacts)
            .where(contacts.c.participant_id == participant_id)
            .order_by(contacts.c.assigned_on.desc(), contacts.c.created_at.desc())
        )
        return [_contact_from_row(row) for row in rows]

    async def add_contact(
        self, participant_id: UUID, contact: ContactPerson, *, recorded_by: str
    ) -> None:
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

    async def end_contact(self, contact: ContactPerson) -> None:
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
