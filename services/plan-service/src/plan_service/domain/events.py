"""Domain events the participant aggregate records (past tense, plain Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plan_service.domain.follow_up import Action, Meeting, Review
    from plan_service.domain.mapping import Mapping
    from plan_service.domain.model import (
        Extension,
        Leave,
        Move,
        Outcome,
        Participant,
        Plan,
        Programme,
        TestResult,
    )
    from plan_service.domain.sharing import Consent, SharingBasis


@dataclass(frozen=True)
class ParticipantSettled:
    participant: Participant


@dataclass(frozen=True)
class ProgrammeStarted:
    participant: Participant
    programme: Programme


@dataclass(frozen=True)
class PlanUpdated:
    participant: Participant
    plan: Plan
    saved_on: date  # the day this version was saved


@dataclass(frozen=True)
class ProgrammeExtended:
    participant: Participant
    extension: Extension


@dataclass(frozen=True)
class ProgrammeEnded:
    participant: Participant
    programme: Programme


@dataclass(frozen=True)
class MappingRecorded:
    participant: Participant
    mapping: Mapping


@dataclass(frozen=True)
class TestResultRecorded:
    participant: Participant
    result: TestResult


@dataclass(frozen=True)
class OutcomeRecorded:
    participant: Participant
    outcome: Outcome


@dataclass(frozen=True)
class ConsentGranted:
    consent: Consent


@dataclass(frozen=True)
class ConsentWithdrawn:
    consent: Consent


@dataclass(frozen=True)
class SharingBasisRecorded:
    basis: SharingBasis


@dataclass(frozen=True)
class LeaveGranted:
    participant: Participant
    leave: Leave


@dataclass(frozen=True)
class ParticipantMoved:
    participant: Participant
    move: Move


@dataclass(frozen=True)
class PlanReviewed:
    participant: Participant
    review: Review


@dataclass(frozen=True)
class MeetingHeld:
    meeting: Meeting


@dataclass(frozen=True)
class ActionCreated:
    action: Action


@dataclass(frozen=True)
class ActionCompleted:
    action: Action
