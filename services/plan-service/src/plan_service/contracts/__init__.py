"""The events plan-service publishes (its contracts) and their registry.

Ids, codes, dates and counts only: never names, identity numbers, contact details or
free text about a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.messaging.envelope import IntegrationEvent
from helhet_common.messaging.registry import EventRegistry
from plan_service.domain import events
from plan_service.domain.model import LeaveReason

PARTICIPANTS_TOPIC = "helhet.participants"
PLANS_TOPIC = "helhet.plans"
CONSENTS_TOPIC = "helhet.consents"

Cefr = Literal["A0", "A1", "A2", "B1", "B2", "C1"]
NaceSection = Annotated[str, Field(pattern=r"^[A-U]$")]


class ParticipantSettledV1(IntegrationEvent):
    """A participant was settled in a municipality (bosetting)."""

    event_type = "helhet.participant.settled.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    municipality: str = Field(pattern=r"^\d{4}$", description="kommunenummer")
    settlement_date: date
    birth_year: int
    household_type: Literal["single", "family"]
    languages: list[str] = Field(description="ISO 639 codes of languages spoken")


class ProgrammeStartedV1(IntegrationEvent):
    """The participant's introduction programme started."""

    event_type = "helhet.programme.started.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    regime: Literal["integreringsloven", "introduksjonsloven"]
    start_date: date
    expected_end_date: date


class PlanUpdatedV1(IntegrationEvent):
    """A new version of the participant's integration plan was saved."""

    event_type = "helhet.plan.updated.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    plan_version: int = Field(ge=1)
    end_goal: Literal["work", "education", "qualification"]
    norwegian_goal: Literal["A1", "A2", "B1", "B2", "C1"]
    activity_kinds: list[str] = Field(description="activity kind codes, in plan order")
    programme_hours_per_week: float
    saved_on: date = Field(description="the day this version was saved")


class ProgrammeExtendedV1(IntegrationEvent):
    """The programme was extended to a new expected end."""

    event_type = "helhet.programme.extended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    extension_number: int = Field(ge=1)
    previous_expected_end_date: date
    expected_end_date: date
    reason: Literal[
        "expected_to_reach_end_goal",
        "education_in_progress",
        "work_training_in_progress",
        "norwegian_training",
        "other",
    ]
    decided_on: date


class ProgrammeEndedV1(IntegrationEvent):
    """The programme ended: completed (avsluttet) or interrupted (avbrutt)."""

    event_type = "helhet.programme.ended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    completion: Literal["completed", "interrupted"]
    end_date: date
    reason: Literal[
        "end_goal_reached",
        "period_expired",
        "work",
        "education",
        "moved",
        "health",
        "own_request",
        "invalid_absence",
        "other",
    ]
    regime: Literal["integreringsloven", "introduksjonsloven"]
    start_date: date


class NorwegianLevelsV1(BaseModel):
    """A CEFR level (A0: below A1) per skill."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    listening: Cefr
    reading: Cefr
    speaking: Cefr
    writing: Cefr


class MappingRecordedV1(IntegrationEvent):
    """A new version of the participant's competence mapping (docs/decisions/0002)."""

    event_type = "helhet.mapping.recorded.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    mapping_version: int = Field(ge=1, description="increasing per participant; keep the highest")
    recorded_by_agency: str = Field(description="agency code")
    recorded_on: date
    education_level: Literal[
        "none", "primary", "secondary", "vocational", "bachelor", "master_or_higher"
    ]
    work_experience_sectors: list[NaceSection] = Field(description="NACE section letters")
    wished_sectors: list[NaceSection] = Field(
        description="NACE section letters, in the participant's order of preference"
    )
    interests: list[str] = Field(description="interest codes")
    norwegian_levels: NorwegianLevelsV1
    has_driving_licence: bool
    childcare_needs: bool


