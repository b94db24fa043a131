"""Commands: what a caller asks volunteer-service to do (imperative, one handler each).

Keyword-only frozen dataclasses, built from request bodies in ``entrypoints/inputs.py``
(and by the seed), so every field is named where a command is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from volunteer_service.domain.activities import ActivityChanges, Attendance
from volunteer_service.domain.codes import (
    KEEP,
    ActivityKind,
    CancellationReason,
    DeactivationReason,
    EndReason,
    Keep,
    OrganisationKind,
    Party,
    Recurrence,
    Role,
    Setting,
    TargetGroup,
    VolunteerKind,
    Vulnerable,
)
from volunteer_service.domain.consent import Consent
from volunteer_service.domain.volunteers import BridgeBuilderTerms


@dataclass(frozen=True, kw_only=True)
class RegisterOrganisation:
    municipality: str
    name: str
    kind: OrganisationKind
    offers: tuple[Role, ...]
    contacts: tuple[dict[str, str], ...]
    description: str


@dataclass(frozen=True, kw_only=True)
class UpdateOrganisation:
    organisation_id: UUID
    municipality: str
    expected_version: int
    name: str | Keep = KEEP
    offers: tuple[Role, ...] | Keep = KEEP
    contacts: tuple[dict[str, str], ...] | Keep = KEEP
    description: str | Keep = KEEP


@dataclass(frozen=True, kw_only=True)
class DeactivateOrganisation:
    organisation_id: UUID
    municipality: str
    expected_version: int


@dataclass(frozen=True, kw_only=True)
class RegisterVolunteer:
    municipality: str
    kind: VolunteerKind
    organisation_id: UUID | None
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    availability: tuple[str, ...]
    roles: tuple[Role, ...]
    max_matches: int
    bridge: BridgeBuilderTerms | None
    personal: dict[str, Any]
    trainings: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True, kw_only=True)
class UpdateVolunteer:
    volunteer_id: UUID
    municipality: str
    expected_version: int
    languages: tuple[str, ...] | Keep = KEEP
    skills: tuple[str, ...] | Keep = KEEP
    interests: tuple[str, ...] | Keep = KEEP
    availability: tuple[str, ...] | Keep = KEEP
    roles: tuple[Role, ...] | Keep = KEEP
    max_matches: int | Keep = KEEP
    organisation_id: UUID | Keep | None = KEEP
    contact: dict[str, str | None] | Keep = KEEP  # name, phone, email; None removes one


@dataclass(frozen=True, kw_only=True)
class DeactivateVolunteer:
    volunteer_id: UUID
    municipality: str
    expected_version: int
    reason: DeactivationReason


@dataclass(frozen=True, kw_only=True)
class EraseVolunteer:
    volunteer_id: UUID
    municipality: str
    expected_version: int


@dataclass(frozen=True, kw_only=True)
class RecordPoliceCertificateSeen:
    volunteer_id: UUID
    municipality: str
    seen_on: date
    seen_by: str
    grounds: frozenset[Vulnerable]


@dataclass(frozen=True, kw_only=True)
class RecordTraining:
    volunteer_id: UUID
    municipality: str
    code: str
    completed_on: date


@dataclass(frozen=True, kw_only=True)
class CreateActivity:
    municipality: str
    organisation_id: UUID | None
    title: str
    kind: ActivityKind
    description: str
    target_groups: tuple[TargetGroup, ...]
    interests: tuple[str, ...]
    languages: tuple[str, ...]
    locals_take_part: bool
    recurrence: Recurrence
    weekday: str | None
    start_time: time
    end_time: time
    starts_on: date
    ends_on: date | None
    place: str
    cost_nok: int
    fee_support_available: bool
    counts_as_programme_hours: bool
    publish: bool


@dataclass(frozen=True, kw_only=True)
class UpdateActivity:
    activity_id: UUID
    municipality: str
    expected_version: int
    changes: ActivityChanges


@dataclass(frozen=True, kw_only=True)
class CancelActivity:
    activity_id: UUID
    municipality: str
    expected_version: int
    reason: CancellationReason


@dataclass(frozen=True, kw_only=True)
class PublishActivity:
    activity_id: UUID
    municipality: str


@dataclass(frozen=True, kw_only=True)
class RecordAttendance:
    activity_id: UUID
    municipality: str
    attended_on: date
    entries: tuple[Attendance, ...]
    recorded_by: str


@dataclass(frozen=True, kw_only=True)
class ProposeMatch:
    municipality: str
    participant_id: UUID
    volunteer_id: UUID
    role: Role
    setting: Setting
    involves_minors: bool
    involves_developmental_disabilities: bool
    demands_police_certificate: bool


@dataclass(frozen=True, kw_only=True)
class AcceptMatch:
    match_id: UUID
    municipality: str
    party: Party


@dataclass(frozen=True, kw_only=True)
class EndMatch:
    match_id: UUID
    municipality: str
    reason: EndReason


@dataclass(frozen=True, kw_only=True)
class EndUncoveredMatches:
    """A consent was withdrawn: end the participant's open matches that the consents
    (as they stand after the withdrawal) no longer cover on ``withdrawn_on``."""

    participant_id: UUID
    withdrawn_on: date
    consents: tuple[Consent, ...]
    # consent_withdrawn, or consent_expired when the consent lapsed
    reason: EndReason = EndReason.CONSENT_WITHDRAWN


@dataclass(frozen=True, kw_only=True)
class EndMatchesOfMoved:
    """The participant moved away from the municipality on ``moved_on``."""

    participant_id: UUID
    moved_on: date


@dataclass(frozen=True, kw_only=True)
class EndMatchesOfExited:
    """The participant's programme ended on ``ended_on`` (an exit)."""

    participant_id: UUID
    ended_on: date


@dataclass(frozen=True, kw_only=True)
class EraseParticipant:
    """plan-service erased the participant: remove what this service holds about them."""

    participant_id: UUID
    erased_on: date
    reason: str
