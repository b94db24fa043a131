"""Tolerant models of the plan-service events volunteer-service reads (unknown fields
ignored): settlement facts, the competence mapping's interests, consents.

plan-service owns these contracts (docs/decisions/0001 and 0002); these models take only
the fields the participant-profile and consent projection needs.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from helhet_common.access.contracts import SharingBasisRecorded as SharingBasisRecorded
from helhet_common.consent.contracts import CONSENTS_TOPIC as CONSENTS_TOPIC
from helhet_common.consent.contracts import ConsentExpired as ConsentExpired
from helhet_common.consent.contracts import ConsentGranted as ConsentGranted
from helhet_common.consent.contracts import ConsentWithdrawn as ConsentWithdrawn
from helhet_common.erasure import ERASED_EVENT
from helhet_common.messaging.envelope import TolerantEvent
from helhet_common.messaging.registry import EventRegistry

PARTICIPANTS_TOPIC = "helhet.participants"
PLANS_TOPIC = "helhet.plans"


class ParticipantSettled(TolerantEvent):
    event_type = "helhet.participant.settled.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    municipality: str = Field(pattern=r"^\d{4}$")
    settlement_date: date | None = None
    birth_year: int | None = None
    household_type: str | None = None
    languages: list[str] = []


class ParticipantMoved(TolerantEvent):
    event_type = "helhet.participant.moved.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    moved_on: date


class ProgrammeEnded(TolerantEvent):
    """The programme ended (completed or interrupted): an exit."""

    event_type = "helhet.programme.ended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    end_date: date
    completion: str | None = None
    reason: str | None = None


class ParticipantErased(TolerantEvent):
    """plan-service erased the participant (retention expired, or on request): this
    service removes what it holds about them."""

    event_type = ERASED_EVENT
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    erased_on: date
    reason: Literal["retention_expired", "request"]


class MappingRecorded(TolerantEvent):
    event_type = "helhet.mapping.recorded.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    mapping_version: int = Field(ge=1)
    interests: list[str] = []


registry = EventRegistry(
    [
        ParticipantSettled,
        MappingRecorded,
        ParticipantMoved,
        ProgrammeEnded,
        ParticipantErased,
        ConsentGranted,
        ConsentWithdrawn,
        ConsentExpired,
        SharingBasisRecorded,
    ]
)
