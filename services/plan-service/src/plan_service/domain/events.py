"""Domain events the aggregates record: past tense, plain values.

Each event carries what it announces (ids, codes, dates, counts), built when the change
happens, so a test can say what an event says and the contract is translated from the
event alone. No aggregate is referenced from here (and nothing here imports one), and no
name, contact detail or free text about a person is ever put in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from plan_service.domain.codes import (
    ActionStatus,
    ActivityKind,
    CefrLevel,
    Completion,
    ConsentPurpose,
    EducationLevel,
    EndGoal,
    ExitReason,
    ExtensionReason,
    Gender,
    HouseholdType,
    Interest,
    LanguageLevel,
    LeaveReason,
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    RecipientKind,
    Regime,
    Responsibility,
    SharingPurpose,
    Skill,
    TestKind,
)

# The participant and the programme ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ParticipantSettled:
    participant_id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    gender: Gender = Gender.UNKNOWN


@dataclass(frozen=True, kw_only=True)
class ProgrammeStarted:
    participant_id: UUID
    regime: Regime
    start_date: date
    expected_end_date: date


@dataclass(frozen=True, kw_only=True)
class ProgrammeExtended:
    participant_id: UUID
    extension_number: int
    previous_expected_end_date: date
    new_expected_end_date: date
    reason: ExtensionReason
    decided_on: date


@dataclass(frozen=True, kw_only=True)
class LeaveGranted:
    participant_id: UUID
    leave_id: UUID
    reason: LeaveReason
    from_date: date
    to_date: date


@dataclass(frozen=True, kw_only=True)
class ProgrammeEnded:
    participant_id: UUID
    completion: Completion
    end_date: date
    reason: ExitReason
    regime: Regime
    start_date: date


@dataclass(frozen=True, kw_only=True)
class ParticipantMoved:
    participant_id: UUID
    moved_on: date
    from_municipality: str
    to_municipality: str | None  # None: abroad or unknown


@dataclass(frozen=True, kw_only=True)
class ParticipantGenderSet:
    """The coarse gender (statistics only) was set or corrected after settlement."""

    participant_id: UUID
    gender: Gender
    set_on: date


# The plan --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlanUpdated:
    participant_id: UUID
    plan_version: int
    end_goal: EndGoal
    norwegian_goal: CefrLevel
    activity_kinds: tuple[ActivityKind, ...]  # in plan order
    programme_hours_per_week: float
    saved_on: date  # the day this version was saved


@dataclass(frozen=True, kw_only=True)
class PlanReviewed:
    participant_id: UUID
    review_id: UUID
    plan_version: int
    reviewed_on: date
    agencies_present: tuple[str, ...]
    nav_present: bool
    participant_acknowledged: bool
    participant_disagrees: bool  # the justification is recorded, never published
    next_review_due: date


# Mapping, tests and outcomes ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MappingRecorded:
    participant_id: UUID
    mapping_version: int
    recorded_by_agency: str
    recorded_on: date
    education_level: EducationLevel
    work_experience_sectors: tuple[str, ...]
    wished_sectors: tuple[str, ...]
    interests: tuple[Interest, ...]
    norwegian_levels: dict[Skill, LanguageLevel]
    has_driving_licence: bool
    childcare_needs: bool


@dataclass(frozen=True, kw_only=True)
class TestResultRecorded:
    __test__ = False  # not a pytest class

    participant_id: UUID
    test_result_id: UUID
    test: TestKind
    taken_on: date
    levels: dict[Skill, LanguageLevel]
    passed: bool | None


@dataclass(frozen=True, kw_only=True)
class OutcomeRecorded:
    participant_id: UUID
    measured_at: MeasurePoint
    status: OutcomeStatus
    status_on: date
    programme_end_date: date
    still_in_municipality: bool | None = None


# Consents and sharing bases ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConsentGranted:
    participant_id: UUID
    consent_id: UUID
    recipient_kind: RecipientKind
    recipient_id: str
    purpose: ConsentPurpose
    granted_on: date
    expires_on: date | None


@dataclass(frozen=True, kw_only=True)
class ConsentWithdrawn:
    participant_id: UUID
    consent_id: UUID
    withdrawn_on: date


@dataclass(frozen=True, kw_only=True)
class ConsentExpired:
    participant_id: UUID
    consent_id: UUID
    expired_on: date


@dataclass(frozen=True, kw_only=True)
class SharingBasisRecorded:
    participant_id: UUID
    basis_id: UUID
    agency: str
    purpose: SharingPurpose
    legal_basis: LegalBasis
    valid_from: date
    valid_to: date | None


# Meetings and actions ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MeetingHeld:
    participant_id: UUID
    meeting_id: UUID
    kind: MeetingKind
    held_on: date
    agencies_present: tuple[str, ...]
    nav_present: bool


@dataclass(frozen=True, kw_only=True)
class ActionCreated:
    participant_id: UUID
    action_id: UUID
    meeting_id: UUID | None
    owner_agency: str
    owner_unit: str
    responsibility: Responsibility | None
    due_date: date
    created_on: date


@dataclass(frozen=True, kw_only=True)
class ActionCompleted:
    participant_id: UUID
    action_id: UUID
    outcome: ActionStatus  # done or cancelled
    completed_on: date


@dataclass(frozen=True, kw_only=True)
class LedgerEntryRecorded:
    """Attendance or absence recorded in the ledger (a correction names the entry it
    replaces). Ids, codes, a date and minutes: never free text."""

    participant_id: UUID
    entry_id: UUID
    kind: str
    on: date
    minutes: int
    code: str | None
    effect: str | None
    corrects: UUID | None
    recorded_by_agency: str


@dataclass(frozen=True, kw_only=True)
class TimetableSessionAdded:
    """A weekly session in the participant's timetable (docs/timetable.md): codes, a
    weekday, minutes and dates only."""

    participant_id: UUID
    session_id: UUID
    provider_kind: str
    weekday: int
    start_minute: int
    minutes: int
    valid_from: date
    valid_to: date | None
    recorded_by_agency: str


@dataclass(frozen=True, kw_only=True)
class TimetableSessionChanged:
    """A session's times (or last day) changed: the session as it now stands."""

    participant_id: UUID
    session_id: UUID
    provider_kind: str
    weekday: int
    start_minute: int
    minutes: int
    valid_from: date
    valid_to: date | None
    changed_by_agency: str


