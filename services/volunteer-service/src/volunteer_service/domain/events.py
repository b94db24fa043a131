"""Domain events the aggregates record (past tense, plain Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from volunteer_service.domain.model import Activity, Match, Volunteer


@dataclass(frozen=True)
class VolunteerRegistered:
    volunteer: Volunteer


@dataclass(frozen=True)
class VolunteerVetted:
    volunteer: Volunteer


@dataclass(frozen=True)
class VolunteerDeactivated:
    volunteer: Volunteer
    matches_ended: int


@dataclass(frozen=True)
class ActivityPublished:
    activity: Activity


@dataclass(frozen=True)
class ActivityCancelled:
    activity: Activity
    was_published: bool


@dataclass(frozen=True)
class AttendanceRecorded:
    activity: Activity
    participant_id: UUID
    attended_on: date
    present: bool
    hours: float | None


@dataclass(frozen=True)
class MatchProposed:
    match: Match


@dataclass(frozen=True)
class MatchStarted:
    match: Match


@dataclass(frozen=True)
class MatchEnded:
    match: Match
