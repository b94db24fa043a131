"""The events volunteer-service publishes on ``helhet.volunteering``, and their registry.

Ids, codes, dates and counts only: never names, contact details or free text about a
volunteer or a participant. The events it reads from plan-service are in ``consumed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from helhet_common.access.contracts import AccessRecordedV1, access_recorded
from helhet_common.access.recorder import AccessRecorded
from helhet_common.messaging.envelope import IntegrationEvent
from helhet_common.messaging.registry import EventRegistry
from volunteer_service.domain import events

TOPIC = "helhet.volunteering"

RoleCode = Literal[
    "guide",
    "mentor",
    "host_family",
    "friend_family",
    "homework_help",
    "language_practice",
    "transport",
    "bridge_builder",
    "language_support",
]
VolunteerKindCode = Literal["volunteer", "bridge_builder"]


class VolunteerRegisteredV1(IntegrationEvent):
    """A volunteer or bridge-builder was registered (no name or contact details)."""

    event_type = "helhet.volunteer.registered.v1"
    topic = TOPIC

    volunteer_id: UUID
    kind: VolunteerKindCode
    organisation_id: UUID | None
    roles: list[RoleCode]
    languages: list[str] = Field(description="ISO 639 codes")
    engagement: Literal["paid", "practice", "voluntary"] | None = Field(
        description="bridge-builders only"
    )
    registered_on: date


class VolunteerVettedV1(IntegrationEvent):
    """A police certificate was seen for the volunteer (that it was seen, never the document)."""

    event_type = "helhet.volunteer.vetted.v1"
    topic = TOPIC

    volunteer_id: UUID
    seen_on: date
    grounds: list[Literal["minors", "developmental_disabilities"]]


class VolunteerDeactivatedV1(IntegrationEvent):
    """A volunteer stopped or was erased: no longer suggested or matched (a reason code)."""

    event_type = "helhet.volunteer.deactivated.v1"
    topic = TOPIC

    volunteer_id: UUID
    kind: VolunteerKindCode
    organisation_id: UUID | None
    deactivated_on: date
    reason: Literal["stopped", "moved", "not_suitable", "other", "erasure_requested"]
    matches_ended: int = Field(ge=0, description="open matches ended with volunteer_left")


class ActivityPublishedV1(IntegrationEvent):
    """An activity or meeting place was published."""

    event_type = "helhet.activity.published.v1"
    topic = TOPIC

    activity_id: UUID
    organisation_id: UUID | None
    kind: str
    target_groups: list[Literal["singles", "youth", "women", "families", "everyone"]]
    locals_take_part: bool
    counts_as_programme_hours: bool
    fee_support_available: bool
    cost_nok: int = Field(ge=0)
    starts_on: date
    ends_on: date | None
    published_on: date


class ActivityCancelledV1(IntegrationEvent):
    """An activity was cancelled: no longer offered, and no new attendance."""

    event_type = "helhet.activity.cancelled.v1"
    topic = TOPIC

    activity_id: UUID
    organisation_id: UUID | None
    cancelled_on: date
    reason: Literal[
        "no_longer_offered", "too_few_participants", "no_venue", "no_volunteers", "other"
    ]
    was_published: bool


class AttendanceRecordedV1(IntegrationEvent):
    """A participant's attendance at one session of an activity."""

    event_type = "helhet.attendance.recorded.v1"
    topic = TOPIC

    participant_id: UUID
    activity_id: UUID
    attended_on: date
    present: bool
    hours: float | None = Field(description="hours counted; null when not counted")
    counts_as_programme_hours: bool


class MatchProposedV1(IntegrationEvent):
    """A participant and a volunteer were proposed for a role."""

    event_type = "helhet.match.proposed.v1"
    topic = TOPIC

    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    volunteer_kind: VolunteerKindCode
    role: RoleCode
    proposed_on: date


class MatchStartedV1(IntegrationEvent):
    """Both sides accepted: the match runs."""

    event_type = "helhet.match.started.v1"
    topic = TOPIC

    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    role: RoleCode
    started_on: date


