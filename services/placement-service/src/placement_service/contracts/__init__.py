"""The events placement-service publishes on ``helhet.placements``, and their registry.

Ids, codes, dates and counts only: never names, contact details or free text. Events
about a participant are keyed by the participant id; events about an employer or an
opening by that employer's or opening's id, so each stays in order on its partition.
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
from placement_service.domain import events

TOPIC = "helhet.placements"

OpeningKindCode = Literal[
    "language_practice",
    "work_practice",
    "nav_work_training",
    "wage_subsidy",
    "municipal_job",
    "ordinary_job",
]
Sector = str
CefrCode = Literal["A0", "A1", "A2", "B1", "B2", "C1"]
SECTOR = Field(pattern=r"^[A-U]$", description="NACE section letter")


class EmployerRegisteredV1(IntegrationEvent):
    """An employer was registered with the municipality's placement team."""

    event_type = "helhet.employer.registered.v1"
    topic = TOPIC

    employer_id: UUID
    org_number: str = Field(pattern=r"^\d{9}$", description="organisasjonsnummer")
    sector: Sector = SECTOR
    nace_code: str | None = None
    ownership: Literal["municipal", "private"]
    capacity_cap: int | None = Field(description="participants at once; null: no cap")
    agreement_kind: str
    anchored_at: str

    def subject(self) -> str | None:
        return str(self.employer_id)


class _OpeningEvent(IntegrationEvent):
    opening_id: UUID
    employer_id: UUID

    def subject(self) -> str | None:
        return str(self.opening_id)


class OpeningPublishedV1(_OpeningEvent):
    """An opening (a practice place or a job) was published."""

    event_type = "helhet.opening.published.v1"
    topic = TOPIC

    kind: OpeningKindCode
    sector: Sector = SECTOR
    capacity: int = Field(ge=1)
    created_by_municipality: bool
    language_requirements: dict[Literal["listening", "reading", "speaking", "writing"], CefrCode]
    hours_per_week: float
    published_on: date


class OpeningFilledV1(_OpeningEvent):
    """Every seat of the opening is taken."""

    event_type = "helhet.opening.filled.v1"
    topic = TOPIC

    capacity: int


class OpeningReopenedV1(_OpeningEvent):
    """A seat of a filled opening came free again."""

    event_type = "helhet.opening.reopened.v1"
    topic = TOPIC

    capacity: int


class OpeningClosedV1(_OpeningEvent):
    """The opening takes no more participants."""

    event_type = "helhet.opening.closed.v1"
    topic = TOPIC

    closed_on: date


class _PlacementEvent(IntegrationEvent):
    participant_id: UUID
    placement_id: UUID


class PlacementStartedV1(_PlacementEvent):
    """A participant was placed in an opening."""

    event_type = "helhet.placement.started.v1"
    topic = TOPIC

    opening_id: UUID
    employer_id: UUID
    kind: OpeningKindCode
    sector: Sector = SECTOR
    purpose: str
    created_by_municipality: bool
    plan_version: int | None
    start_date: date
    planned_end: date
    flags: list[str] = Field(description="e.g. outside-wishes, third-unrelated-sector")


class PlacementKindChangedV1(_PlacementEvent):
    """The placement changed kind (e.g. language practice became work practice)."""

    event_type = "helhet.placement.kind_changed.v1"
    topic = TOPIC

    from_kind: OpeningKindCode
    to_kind: OpeningKindCode
    effective_date: date


class FollowUpLoggedV1(_PlacementEvent):
    """A follow-up (visit, call, three-way talk, evaluation) was logged."""

    event_type = "helhet.placement.follow_up_logged.v1"
    topic = TOPIC

    visited_on: date
    kind: Literal["visit", "phone", "three_way_talk", "evaluation"]
    outcome: Literal["on_track", "needs_attention", "at_risk"]


class PlacementExtendedV1(_PlacementEvent):
    """The placement's planned end moved later."""

    event_type = "helhet.placement.extended.v1"
    topic = TOPIC

    previous_end: date
    new_end: date
    reason: str
    flags: list[str] = Field(description="subsidy-driven-extension when it only keeps a subsidy")


class NavMeasureLinkedV1(_PlacementEvent):
    """A NAV measure funds the placement or carries it on after the programme."""

    event_type = "helhet.placement.nav_measure_linked.v1"
    topic = TOPIC

    measure_type: str
    role: Literal["funds", "continues"]
    period_from: date
    period_to: date
    rate_percent: float | None


class PlacementEndedV1(_PlacementEvent):
    """The placement ended, with a reason and the next step."""

    event_type = "helhet.placement.ended.v1"
    topic = TOPIC

    employer_id: UUID
    kind: OpeningKindCode
    sector: Sector = SECTOR
    actual_end: date
    reason: Literal[
        "completed",
        "hired",
        "ended_by_participant",
        "ended_by_employer",
        "moved",
        "consent_withdrawn",
        "consent_expired",
        "programme_ended",
    ]
    next_step: str
    hours_logged: float


class ParticipantHiredV1(_PlacementEvent):
    """The participant was hired by the employer of a placement."""

    event_type = "helhet.participant.hired.v1"
    topic = TOPIC

    employer_id: UUID
    sector: Sector = SECTOR
    via_kind: OpeningKindCode
    hired_on: date


