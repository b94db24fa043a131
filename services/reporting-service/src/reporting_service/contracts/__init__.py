"""Tolerant models of the events reporting-service reads (unknown fields ignored).

reporting-service owns none of these contracts: plan-service, placement-service and
volunteer-service do (``docs/events.md``). These models take only the fields the
projection needs, so a producer may add fields without breaking us.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from helhet_common.access.contracts import AccessRecordedV1, SharingBasisRecorded, access_recorded
from helhet_common.access.recorder import AccessRecorded
from helhet_common.consent.contracts import CONSENTS_TOPIC, ConsentGranted, ConsentWithdrawn
from helhet_common.messaging.envelope import IntegrationEvent, TolerantEvent
from helhet_common.messaging.registry import EventRegistry

PARTICIPANTS_TOPIC = "helhet.participants"
PLANS_TOPIC = "helhet.plans"
PLACEMENTS_TOPIC = "helhet.placements"
VOLUNTEERING_TOPIC = "helhet.volunteering"

__all__ = ["CONSENTS_TOPIC", "ConsentGranted", "ConsentWithdrawn", "SharingBasisRecorded"]


# -- plan-service ---------------------------------------------------------------------------


class ParticipantSettled(TolerantEvent):
    event_type = "helhet.participant.settled.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    municipality: str = Field(pattern=r"^\d{4}$")
    settlement_date: date
    household_type: str | None = None
    gender: str | None = None  # coarse, statistics only; null (older producers): unknown


class ParticipantGenderSet(TolerantEvent):
    """The coarse gender set or corrected after settlement (statistics only)."""

    event_type = "helhet.participant.gender_set.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    gender: str
    set_on: date


class ProgrammeStarted(TolerantEvent):
    event_type = "helhet.programme.started.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    regime: str
    start_date: date
    expected_end_date: date


class ProgrammeExtended(TolerantEvent):
    event_type = "helhet.programme.extended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    extension_number: int
    expected_end_date: date


class ProgrammeEnded(TolerantEvent):
    event_type = "helhet.programme.ended.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    completion: str
    end_date: date
    reason: str
    regime: str
    start_date: date


class TestResultRecorded(TolerantEvent):
    __test__ = False  # not a pytest test class
    event_type = "helhet.test_result.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    test: str
    taken_on: date
    levels: dict[str, str] = {}
    passed: bool | None = None


class OutcomeRecorded(TolerantEvent):
    event_type = "helhet.outcome.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    measured_at: str
    status: str
    status_on: date
    years_since_settlement: int | None = None  # with ``year_n`` only (1 to 5)
    still_in_municipality: bool | None = None


class MappingRecorded(TolerantEvent):
    event_type = "helhet.mapping.recorded.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    mapping_version: int
    recorded_on: date


class PlanUpdated(TolerantEvent):
    event_type = "helhet.plan.updated.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    plan_version: int
    end_goal: str | None = None
    norwegian_goal: str | None = None
    saved_on: date | None = None  # older events lack it: then the event's time counts


# -- plan-service: follow-up of the plan (docs/decisions/0003) ------------------------------


class PlanReviewed(TolerantEvent):
    event_type = "helhet.plan.reviewed.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    review_id: UUID
    plan_version: int
    reviewed_on: date
    nav_present: bool = False
    participant_acknowledged: bool | None = None
    disagreement_recorded: bool | None = None
    next_review_due: date | None = None


class MeetingHeld(TolerantEvent):
    event_type = "helhet.meeting.held.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    meeting_id: UUID
    kind: str
    held_on: date
    nav_present: bool = False


class ActionCreated(TolerantEvent):
    event_type = "helhet.action.created.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    action_id: UUID
    meeting_id: UUID | None = None
    owner_agency: str
    owner_unit: str = Field(min_length=1)
    responsibility: str | None = None
    due_date: date
    created_on: date


class ActionCompleted(TolerantEvent):
    event_type = "helhet.action.completed.v1"
    topic = PLANS_TOPIC

    participant_id: UUID
    action_id: UUID
    outcome: str
    completed_on: date


class ProgrammeLeave(TolerantEvent):
    """The leave's period only: its reason (which may be health) is not read."""

    event_type = "helhet.programme.leave.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    leave_id: UUID
    from_date: date
    to_date: date


class ParticipantMoved(TolerantEvent):
    event_type = "helhet.participant.moved.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    moved_on: date
    from_municipality: str | None = Field(default=None, pattern=r"^\d{4}$")
    to_municipality: str | None = Field(default=None, pattern=r"^\d{4}$")


class ParticipantErased(TolerantEvent):
    """plan-service has erased the participant (the retention period ran out, or they
    asked): every read model drops them, and nothing later brings them back."""

    event_type = "helhet.participant.erased.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    erased_on: date
    reason: str = Field(max_length=40, description="`retention_expired` or `request`")


# -- placement-service ----------------------------------------------------------------------