class MatchEndedV1(IntegrationEvent):
    """The match ended (or a proposal was declined), with the reason's code."""

    event_type = "helhet.match.ended.v1"
    topic = TOPIC

    match_id: UUID
    participant_id: UUID
    volunteer_id: UUID
    role: RoleCode
    ended_on: date
    reason: Literal[
        "completed",
        "participant_declined",
        "volunteer_declined",
        "participant_moved",
        "volunteer_unavailable",
        "not_a_good_fit",
        "consent_withdrawn",
        "other",
        "volunteer_left",
        "consent_expired",
        "programme_ended",
    ]
    was_started: bool


registry = EventRegistry(
    [
        VolunteerRegisteredV1,
        VolunteerVettedV1,
        VolunteerDeactivatedV1,
        ActivityPublishedV1,
        ActivityCancelledV1,
        AttendanceRecordedV1,
        MatchProposedV1,
        MatchStartedV1,
        MatchEndedV1,
        AccessRecordedV1,
    ]
)


def translate(event: Any) -> Iterable[IntegrationEvent]:
    """Domain event -> the contracts published for it (read from the event alone)."""
    match event:
        case AccessRecorded():
            yield access_recorded(event)
        case events.VolunteerRegistered():
            yield VolunteerRegisteredV1(
                volunteer_id=event.volunteer_id,
                kind=event.kind.value,
                organisation_id=event.organisation_id,
                roles=[r.value for r in event.roles],
                languages=list(event.languages),
                engagement=event.engagement.value if event.engagement else None,
                registered_on=event.registered_on,
            )
        case events.VolunteerVetted():
            yield VolunteerVettedV1(
                volunteer_id=event.volunteer_id,
                seen_on=event.seen_on,
                grounds=sorted(g.value for g in event.grounds),
            )
        case events.VolunteerDeactivated():
            yield VolunteerDeactivatedV1(
                volunteer_id=event.volunteer_id,
                kind=event.kind.value,
                organisation_id=event.organisation_id,
                deactivated_on=event.deactivated_on,
                reason=event.reason.value,
                matches_ended=event.matches_ended,
            )
        case events.ActivityCancelled():
            yield ActivityCancelledV1(
                activity_id=event.activity_id,
                organisation_id=event.organisation_id,
                cancelled_on=event.cancelled_on,
                reason=event.reason.value,
                was_published=event.was_published,
            )
        case events.ActivityPublished():
            yield ActivityPublishedV1(
                activity_id=event.activity_id,
                organisation_id=event.organisation_id,
                kind=event.kind.value,
                target_groups=[g.value for g in event.target_groups],
                locals_take_part=event.locals_take_part,
                counts_as_programme_hours=event.counts_as_programme_hours,
                fee_support_available=event.fee_support_available,
                cost_nok=event.cost_nok,
                starts_on=event.starts_on,
                ends_on=event.ends_on,
                published_on=event.published_on,
            )
        case events.AttendanceRecorded():
            yield AttendanceRecordedV1(
                participant_id=event.participant_id,
                activity_id=event.activity_id,
                attended_on=event.attended_on,
                present=event.present,
                hours=event.hours,
                counts_as_programme_hours=event.counts_as_programme_hours,
            )
        case events.MatchProposed():
            yield MatchProposedV1(
                match_id=event.match_id,
                participant_id=event.participant_id,
                volunteer_id=event.volunteer_id,
                volunteer_kind=event.volunteer_kind.value,
                role=event.role.value,
                proposed_on=event.proposed_on,
            )
        case events.MatchStarted():
            yield MatchStartedV1(
                match_id=event.match_id,
                participant_id=event.participant_id,
                volunteer_id=event.volunteer_id,
                role=event.role.value,
                started_on=event.started_on,
            )
        case events.MatchEnded():
            yield MatchEndedV1(
                match_id=event.match_id,
                participant_id=event.participant_id,
                volunteer_id=event.volunteer_id,
                role=event.role.value,
                ended_on=event.ended_on,
                reason=event.reason.value,
                was_started=event.was_started,
            )
        case _:
            raise TypeError(f"no contract for domain event {type(event).__name__}")
