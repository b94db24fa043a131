"""Domain events the aggregates record: past tense, plain values.

Each event carries what it announces (ids, codes, dates, counts), built when the change
happens, so a test can say what an event says and the contract is translated from the
event alone. No aggregate is referenced from here (and nothing here imports one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from volunteer_service.domain.codes import (
    ActivityKind,
    CancellationReason,
    DeactivationReason,
    EndReason,
    Engagement,
    Role,
    TargetGroup,
    VolunteerKind,
    Vulnerable,
)


@dataclass(frozen=True, kw_only=True)
class VolunteerRegistered:
    volunteer_id: UUID
    kind: VolunteerKind
    organisation_id: UUID | None
    roles: tuple[Role, ...]
    languages: tuple[str, ...]
    engagement: Engagement | None
    registered_on: date


@dataclass(frozen=True, kw_only=True)
class VolunteerVetted:
    volunteer_id: UUID
    seen_on: date
    grounds: frozenset[Vulnerable]


@dataclass(frozen=True, kw_only=True)
class VolunteerDeactivated:
    volunteer_id: UUID
    kind: VolunteerKind
    organisation_id: UUID | None
    deactivated_on: date
    reason: DeactivationReason
    matches_ended: int


@dataclass(frozen=True, kw_only=True)
class ActivityPublished:
    activity_id: UUID
    organisation_id: UUID | None
    kind: ActivityKind
    target_groups: tuple[TargetGroup, ...]
    locals_take_part: bool
    counts_as_programme_hours: bool
    fee_support_available: bool
    cost_nok: int
    starts_on: date
    ends_on: date | None
    published_on: date


@dataclass(frozen=True, kw_only=True)
class ActivityCancelled:
    activity_id: UUID
    organisation_id: UUID | None
    cancelled_on: date
    reason: CancellationReason
    was_published: bool


@dataclass(frozen=True, kw_only=True)
class AttendanceRecorded:
    activity_id: UUID
    participant_id: UUID
    attended_on: date
    present: bool
    hours: float | None
    counts_as_programme_hours: bool


@dataclass(frozen=True, kw_only=True)
class MatchProposed:
    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    volunteer_kind: VolunteerKind
    role: Role
    proposed_on: date


@dataclass(frozen=True, kw_only=True)
class MatchStarted:
    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    role: Role
    started_on: date


@dataclass(frozen=True, kw_only=True)
class MatchEnded:
    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    role: Role
    ended_on: date
    reason: EndReason
    was_started: bool
