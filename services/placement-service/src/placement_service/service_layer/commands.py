"""Commands: what a caller asks placement-service to do (imperative, one handler each).

Keyword-only frozen dataclasses: a command is built by naming every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from helhet_common.absence_codes import CodeList
from placement_service.domain.codes import (
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    GeoPoint,
    HistoryKind,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    Ownership,
    Purpose,
    Skill,
)
from placement_service.domain.employers import Agreement, ContactPerson, Location, MunicipalContact
from placement_service.domain.openings import Schedule
from placement_service.domain.placements import FollowUpPlan, LanguageAgreement
from placement_service.domain.profiles import Consent


@dataclass(frozen=True, kw_only=True)
class RegisterEmployer:
    municipality: str
    org_number: str
    name: str
    sector: str
    nace_code: str | None
    ownership: Ownership
    capacity_cap: int | None
    agreement: Agreement
    responsible: MunicipalContact | None
    locations: tuple[Location, ...]
    contacts: tuple[ContactPerson, ...]


@dataclass(frozen=True, kw_only=True)
class UpdateEmployer:
    employer_id: UUID
    municipality: str
    expected_version: int
    name: str | None = None
    capacity_cap: int | None = None
    clear_capacity_cap: bool = False
    agreement: Agreement | None = None
    responsible: MunicipalContact | None = None


@dataclass(frozen=True, kw_only=True)
class AddLocation:
    employer_id: UUID
    municipality: str
    location: Location


@dataclass(frozen=True, kw_only=True)
class AddContact:
    employer_id: UUID
    municipality: str
    contact: ContactPerson
    recorded_by: str


@dataclass(frozen=True, kw_only=True)
class RecordContactLeft:
    employer_id: UUID
    municipality: str
    contact_id: UUID
    left_on: date
    recorded_by: str


@dataclass(frozen=True, kw_only=True)
class LogEmployerHistory:
    employer_id: UUID
    municipality: str
    occurred_on: date
    kind: HistoryKind
    summary: str
    recorded_by: str
    participant_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class PublishOpening:
    municipality: str
    employer_id: UUID
    location_id: UUID | None
    kind: OpeningKind
    sector: str | None
    title: str
    schedule: Schedule
    language_requirements: Mapping[Skill, str]
    capacity: int
    created_by_municipality: bool


@dataclass(frozen=True, kw_only=True)
class CloseOpening:
    opening_id: UUID
    municipality: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class StartPlacement:
    municipality: str
    participant_id: UUID
    opening_id: UUID
    purpose: Purpose
    learning_goals: tuple[str, ...]
    language_agreement: LanguageAgreement
    follow_up_plan: FollowUpPlan
    start_date: date
    planned_end: date


@dataclass(frozen=True, kw_only=True)
class ChangeKind:
    placement_id: UUID
    municipality: str
    to_kind: OpeningKind
    effective_date: date
    reason: str | None
    follow_up_by_unit: str | None


@dataclass(frozen=True, kw_only=True)
class LogFollowUp:
    placement_id: UUID
    municipality: str
    visited_on: date
    kind: FollowUpKind
    by_unit: str
    outcome: FollowUpOutcome
    note: str | None


@dataclass(frozen=True, kw_only=True)
class HoursLine:
    worked_on: date
    hours: float
    confirmed: bool = False


@dataclass(frozen=True, kw_only=True)
class LogHours:
    placement_id: UUID
    municipality: str
    entries: tuple[HoursLine, ...]


@dataclass(frozen=True, kw_only=True)
class RecordAttendance:
    """Attendance or absence on a day of the placement, by its employer's contact person
    or its follow-up staff; ``codes`` is the municipality's absence code list."""

    placement_id: UUID
    municipality: str
    entry_id: UUID
    on: date
    kind: str
    minutes: int
    code: str | None
    codes: CodeList
    recorded_by: str
    recorded_by_agency: str


@dataclass(frozen=True, kw_only=True)
class ExtendPlacement:
    placement_id: UUID
    municipality: str
    new_end: date
    reason: ExtensionReason


@dataclass(frozen=True, kw_only=True)
class LinkNavMeasure:
    placement_id: UUID
    municipality: str
    type: NavMeasureType
    role: NavMeasureRole
    period_from: date
    period_to: date
    rate_percent: float | None


@dataclass(frozen=True, kw_only=True)
class EndPlacement:
    placement_id: UUID
    municipality: str
    actual_end: date
    reason: EndReason
    next_step: NextStep


@dataclass(frozen=True, kw_only=True)
class MatchOpenings:
    municipality: str
    participant_id: UUID
    home: GeoPoint | None


@dataclass(frozen=True, kw_only=True)
class EndUncoveredPlacements:
    """A consent was withdrawn: end the participant's running placements that the
    consents (as they stand after the withdrawal) no longer cover on ``withdrawn_on``."""

    participant_id: UUID
    withdrawn_on: date
    consents: tuple[Consent, ...]
    # consent_withdrawn, or consent_expired when the consent lapsed
    reason: EndReason = EndReason.CONSENT_WITHDRAWN


@dataclass(frozen=True, kw_only=True)
class EndPlacementsOfMoved:
    """The participant moved away from the municipality on ``moved_on``."""

    participant_id: UUID
    moved_on: date


@dataclass(frozen=True, kw_only=True)
class EndPlacementsOfExited:
    """The participant's programme ended on ``ended_on`` (an exit)."""

    participant_id: UUID
    ended_on: date


@dataclass(frozen=True, kw_only=True)
class EraseParticipant:
    """plan-service erased the participant: remove what this service holds about them."""

    participant_id: UUID
    erased_on: date
    reason: str