class TestResultRecordedV1(IntegrationEvent):
    """A Norwegian test (level per sub-test) or the social-studies test (passed or not)."""

    __test__ = False  # not a pytest class

    event_type = "helhet.test_result.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    test_result_id: UUID
    test: Literal["norwegian", "social_studies"]
    taken_on: date
    levels: dict[Literal["listening", "reading", "speaking", "writing"], Cefr] = Field(
        description="Norwegian: the level per sub-test taken; social studies: empty"
    )
    passed: bool | None = Field(description="social studies: passed or not; Norwegian: null")


class OutcomeRecordedV1(IntegrationEvent):
    """The participant's status after the programme: at exit, or one year after."""

    event_type = "helhet.outcome.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    measured_at: Literal["at_exit", "one_year_after"]
    status: Literal[
        "work",
        "education",
        "nav_measure",
        "qualification_programme",
        "social_assistance",
        "other",
    ]
    status_on: date
    programme_end_date: date


class ConsentGrantedV1(IntegrationEvent):
    """The participant consented to share with an employer, volunteer, mentor or
    organisation (docs/decisions/0001)."""

    event_type = "helhet.consent.granted.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    recipient_kind: Literal["employer", "volunteer", "mentor", "organisation"]
    recipient_id: str = Field(
        description="an employer's organisation number, or the recipient's id in the "
        "service that owns it"
    )
    purpose: Literal["placement", "matching", "mentoring", "social_network"]
    granted_on: date
    expires_on: date | None


class ConsentWithdrawnV1(IntegrationEvent):
    """The participant withdrew a consent (docs/decisions/0001)."""

    event_type = "helhet.consent.withdrawn.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    withdrawn_on: date


class SharingBasisRecordedV1(IntegrationEvent):
    """A public agency's legal basis for seeing the participant's data, per purpose
    (docs/decisions/0001)."""

    event_type = "helhet.sharing_basis.recorded.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    basis_id: UUID
    agency: str = Field(description="agency code")
    purpose: str = Field(description="purpose code")
    legal_basis: str = Field(description="legal basis code, e.g. integreringsloven")
    valid_from: date
    valid_to: date | None


AgencyCode = Literal["refugee-service", "learning-centre", "nav", "county", "employer", "volunteer"]
MeetingKind = Literal["three_way_talk", "case_meeting", "plan_review", "transition_dialogue"]


class PlanReviewedV1(IntegrationEvent):
    """The plan was reviewed together with the participant (docs/decisions/0003)."""

    event_type = "helhet.plan.reviewed.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    review_id: UUID
    plan_version: int = Field(ge=1, description="the plan version that was reviewed")
    reviewed_on: date
    agencies_present: list[AgencyCode] = Field(description="agencies that took part")
    nav_present: bool
    participant_acknowledged: bool = Field(
        description="the participant acknowledged the reviewed plan"
    )
    disagreement_recorded: bool = Field(
        description="the participant disagrees; the municipality's justification is recorded"
    )
    next_review_due: date


class MeetingHeldV1(IntegrationEvent):
    """A three-way talk, case meeting, plan review or NAV transition dialogue was held
    (docs/decisions/0003)."""

    event_type = "helhet.meeting.held.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    meeting_id: UUID
    kind: MeetingKind
    held_on: date
    agencies_present: list[AgencyCode]
    nav_present: bool


class ActionCreatedV1(IntegrationEvent):
    """A decision became an action with an owning unit and a due date
    (docs/decisions/0003)."""

    event_type = "helhet.action.created.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    action_id: UUID
    meeting_id: UUID | None = Field(description="the meeting that decided it, if any")
    owner_agency: AgencyCode
    owner_unit: str = Field(
        description="the owning unit's id as the municipality's organisation model names it"
    )
    responsibility: str | None = Field(
        description="the chain responsibility it serves (e.g. nav_measures), if known"
    )
    due_date: date
    created_on: date


class ActionCompletedV1(IntegrationEvent):
    """An action was done, or dropped (docs/decisions/0003)."""

    event_type = "helhet.action.completed.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    action_id: UUID
    outcome: Literal["done", "cancelled"]
    completed_on: date


