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
from plan_service.domain.codes import LeaveReason

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
    gender: Literal["female", "male", "other", "unknown"] | None = Field(
        default=None, description="coarse, for statistics only; added later, optional"
    )


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
    """The participant's status after the programme: at exit (IMDi), one year after (SSB,
    November the year after the exit), or yearly up to five years after settlement
    (``year_n`` with ``years_since_settlement``; added later, optional)."""

    event_type = "helhet.outcome.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    measured_at: Literal["at_exit", "one_year_after", "year_n"]
    status: Literal[
        "work",
        "education",
        "nav_measure",
        "qualification_programme",
        "social_assistance",
        "other",
        "moved_away",
        "unknown",
    ]
    status_on: date
    programme_end_date: date
    years_since_settlement: int | None = Field(default=None, ge=1, le=5)
    still_in_municipality: bool | None = None


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


class ConsentExpiredV1(IntegrationEvent):
    """A consent reached its expiry date without being withdrawn: from ``expired_on`` it
    no longer lets its recipient see anything, and what it was the basis for ends
    (docs/decisions/0001). Published once, by the daily ``expire-consents`` job."""

    event_type = "helhet.consent.expired.v1"
    topic = CONSENTS_TOPIC

    participant_id: UUID
    consent_id: UUID
    expired_on: date


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


class ParticipantGenderSetV1(IntegrationEvent):
    """The participant's coarse gender (statistics only) was set or corrected after
    settlement; it replaces the one in ``helhet.participant.settled.v1``."""

    event_type = "helhet.participant.gender_set.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    gender: Literal["female", "male", "other", "unknown"]
    set_on: date


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


class LedgerEntryRecordedV1(IntegrationEvent):
    """Attendance or absence on one day was recorded in the ledger; a correction names
    the entry it replaces (docs/benefit.md). Codes, a date and minutes only."""

    event_type = "helhet.ledger_entry.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    entry_id: UUID
    kind: Literal["attendance", "absence"]
    entry_date: date
    minutes: int = Field(gt=0, le=1440)
    code: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]{0,39}$",
        description="absence code; null: attendance",
    )
    effect: Literal["keeps", "reduces", "unpaid_leave"] | None = Field(
        default=None, description="what the absence does to the introduction benefit"
    )
    corrects: UUID | None = Field(default=None, description="the entry this one replaces")
    recorded_by_agency: str


ProviderKindCode = Literal[
    "learning_centre", "language_practice", "work_practice", "nav_measure", "other"
]


class TimetableSessionAddedV1(IntegrationEvent):
    """A weekly session was added to the participant's year-round timetable
    (docs/timetable.md). Codes, a weekday, minutes and dates only."""

    event_type = "helhet.timetable_session.added.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    session_id: UUID
    provider_kind: ProviderKindCode
    weekday: int = Field(ge=1, le=7, description="1 Monday to 7 Sunday")
    start_minute: int = Field(ge=0, lt=1440, description="minutes after midnight")
    minutes: int = Field(gt=0, le=1440)
    valid_from: date
    valid_to: date | None = Field(default=None, description="null: open-ended")
    recorded_by_agency: str


class TimetableSessionChangedV1(IntegrationEvent):
    """A session of the participant's timetable got new times or a new last day
    (docs/timetable.md): the session as it now stands. Codes, minutes and dates only."""

    event_type = "helhet.timetable_session.changed.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    session_id: UUID
    provider_kind: ProviderKindCode
    weekday: int = Field(ge=1, le=7, description="1 Monday to 7 Sunday")
    start_minute: int = Field(ge=0, lt=1440, description="minutes after midnight")
    minutes: int = Field(gt=0, le=1440)
    valid_from: date
    valid_to: date | None = Field(default=None, description="null: open-ended")
    changed_by_agency: str


class TimetableSessionEndedV1(IntegrationEvent):
    """A session of the participant's timetable was given its last day
    (docs/timetable.md)."""

    event_type = "helhet.timetable_session.ended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    session_id: UUID
    valid_to: date = Field(description="the session's last day")
    ended_by_agency: str


