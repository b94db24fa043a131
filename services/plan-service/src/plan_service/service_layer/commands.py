"""Commands: what a caller asks plan-service to do (imperative, one handler each).

Keyword-only frozen dataclasses: a command is built by naming every field
(``entrypoints/inputs.py`` builds them from the request bodies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from uuid import UUID

from plan_service.domain.attendance import CodeList, EntryKind
from plan_service.domain.benefit import GTable
from plan_service.domain.codes import (
    ActionStatus,
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
    LegalBasis,
    MeasurePoint,
    MeetingKind,
    OutcomeStatus,
    ParticipantGroup,
    RecipientKind,
    Regime,
    Responsibility,
    SharingPurpose,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import Attendee
from plan_service.domain.handover import ReceivingKind
from plan_service.domain.plans import Activity, SectionProposal
from plan_service.domain.programmes import Leave
from plan_service.domain.sharing import Caller
from plan_service.domain.timetable import ClosureKind, ProviderKind


@dataclass(frozen=True, kw_only=True)
class SettleParticipant:
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    personal: dict[str, Any]
    person_sub: str | None = None
    gender: Gender = Gender.UNKNOWN
    caller: Caller | None = None  # None: an internal call (seed, tests), not an HTTP caller
    participant_id: UUID | None = None  # a fixed id (the demo seed); else a new UUIDv7


@dataclass(frozen=True, kw_only=True)
class StartProgramme:
    participant_id: UUID
    municipality: str
    regime: Regime
    start_date: date
    expected_end_date: date
    caller: Caller | None = None


@dataclass(frozen=True, kw_only=True)
class UpdatePlan:
    participant_id: UUID
    municipality: str
    expected_version: int
    end_goal: EndGoal
    norwegian_goal: CefrLevel
    activities: tuple[Activity, ...]
    caller: Caller | None = None
    participant_group: ParticipantGroup | None = None
    heavy_self_study: bool = False
    reason: str | None = None  # required for every change after the first


@dataclass(frozen=True, kw_only=True)
class LinkLogin:
    """Give a participant their own login (an internal call: the demo seed)."""

    participant_id: UUID
    municipality: str
    person_sub: str


@dataclass(frozen=True, kw_only=True)
class SetGender:
    caller: Caller
    participant_id: UUID
    gender: Gender


@dataclass(frozen=True, kw_only=True)
class LinkNationalId:
    """Link the national identity number the participant signs in with (ID-porten)."""

    caller: Caller
    participant_id: UUID
    national_id: str = field(repr=False)


# The commands below always name their caller: what they record says who did it.
# A date left out (None) means today.


@dataclass(frozen=True, kw_only=True)
class ExtendProgramme:
    caller: Caller
    participant_id: UUID
    new_expected_end_date: date
    reason: ExtensionReason
    decided_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class RecordLeave:
    caller: Caller
    participant_id: UUID
    leave: Leave


@dataclass(frozen=True, kw_only=True)
class EndProgramme:
    caller: Caller
    participant_id: UUID
    completion: Completion
    end_date: date
    reason: ExitReason


@dataclass(frozen=True, kw_only=True)
class RecordMapping:
    """A new version of the mapping (its number is the participant's next)."""

    caller: Caller
    participant_id: UUID
    recorded_by_agency: str  # the caller's agency, as the API records it
    recorded_on: date | None  # None: today
    education_level: EducationLevel
    work_experience_sectors: tuple[str, ...]
    wished_sectors: tuple[str, ...]
    interests: tuple[Interest, ...]
    norwegian_levels: dict[Skill, LanguageLevel]
    has_driving_licence: bool
    childcare_needs: bool
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordTestResult:
    caller: Caller
    participant_id: UUID
    test: TestKind
    taken_on: date
    levels: dict[Skill, LanguageLevel]
    passed: bool | None


@dataclass(frozen=True, kw_only=True)
class RecordOutcome:
    caller: Caller
    participant_id: UUID
    measured_at: MeasurePoint
    status: OutcomeStatus
    status_on: date
    still_in_municipality: bool | None = None


@dataclass(frozen=True, kw_only=True)
class GrantConsent:
    caller: Caller
    participant_id: UUID
    recipient_kind: RecipientKind
    recipient_id: str
    purpose: ConsentPurpose
    granted_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawConsent:
    caller: Caller
    participant_id: UUID
    consent_id: UUID
    withdrawn_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class AnnounceLapsedConsents:
    """The daily job: announce every consent that expired by today (at most ``limit``)."""

    limit: int = 500


@dataclass(frozen=True, kw_only=True)
class RecordSharingBasis:
    caller: Caller
    participant_id: UUID
    agency: str
    purpose: SharingPurpose
    legal_basis: LegalBasis
    valid_from: date | None = None
    valid_to: date | None = None


# The plan as a shared document --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProposeContribution:
    caller: Caller
    participant_id: UUID
    proposal: SectionProposal
    reason: str


@dataclass(frozen=True, kw_only=True)
class AcceptContribution:
    caller: Caller
    participant_id: UUID
    contribution_id: UUID
    reason: str | None = None  # default: the contribution's reason


@dataclass(frozen=True, kw_only=True)
class RejectContribution:
    caller: Caller
    participant_id: UUID
    contribution_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReviewPlan:
    caller: Caller
    participant_id: UUID
    agencies_present: tuple[str, ...]
    participant_acknowledged: bool
    participant_disagrees: bool = False
    participant_comment: str | None = None
    municipality_justification: str | None = None
    reviewed_on: date | None = None
    next_review_due: date | None = None  # default: six months after the review


# Meetings, actions, contacts, moving away ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Decision:
    """What a meeting decided: it becomes an action."""

    description: str
    owner_agency: str
    owner_unit: str
    due_date: date
    responsibility: Responsibility | None = None


@dataclass(frozen=True, kw_only=True)
class HoldMeeting:
    caller: Caller
    participant_id: UUID
    kind: MeetingKind
    held_on: date
    attendees: tuple[Attendee, ...]
    participant_present: bool = False
    notes: str | None = None
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CreateAction:
    caller: Caller
    participant_id: UUID
    decision: Decision
    created_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class CompleteAction:
    caller: Caller
    participant_id: UUID
    action_id: UUID
    outcome: ActionStatus
    completed_on: date | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class AssignContact:
    caller: Caller
    participant_id: UUID
    agency: str
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    assigned_on: date | None = None
    handover_note: str | None = None


@dataclass(frozen=True, kw_only=True)
class MoveAway:
    caller: Caller
    participant_id: UUID
    to_municipality: str | None
    moved_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class ImportParticipant:
    """Settle, or correct the records of, the participant another system knows as
    ``external_id`` (e.g. Visma Flyktning's person number), in the caller's municipality.
    ``dry_run``: say what would happen, change nothing."""

    source: str
    external_id: str
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    personal: dict[str, Any]
    reason: str
    caller: Caller
    dry_run: bool = False


@dataclass(frozen=True, kw_only=True)
class ImportParticipants:
    """Many ``ImportParticipant`` (distinct external ids) in one unit of work."""

    caller: Caller
    records: tuple[ImportParticipant, ...]


# The attendance and absence ledger, and the introduction benefit -----------------------


@dataclass(frozen=True, kw_only=True)
class RecordLedgerEntry:
    caller: Caller
    participant_id: UUID
    entry_id: UUID
    kind: EntryKind
    on: date
    minutes: int
    code: str | None
    codes: CodeList
    corrects: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class ExportBenefitMonth:
    caller: Caller
    month: date
    g_table: GTable


# The year-round timetable ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AddSession:
    caller: Caller
    participant_id: UUID
    provider_kind: ProviderKind
    provider_id: str
    weekday: int
    starts: time
    ends: time
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, kw_only=True)
class ChangeSession:
    caller: Caller
    participant_id: UUID
    session_id: UUID
    starts: time | None = None
    ends: time | None = None
    valid_to: date | None = None