class ProgrammeLeaveV1(IntegrationEvent):
    """Leave from the programme (permisjon) was granted (docs/decisions/0003)."""

    event_type = "helhet.programme.leave.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    leave_id: UUID
    reason: Literal["parental", "health", "care", "work", "other"]
    from_date: date
    to_date: date


class ParticipantMovedV1(IntegrationEvent):
    """The participant moved away from the municipality (docs/decisions/0003)."""

    event_type = "helhet.participant.moved.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    moved_on: date
    from_municipality: str = Field(pattern=r"^\d{4}$")
    to_municipality: str | None = Field(
        pattern=r"^\d{4}$", description="kommunenummer, null when abroad or unknown"
    )


# The leave reasons of decision 0003 are coarser than the ones recorded here.
LEAVE_REASONS: dict[LeaveReason, Literal["parental", "health", "care", "work", "other"]] = {
    LeaveReason.PARENTAL: "parental",
    LeaveReason.ILLNESS: "health",
    LeaveReason.CARE_FOR_RELATIVE: "care",
    LeaveReason.WORK: "work",
    LeaveReason.WELFARE: "other",
    LeaveReason.OTHER: "other",
}

registry = EventRegistry(
    [
        ParticipantSettledV1,
        ProgrammeStartedV1,
        PlanUpdatedV1,
        ProgrammeExtendedV1,
        ProgrammeEndedV1,
        MappingRecordedV1,
        TestResultRecordedV1,
        OutcomeRecordedV1,
        ConsentGrantedV1,
        ConsentWithdrawnV1,
        SharingBasisRecordedV1,
        PlanReviewedV1,
        MeetingHeldV1,
        ActionCreatedV1,
        ActionCompletedV1,
        ProgrammeLeaveV1,
        ParticipantMovedV1,
    ]
)