class AttendanceRecordedV1(_PlacementEvent):
    """Attendance or absence on a day of the placement, recorded by the employer's
    contact person or the follow-up staff, for the participant's one ledger
    (plan-service adds it with ``entry_id`` as the ledger entry's id)."""

    event_type = "helhet.placement.attendance_recorded.v1"
    topic = TOPIC

    employer_id: UUID
    entry_id: UUID = Field(description="the placement entry's id; the ledger entry's too")
    entry_date: date = Field(description="the day")
    kind: Literal["attendance", "absence"]
    minutes: int = Field(gt=0, le=1440)
    code: str | None = Field(
        pattern=r"^[a-z][a-z0-9_]{0,39}$",
        description="an absence's code from the municipality's list; null on attendance",
    )
    effect: Literal["keeps", "reduces", "unpaid_leave"] | None = Field(
        description="the code's effect on the introduction benefit when recorded"
    )
    recorded_by_agency: str = Field(
        max_length=40, description="the recording agency (e.g. employer, refugee-service)"
    )


registry = EventRegistry(
    [
        EmployerRegisteredV1,
        OpeningPublishedV1,
        OpeningFilledV1,
        OpeningReopenedV1,
        OpeningClosedV1,
        PlacementStartedV1,
        PlacementKindChangedV1,
        FollowUpLoggedV1,
        PlacementExtendedV1,
        NavMeasureLinkedV1,
        PlacementEndedV1,
        ParticipantHiredV1,
        AttendanceRecordedV1,
        AccessRecordedV1,
    ]
)


def translate(event: Any) -> Iterable[IntegrationEvent]:
    """Domain event -> the contracts published for it (from the event's values alone)."""
    match event:
        case AccessRecorded():
            yield access_recorded(event)
        case events.EmployerRegistered():
            yield EmployerRegisteredV1(
                employer_id=event.employer_id,
                org_number=event.org_number,
                sector=event.sector,
                nace_code=event.nace_code,
                ownership=event.ownership.value,
                capacity_cap=event.capacity_cap,
                agreement_kind=event.agreement_kind.value,
                anchored_at=event.anchored_at.value,
            )
        case events.OpeningPublished():
            yield OpeningPublishedV1(
                opening_id=event.opening_id,
                employer_id=event.employer_id,
                kind=event.kind.value,
                sector=event.sector,
                capacity=event.capacity,
                created_by_municipality=event.created_by_municipality,
                language_requirements={
                    skill.value: level for skill, level in event.language_requirements.items()
                },
                hours_per_week=event.hours_per_week,
                published_on=event.published_on,
            )
        case events.OpeningFilled():
            yield OpeningFilledV1(
                opening_id=event.opening_id, employer_id=event.employer_id, capacity=event.capacity
            )
        case events.OpeningReopened():
            yield OpeningReopenedV1(
                opening_id=event.opening_id, employer_id=event.employer_id, capacity=event.capacity
            )
        case events.OpeningClosed():
            yield OpeningClosedV1(
                opening_id=event.opening_id,
                employer_id=event.employer_id,
                closed_on=event.closed_on,
            )
        case events.PlacementStarted():
            yield PlacementStartedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                opening_id=event.opening_id,
                employer_id=event.employer_id,
                kind=event.kind.value,
                sector=event.sector,
                purpose=event.purpose.value,
                created_by_municipality=event.created_by_municipality,
                plan_version=event.plan_version,
                start_date=event.start_date,
                planned_end=event.planned_end,
                flags=list(event.flags),
            )
        case events.KindChanged():
            yield PlacementKindChangedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                from_kind=event.from_kind.value,
                to_kind=event.to_kind.value,
                effective_date=event.effective_date,
            )
        case events.FollowUpLogged():
            yield FollowUpLoggedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                visited_on=event.visited_on,
                kind=event.kind.value,
                outcome=event.outcome.value,
            )
        case events.PlacementExtended():
            yield PlacementExtendedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                previous_end=event.previous_end,
                new_end=event.new_end,
                reason=event.reason.value,
                flags=list(event.flags),
            )
        case events.NavMeasureLinked():
            yield NavMeasureLinkedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                measure_type=event.measure_type.value,
                role=event.role.value,
                period_from=event.period_from,
                period_to=event.period_to,
                rate_percent=event.rate_percent,
            )
        case events.PlacementEnded():
            yield PlacementEndedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                employer_id=event.employer_id,
                kind=event.kind.value,
                sector=event.sector,
                actual_end=event.actual_end,
                reason=event.reason.value,
                next_step=event.next_step.value,
                hours_logged=event.hours_logged,
            )
        case events.ParticipantHired():
            yield ParticipantHiredV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                employer_id=event.employer_id,
                sector=event.sector,
                via_kind=event.via_kind.value,
                hired_on=event.hired_on,
            )
        case events.AttendanceRecorded():
            yield AttendanceRecordedV1(
                participant_id=event.participant_id,
                placement_id=event.placement_id,
                employer_id=event.employer_id,
                entry_id=event.entry_id,
                entry_date=event.on,
                kind=event.kind,
                minutes=event.minutes,
                code=event.code,
                effect=event.effect,
                recorded_by_agency=event.recorded_by_agency,
            )
        case _:
            raise TypeError(f"no contract for domain event {type(event).__name__}")
