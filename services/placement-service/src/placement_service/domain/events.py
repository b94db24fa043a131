"""Domain events the aggregates record: past tense, plain values.

Each event carries what it announces (ids, codes, dates, counts), built when the change
happens, so a test can say what an event says and the contract is translated from the
event alone. No aggregate is referenced from here (and nothing here imports one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from placement_service.domain.codes import (
    AgreementKind,
    Anchoring,
    EndReason,
    ExtensionReason,
    FollowUpKind,
    FollowUpOutcome,
    NavMeasureRole,
    NavMeasureType,
    NextStep,
    OpeningKind,
    Ownership,
    Purpose,
    Skill,
)


@dataclass(frozen=True, kw_only=True)
class EmployerRegistered:
    employer_id: UUID
    org_number: str
    sector: str
    nace_code: str | None
    ownership: Ownership
    capacity_cap: int | None
    agreement_kind: AgreementKind
    anchored_at: Anchoring


@dataclass(frozen=True, kw_only=True)
class OpeningPublished:
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    capacity: int
    created_by_municipality: bool
    language_requirements: dict[Skill, str]
    hours_per_week: float
    published_on: date


@dataclass(frozen=True, kw_only=True)
class OpeningFilled:
    opening_id: UUID
    employer_id: UUID
    capacity: int


@dataclass(frozen=True, kw_only=True)
class OpeningReopened:
    opening_id: UUID
    employer_id: UUID
    capacity: int


@dataclass(frozen=True, kw_only=True)
class OpeningClosed:
    opening_id: UUID
    employer_id: UUID
    closed_on: date


@dataclass(frozen=True, kw_only=True)
class PlacementStarted:
    participant_id: UUID
    placement_id: UUID
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    purpose: Purpose
    created_by_municipality: bool
    plan_version: int | None
    start_date: date
    planned_end: date
    flags: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class KindChanged:
    participant_id: UUID
    placement_id: UUID
    from_kind: OpeningKind
    to_kind: OpeningKind
    effective_date: date


@dataclass(frozen=True, kw_only=True)
class FollowUpLogged:
    participant_id: UUID
    placement_id: UUID
    visited_on: date
    kind: FollowUpKind
    outcome: FollowUpOutcome


@dataclass(frozen=True, kw_only=True)
class PlacementExtended:
    participant_id: UUID
    placement_id: UUID
    previous_end: date
    new_end: date
    reason: ExtensionReason
    flags: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NavMeasureLinked:
    participant_id: UUID
    placement_id: UUID
    measure_type: NavMeasureType
    role: NavMeasureRole
    period_from: date
    period_to: date
    rate_percent: float | None


@dataclass(frozen=True, kw_only=True)
class PlacementEnded:
    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    actual_end: date
    reason: EndReason
    next_step: NextStep
    hours_logged: float


@dataclass(frozen=True, kw_only=True)
class ParticipantHired:
    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    sector: str
    via_kind: OpeningKind
    hired_on: date


@dataclass(frozen=True, kw_only=True)
class AttendanceRecorded:
    """Attendance or absence on a day of a placement (codes, the date and minutes)."""

    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    entry_id: UUID
    on: date
    kind: str
    minutes: int
    code: str | None
    effect: str | None
    recorded_by_agency: str
