"""Loads and stores the participant aggregate, consents and sharing bases, and the
access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from plan_service.adapters import tables
from plan_service.domain.errors import Conflict, ProgrammeAlreadyStarted, StalePlanVersion
from plan_service.domain.mapping import EducationLevel, Interest, LanguageLevel, Mapping, Skill
from plan_service.domain.model import (
    Activity,
    ActivityKind,
    CefrLevel,
    Completion,
    EndGoal,
    Exit,
    ExitReason,
    Extension,
    ExtensionReason,
    HouseholdType,
    Leave,
    LeaveReason,
    MeasurePoint,
    Outcome,
    OutcomeStatus,
    Participant,
    Plan,
    Programme,
    Regime,
    TestKind,
    TestResult,
)
from plan_service.domain.sharing import (
    Consent,
    ConsentPurpose,
    LegalBasis,
    RecipientKind,
    SharingBasis,
    SharingPurpose,
)


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
                Leave(from_date=row.from_date, to_date=row.to_date, reason=LeaveReason(row.reason))
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
            by_id[row.participant_id].plan = Plan(
                version=row.version,
                end_goal=EndGoal(row.end_goal),
                norwegian_goal=CefrLevel(row.norwegian_goal),
                activities=tuple(_activity_from_json(a) for a in row.activities),
            )
        return [by_id[i] for i in participant_ids if i in by_id]

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
        """Store the plan; a concurrent writer that got there first makes this stale."""
        plan = participant.plan
        assert plan is not None
        values = {
            "version": plan.version,
            "end_goal": plan.end_goal.value,
            "norwegian_goal": plan.norwegian_goal.value,
            "activities": [_activity_to_json(a) for a in plan.activities],
            "programme_hours_per_week": plan.programme_hours_per_week,
            "updated_at": datetime.now(UTC),
        }
        if plan.version == 1:
            await self._session.execute(
                insert(tables.plans).values(participant_id=participant.id, **values)
            )
            return
        result = await self._session.execute(
            update(tables.plans)
            .where(
                tables.plans.c.participant_id == participant.id,
                tables.plans.c.version == plan.version - 1,
            )
            .values(**values)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise StalePlanVersion(current=plan.version, given=plan.version - 1)

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
                "concurrent-change", "The programme was changed at the same time; try again."
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
            raise Conflict("consent-already-withdrawn", "The consent was already withdrawn.")

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