class PlacementStarted(TolerantEvent):
    event_type = "helhet.placement.started.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    kind: str
    sector: str
    start_date: date
    planned_end: date
    flags: list[str] = []
    created_by_municipality: bool | None = None


class PlacementKindChanged(TolerantEvent):
    event_type = "helhet.placement.kind_changed.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    from_kind: str
    to_kind: str
    effective_date: date


class PlacementEnded(TolerantEvent):
    event_type = "helhet.placement.ended.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    kind: str
    sector: str
    actual_end: date
    reason: str
    next_step: str


class ParticipantHired(TolerantEvent):
    event_type = "helhet.participant.hired.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    hired_on: date


class PlacementAttendanceRecorded(TolerantEvent):
    """A day of the placement recorded by the employer's contact person or the follow-up
    staff. plan-service adds it to the participant's ledger under the same ``entry_id``;
    reporting folds it into the same ledger days as plan's own entries (so a day is
    counted once whichever event brings it)."""

    event_type = "helhet.placement.attendance_recorded.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    entry_id: UUID
    kind: str
    entry_date: date
    minutes: int
    code: str | None = None
    effect: str | None = None


class NavMeasureLinked(TolerantEvent):
    event_type = "helhet.placement.nav_measure_linked.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    measure_type: str
    role: str
    period_from: date
    period_to: date


# -- volunteer-service ----------------------------------------------------------------------


class MatchStarted(TolerantEvent):
    event_type = "helhet.match.started.v1"
    topic = VOLUNTEERING_TOPIC

    match_id: UUID
    participant_id: UUID
    role: str
    started_on: date


class MatchEnded(TolerantEvent):
    event_type = "helhet.match.ended.v1"
    topic = VOLUNTEERING_TOPIC

    match_id: UUID
    participant_id: UUID
    role: str
    ended_on: date
    was_started: bool


class AttendanceRecorded(TolerantEvent):
    event_type = "helhet.attendance.recorded.v1"
    topic = VOLUNTEERING_TOPIC

    participant_id: UUID
    activity_id: UUID
    attended_on: date
    present: bool


# -- plan-service: the year round and past the programme (issue 16) -------------------------


class TimetableWeekChecked(TolerantEvent):
    event_type = "helhet.timetable_week.checked.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    week_start: date
    minutes: int
    required_minutes: int
    full_time: bool


class TransitionUpdated(TolerantEvent):
    event_type = "helhet.transition.updated.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    nav_dialogue_held_on: date | None = None
    next_step: str | None = None
    receiving_kind: str | None = None
    complete: bool
    updated_on: date


class HandOverCreated(TolerantEvent):
    event_type = "helhet.hand_over.created.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: str
    created_on: date


class HandOverAcknowledged(TolerantEvent):
    event_type = "helhet.hand_over.acknowledged.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    hand_over_id: UUID
    receiving_kind: str
    acknowledged_on: date
    follow_up_owner: str


class LedgerEntryRecorded(TolerantEvent):
    """One day of attendance or absence in the ledger; a correction names the entry it
    replaces. Read for the invalid-absence share (the absence's ``effect``)."""

    event_type = "helhet.ledger_entry.recorded.v1"
    topic = PARTICIPANTS_TOPIC

    participant_id: UUID
    entry_id: UUID
    kind: str
    entry_date: date
    minutes: int
    code: str | None = None
    effect: str | None = None
    corrects: UUID | None = None


registry = EventRegistry(
    [
        ParticipantSettled,
        ProgrammeStarted,
        ProgrammeExtended,
        ProgrammeEnded,
        TestResultRecorded,
        OutcomeRecorded,
        MappingRecorded,
        PlanUpdated,
        PlanReviewed,
        MeetingHeld,
        ActionCreated,
        ActionCompleted,
        ProgrammeLeave,
        ParticipantMoved,
        ParticipantErased,
        ConsentGranted,
        ConsentWithdrawn,
        PlacementStarted,
        PlacementKindChanged,
        PlacementEnded,
        ParticipantHired,
        NavMeasureLinked,
        PlacementAttendanceRecorded,
        MatchStarted,
        MatchEnded,
        AttendanceRecorded,
        SharingBasisRecorded,
        TimetableWeekChecked,
        TransitionUpdated,
        HandOverCreated,
        HandOverAcknowledged,
        ParticipantGenderSet,
        LedgerEntryRecorded,
    ]
)

# What reporting-service publishes: only the reads of participants' personal data it
# recorded (``helhet_common.access``), through its outbox and relay. Its own decisions
# (alerts opened and closed) stay on ``GET /changes``.
published = EventRegistry([AccessRecordedV1])


def translate(event: Any) -> Iterable[IntegrationEvent]:
    """Domain event -> the contracts published for it: a recorded read."""
    match event:
        case AccessRecorded():
            yield access_recorded(event)
        case _:
            return