class TimetableWeekCheckedV1(IntegrationEvent):
    """The full-time check of one week of a participant's timetable (docs/timetable.md):
    announced when a week is checked, and again whenever a change to the timetable
    changes what the check says. ``full_time`` false is a week below full time."""

    event_type = "helhet.timetable_week.checked.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    week_start: date = Field(description="the week's Monday")
    minutes: int = Field(ge=0, description="the sessions' minutes that count")
    required_minutes: int = Field(ge=0, description="full time for the week's programme days")
    closed_minutes: int = Field(ge=0, description="minutes lost to closures nobody covered")
    covered_minutes: int = Field(ge=0, description="minutes of closures someone covered")
    holiday_minutes: int = Field(
        default=0,
        ge=0,
        description="the participant's own holiday: full time's share of each of its "
        "weekdays, counted in `minutes`",
    )
    full_time: bool


ReceivingKindCode = Literal["nav", "county_school", "employer"]


class TransitionUpdatedV1(IntegrationEvent):
    """The participant's transition checklist was set in the programme's last months
    (docs/timetable.md, "Transition and hand-over"). Codes and a date only."""

    event_type = "helhet.transition.updated.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    nav_dialogue_held_on: date | None = Field(default=None, description="null: not yet")
    next_step: (
        Literal[
            "work",
            "education",
            "nav_measure",
            "qualification_programme",
            "social_assistance",
            "other",
            "moved_away",
            "unknown",
        ]
        | None
    ) = Field(default=None, description="null: not agreed yet")
    receiving_kind: ReceivingKindCode | None = Field(default=None, description="null: none named")
    complete: bool = Field(description="the dialogue held, the next step agreed, a unit named")
    updated_on: date


class HandOverCreatedV1(IntegrationEvent):
    """A hand-over package went to a receiving unit under a recorded basis (a sharing
    basis, or the participant's consent for an employer). The package stays in
    plan-service."""

    event_type = "helhet.hand_over.created.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: ReceivingKindCode
    receiving_unit_id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        description="the receiving unit's code (an employer: its organisation number)",
    )
    basis_kind: Literal["sharing_basis", "consent"]
    basis_id: UUID
    created_on: date


class HandOverAcknowledgedV1(IntegrationEvent):
    """The receiving unit acknowledged the hand-over: it owns the follow-up from now."""

    event_type = "helhet.hand_over.acknowledged.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: ReceivingKindCode
    acknowledged_on: date
    follow_up_owner: str = Field(description="agency code of the follow-up's owner")
    days_to_acknowledge: int = Field(ge=0)


class ParticipantErasedV1(IntegrationEvent):
    """The participant's personal data was erased in plan-service, after the retention
    period or at the participant's request (docs/retention.md). Every service drops or
    anonymises what it holds about the participant; ids, codes and dates for statistics
    may stay."""

    event_type = "helhet.participant.erased.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    erased_on: date
    reason: Literal["retention_expired", "request"]


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
        ConsentExpiredV1,
        SharingBasisRecordedV1,
        PlanReviewedV1,
        MeetingHeldV1,
        ActionCreatedV1,
        ActionCompletedV1,
        ProgrammeLeaveV1,
        ParticipantMovedV1,
        ParticipantGenderSetV1,
        LedgerEntryRecordedV1,
        ParticipantErasedV1,
        TimetableSessionAddedV1,
        TimetableSessionChangedV1,
        TimetableSessionEndedV1,
        TimetableWeekCheckedV1,
        TransitionUpdatedV1,
        HandOverCreatedV1,
        HandOverAcknowledgedV1,
    ]
)