@dataclass(frozen=True, kw_only=True)
class EndSession:
    caller: Caller
    participant_id: UUID
    session_id: UUID
    last_day: date


@dataclass(frozen=True, kw_only=True)
class RecordHoliday:
    caller: Caller
    participant_id: UUID
    from_date: date
    to_date: date


@dataclass(frozen=True, kw_only=True)
class RecordClosure:
    caller: Caller
    provider_kind: ProviderKind
    provider_id: str
    kind: ClosureKind
    from_date: date
    to_date: date
    covered_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class CheckWeek:
    """The full-time check of every participant of the caller's municipality (or of the
    municipality, for a job) in a programme during the week beginning ``week_start``."""

    week_start: date
    caller: Caller | None = None
    municipality: str | None = None


# Transition and hand-over ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SetTransition:
    caller: Caller
    participant_id: UUID
    months: int
    nav_dialogue_held_on: date | None = None
    next_step: OutcomeStatus | None = None
    receiving_kind: ReceivingKind | None = None
    receiving_unit_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class HandOverParticipant:
    caller: Caller
    participant_id: UUID
    months: int
    receiving_kind: ReceivingKind
    receiving_unit_id: str
    participant_comment: str | None = None


@dataclass(frozen=True, kw_only=True)
class AcknowledgeHandOver:
    caller: Caller
    participant_id: UUID
    hand_over_id: UUID