@dataclass(frozen=True, kw_only=True)
class TimetableSessionEnded:
    """A session was given its last day."""

    participant_id: UUID
    session_id: UUID
    valid_to: date
    ended_by_agency: str


@dataclass(frozen=True, kw_only=True)
class TimetableWeekChecked:
    """The full-time check of one week of the participant's timetable, in minutes."""

    participant_id: UUID
    week_start: date
    minutes: int
    required_minutes: int
    closed_minutes: int
    covered_minutes: int
    holiday_minutes: int = 0
    full_time: bool


@dataclass(frozen=True, kw_only=True)
class TransitionUpdated:
    """The transition checklist was set: codes and a date only."""

    participant_id: UUID
    nav_dialogue_held_on: date | None
    next_step: str | None
    receiving_kind: str | None
    complete: bool
    updated_on: date


@dataclass(frozen=True, kw_only=True)
class HandOverCreated:
    """A hand-over package went to a receiving unit under a recorded basis."""

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: str
    receiving_unit_id: str
    basis_kind: str
    basis_id: UUID
    created_on: date


@dataclass(frozen=True, kw_only=True)
class HandOverAcknowledged:
    """The receiving unit acknowledged the hand-over and owns the follow-up."""

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: str
    acknowledged_on: date
    follow_up_owner: str
    days_to_acknowledge: int


@dataclass(frozen=True, kw_only=True)
class ParticipantErased:
    """The participant's personal data was removed (docs/retention.md): every read model
    drops or anonymises the participant. ``reason``: retention_expired | request."""

    participant_id: UUID
    erased_on: date
    reason: str