def translate(event: Any) -> Iterable[IntegrationEvent]:
    """Domain event -> the contracts published for it."""
    match event:
        case events.ParticipantSettled(participant=p):
            yield ParticipantSettledV1(
                participant_id=p.id,
                municipality=p.municipality,
                settlement_date=p.settlement_date,
                birth_year=p.birth_year,
                household_type=p.household_type.value,
                languages=list(p.languages),
            )
        case events.ProgrammeStarted(participant=p, programme=programme):
            yield ProgrammeStartedV1(
                participant_id=p.id,
                regime=programme.regime.value,
                start_date=programme.start_date,
                expected_end_date=programme.expected_end_date,
            )
        case events.PlanUpdated(participant=p, plan=plan, saved_on=saved_on):
            yield PlanUpdatedV1(
                participant_id=p.id,
                plan_version=plan.version,
                end_goal=plan.end_goal.value,
                norwegian_goal=plan.norwegian_goal.value,
                activity_kinds=[a.kind.value for a in plan.activities],
                programme_hours_per_week=plan.programme_hours_per_week,
                saved_on=saved_on,
            )
        case events.ProgrammeExtended(participant=p, extension=extension):
            yield ProgrammeExtendedV1(
                participant_id=p.id,
                extension_number=extension.number,
                previous_expected_end_date=extension.previous_expected_end_date,
                expected_end_date=extension.new_expected_end_date,
                reason=extension.reason.value,
                decided_on=extension.decided_on,
            )
        case events.ProgrammeEnded(participant=p, programme=programme):
            assert programme.exit is not None
            yield ProgrammeEndedV1(
                participant_id=p.id,
                completion=programme.exit.completion.value,
                end_date=programme.exit.end_date,
                reason=programme.exit.reason.value,
                regime=programme.regime.value,
                start_date=programme.start_date,
            )
        case events.MappingRecorded(participant=p, mapping=m):
            # Never m.notes: free text stays in plan-service.
            yield MappingRecordedV1(
                participant_id=p.id,
                mapping_version=m.version,
                recorded_by_agency=m.recorded_by_agency,
                recorded_on=m.recorded_on,
                education_level=m.education_level.value,
                work_experience_sectors=list(m.work_experience_sectors),
                wished_sectors=list(m.wished_sectors),
                interests=[i.value for i in m.interests],
                norwegian_levels=NorwegianLevelsV1(
                    **{skill.value: level.value for skill, level in m.norwegian_levels.items()}
                ),
                has_driving_licence=m.has_driving_licence,
                childcare_needs=m.childcare_needs,
            )
        case events.TestResultRecorded(participant=p, result=r):
            yield TestResultRecordedV1(
                participant_id=p.id,
                test_result_id=r.id,
                test=r.test.value,
                taken_on=r.taken_on,
                levels={skill.value: level.value for skill, level in r.levels.items()},
                passed=r.passed,
            )
        case events.OutcomeRecorded(participant=p, outcome=o):
            assert p.programme is not None
            assert p.programme.exit is not None
            yield OutcomeRecordedV1(
                participant_id=p.id,
                measured_at=o.measured_at.value,
                status=o.status.value,
                status_on=o.status_on,
                programme_end_date=p.programme.exit.end_date,
            )
        case events.ConsentGranted(consent=c):
            yield ConsentGrantedV1(
                participant_id=c.participant_id,
                consent_id=c.id,
                recipient_kind=c.recipient_kind.value,
                recipient_id=c.recipient_id,
                purpose=c.purpose.value,
                granted_on=c.granted_on,
                expires_on=c.expires_on,
            )
        case events.ConsentWithdrawn(consent=c):
            assert c.withdrawn_on is not None
            yield ConsentWithdrawnV1(
                participant_id=c.participant_id, consent_id=c.id, withdrawn_on=c.withdrawn_on
            )
        case events.SharingBasisRecorded(basis=b):
            yield SharingBasisRecordedV1(
                participant_id=b.participant_id,
                basis_id=b.id,
                agency=b.agency,
                purpose=b.purpose.value,
                legal_basis=b.legal_basis.value,
                valid_from=b.valid_from,
                valid_to=b.valid_to,
            )
        case events.PlanReviewed(participant=p, review=r):
            yield PlanReviewedV1(
                participant_id=p.id,
                review_id=r.id,
                plan_version=r.plan_version,
                reviewed_on=r.reviewed_on,
                agencies_present=list(r.agencies_present),
                nav_present=r.nav_present,
                participant_acknowledged=r.participant_acknowledged,
                disagreement_recorded=r.participant_disagrees,
                next_review_due=r.next_review_due,
            )
        case events.MeetingHeld(meeting=m):
            # Never the attendees' names, the minutes or whether the participant came.
            yield MeetingHeldV1(
                participant_id=m.participant_id,
                meeting_id=m.id,
                kind=m.kind.value,
                held_on=m.held_on,
                agencies_present=list(m.agencies_present),
                nav_present=m.nav_present,
            )
        case events.ActionCreated(action=a):
            # Never the description: free text stays in plan-service.
            yield ActionCreatedV1(
                participant_id=a.participant_id,
                action_id=a.id,
                meeting_id=a.meeting_id,
                owner_agency=a.owner_agency,
                owner_unit=a.owner_unit,
                responsibility=a.responsibility.value if a.responsibility else None,
                due_date=a.due_date,
                created_on=a.created_on,
            )
        case events.ActionCompleted(action=a):
            assert a.completed_on is not None
            yield ActionCompletedV1(
                participant_id=a.participant_id,
                action_id=a.id,
                outcome=a.status.value,
                completed_on=a.completed_on,
            )
        case events.LeaveGranted(participant=p, leave=leave):
            assert leave.id is not None
            yield ProgrammeLeaveV1(
                participant_id=p.id,
                leave_id=leave.id,
                reason=LEAVE_REASONS[leave.reason],
                from_date=leave.from_date,
                to_date=leave.to_date,
            )
        case events.ParticipantMoved(participant=p, move=move):
            yield ParticipantMovedV1(
                participant_id=p.id,
                moved_on=move.moved_on,
                from_municipality=p.municipality,
                to_municipality=move.to_municipality,
            )
        case _:
            raise TypeError(f"no contract for domain event {type(event).__name__}")