def translate(event: Any) -> Iterable[IntegrationEvent]:
    """Domain event -> the contracts published for it (read from the event alone)."""
    match event:
        case events.ParticipantSettled():
            yield ParticipantSettledV1(
                participant_id=event.participant_id,
                municipality=event.municipality,
                settlement_date=event.settlement_date,
                birth_year=event.birth_year,
                household_type=event.household_type.value,
                languages=list(event.languages),
                gender=event.gender.value,
            )
        case events.ProgrammeStarted():
            yield ProgrammeStartedV1(
                participant_id=event.participant_id,
                regime=event.regime.value,
                start_date=event.start_date,
                expected_end_date=event.expected_end_date,
            )
        case events.PlanUpdated():
            yield PlanUpdatedV1(
                participant_id=event.participant_id,
                plan_version=event.plan_version,
                end_goal=event.end_goal.value,
                norwegian_goal=event.norwegian_goal.value,
                activity_kinds=[kind.value for kind in event.activity_kinds],
                programme_hours_per_week=event.programme_hours_per_week,
                saved_on=event.saved_on,
            )
        case events.ProgrammeExtended():
            yield ProgrammeExtendedV1(
                participant_id=event.participant_id,
                extension_number=event.extension_number,
                previous_expected_end_date=event.previous_expected_end_date,
                expected_end_date=event.new_expected_end_date,
                reason=event.reason.value,
                decided_on=event.decided_on,
            )
        case events.ProgrammeEnded():
            yield ProgrammeEndedV1(
                participant_id=event.participant_id,
                completion=event.completion.value,
                end_date=event.end_date,
                reason=event.reason.value,
                regime=event.regime.value,
                start_date=event.start_date,
            )
        case events.MappingRecorded():
            yield MappingRecordedV1(
                participant_id=event.participant_id,
                mapping_version=event.mapping_version,
                recorded_by_agency=event.recorded_by_agency,
                recorded_on=event.recorded_on,
                education_level=event.education_level.value,
                work_experience_sectors=list(event.work_experience_sectors),
                wished_sectors=list(event.wished_sectors),
                interests=[i.value for i in event.interests],
                norwegian_levels=NorwegianLevelsV1(
                    **{skill.value: level.value for skill, level in event.norwegian_levels.items()}
                ),
                has_driving_licence=event.has_driving_licence,
                childcare_needs=event.childcare_needs,
            )
        case events.TestResultRecorded():
            yield TestResultRecordedV1(
                participant_id=event.participant_id,
                test_result_id=event.test_result_id,
                test=event.test.value,
                taken_on=event.taken_on,
                levels={skill.value: level.value for skill, level in event.levels.items()},
                passed=event.passed,
            )
        case events.OutcomeRecorded():
            yield OutcomeRecordedV1(
                participant_id=event.participant_id,
                measured_at=event.measured_at.code,
                status=event.status.value,
                status_on=event.status_on,
                programme_end_date=event.programme_end_date,
                years_since_settlement=event.measured_at.years_since_settlement,
                still_in_municipality=event.still_in_municipality,
            )
        case events.ConsentGranted():
            yield ConsentGrantedV1(
                participant_id=event.participant_id,
                consent_id=event.consent_id,
                recipient_kind=event.recipient_kind.value,
                recipient_id=event.recipient_id,
                purpose=event.purpose.value,
                granted_on=event.granted_on,
                expires_on=event.expires_on,
            )
        case events.ParticipantErased():
            yield ParticipantErasedV1(
                participant_id=event.participant_id,
                erased_on=event.erased_on,
                reason=event.reason,
            )
        case events.ConsentWithdrawn():
            yield ConsentWithdrawnV1(
                participant_id=event.participant_id,
                consent_id=event.consent_id,
                withdrawn_on=event.withdrawn_on,
            )
        case events.ConsentExpired():
            yield ConsentExpiredV1(
                participant_id=event.participant_id,
                consent_id=event.consent_id,
                expired_on=event.expired_on,
            )
        case events.SharingBasisRecorded():
            yield SharingBasisRecordedV1(
                participant_id=event.participant_id,
                basis_id=event.basis_id,
                agency=event.agency,
                purpose=event.purpose.value,
                legal_basis=event.legal_basis.value,
                valid_from=event.valid_from,
                valid_to=event.valid_to,
            )
        case events.PlanReviewed():
            yield PlanReviewedV1(
                participant_id=event.participant_id,
                review_id=event.review_id,
                plan_version=event.plan_version,
                reviewed_on=event.reviewed_on,
                agencies_present=list(event.agencies_present),
                nav_present=event.nav_present,
                participant_acknowledged=event.participant_acknowledged,
                disagreement_recorded=event.participant_disagrees,
                next_review_due=event.next_review_due,
            )
        case events.MeetingHeld():
            yield MeetingHeldV1(
                participant_id=event.participant_id,
                meeting_id=event.meeting_id,
                kind=event.kind.value,
                held_on=event.held_on,
                agencies_present=list(event.agencies_present),
                nav_present=event.nav_present,
            )
        case events.ActionCreated():
            yield ActionCreatedV1(
                participant_id=event.participant_id,
                action_id=event.action_id,
                meeting_id=event.meeting_id,
                owner_agency=event.owner_agency,
                owner_unit=event.owner_unit,
                responsibility=event.responsibility.value if event.responsibility else None,
                due_date=event.due_date,
                created_on=event.created_on,
            )
        case events.ActionCompleted():
            yield ActionCompletedV1(
                participant_id=event.participant_id,
                action_id=event.action_id,
                outcome=event.outcome.value,
                completed_on=event.completed_on,
            )
        case events.LeaveGranted():
            yield ProgrammeLeaveV1(
                participant_id=event.participant_id,
                leave_id=event.leave_id,
                reason=LEAVE_REASONS[event.reason],
                from_date=event.from_date,
                to_date=event.to_date,
            )
        case events.ParticipantGenderSet():
            yield ParticipantGenderSetV1(
                participant_id=event.participant_id, gender=event.gender.value, set_on=event.set_on
            )
        case events.ParticipantMoved():
            yield ParticipantMovedV1(
                participant_id=event.participant_id,
                moved_on=event.moved_on,
                from_municipality=event.from_municipality,
                to_municipality=event.to_municipality,
            )
        case events.LedgerEntryRecorded():
            yield LedgerEntryRecordedV1(
                participant_id=event.participant_id,
                entry_id=event.entry_id,
                kind=event.kind,
                entry_date=event.on,
                minutes=event.minutes,
                code=event.code,
                effect=event.effect,
                corrects=event.corrects,
                recorded_by_agency=event.recorded_by_agency,
            )
        case events.TimetableSessionAdded():
            yield TimetableSessionAddedV1(
                participant_id=event.participant_id,
                session_id=event.session_id,
                provider_kind=event.provider_kind,
                weekday=event.weekday,
                start_minute=event.start_minute,
                minutes=event.minutes,
                valid_from=event.valid_from,
                valid_to=event.valid_to,
                recorded_by_agency=event.recorded_by_agency,
            )
        case events.TimetableSessionChanged():
            yield TimetableSessionChangedV1(
                participant_id=event.participant_id,
                session_id=event.session_id,
                provider_kind=event.provider_kind,
                weekday=event.weekday,
                start_minute=event.start_minute,
                minutes=event.minutes,
                valid_from=event.valid_from,
                valid_to=event.valid_to,
                changed_by_agency=event.changed_by_agency,
            )
        case events.TimetableSessionEnded():
            yield TimetableSessionEndedV1(
                participant_id=event.participant_id,
                session_id=event.session_id,
                valid_to=event.valid_to,
                ended_by_agency=event.ended_by_agency,
            )
        case events.TimetableWeekChecked():
            yield TimetableWeekCheckedV1(
                participant_id=event.participant_id,
                week_start=event.week_start,
                minutes=event.minutes,
                required_minutes=event.required_minutes,
                closed_minutes=event.closed_minutes,
                covered_minutes=event.covered_minutes,
                holiday_minutes=event.holiday_minutes,
                full_time=event.full_time,
            )
        case events.TransitionUpdated():
            yield TransitionUpdatedV1(
                participant_id=event.participant_id,
                nav_dialogue_held_on=event.nav_dialogue_held_on,
                next_step=event.next_step,
                receiving_kind=event.receiving_kind,
                complete=event.complete,
                updated_on=event.updated_on,
            )
        case events.HandOverCreated():
            yield HandOverCreatedV1(
                participant_id=event.participant_id,
                hand_over_id=event.hand_over_id,
                receiving_kind=event.receiving_kind,
                receiving_unit_id=event.receiving_unit_id,
                basis_kind=event.basis_kind,
                basis_id=event.basis_id,
                created_on=event.created_on,
            )
        case events.HandOverAcknowledged():
            yield HandOverAcknowledgedV1(
                participant_id=event.participant_id,
                hand_over_id=event.hand_over_id,
                receiving_kind=event.receiving_kind,
                acknowledged_on=event.acknowledged_on,
                follow_up_owner=event.follow_up_owner,
                days_to_acknowledge=event.days_to_acknowledge,
            )
        case _:
            raise TypeError(f"no contract for domain event {type(event).__name__}")
