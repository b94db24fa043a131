"""The events plan-service reads: the reads of participants' personal data the other
services recorded (``helhet.access.recorded.v1``), for the participant's one access log;
placement-service's placements (started, extended, ended, hired), as ids, codes and
dates, for the hand-over package (docs/timetable.md); and the attendance and absence
placement contact persons record, for the ledger (docs/benefit.md). The placement
models are tolerant (unknown fields ignored) and take only what plan-service uses."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from helhet_common.access.contracts import ACCESS_TOPIC as ACCESS_TOPIC
from helhet_common.access.contracts import AccessRecordedV1 as AccessRecordedV1
from helhet_common.messaging.envelope import TolerantEvent
from helhet_common.messaging.registry import EventRegistry

PLACEMENTS_TOPIC = "helhet.placements"


class PlacementStarted(TolerantEvent):
    event_type = "helhet.placement.started.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    kind: str
    start_date: date
    planned_end: date


class PlacementExtended(TolerantEvent):
    event_type = "helhet.placement.extended.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    new_end: date


class PlacementEnded(TolerantEvent):
    event_type = "helhet.placement.ended.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    kind: str
    actual_end: date
    reason: str


class ParticipantHired(TolerantEvent):
    event_type = "helhet.participant.hired.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    employer_id: UUID
    hired_on: date


class PlacementAttendanceRecorded(TolerantEvent):
    """Attendance or absence on a placement's day (placement-service), for the ledger."""

    event_type = "helhet.placement.attendance_recorded.v1"
    topic = PLACEMENTS_TOPIC

    participant_id: UUID
    placement_id: UUID
    entry_id: UUID
    entry_date: date
    kind: Literal["attendance", "absence"]
    minutes: int = Field(gt=0, le=1440)
    code: str | None = None
    effect: Literal["keeps", "reduces", "unpaid_leave"] | None = None
    recorded_by_agency: str


PLACEMENT_EVENTS = (
    PlacementStarted,
    PlacementExtended,
    PlacementEnded,
    ParticipantHired,
    PlacementAttendanceRecorded,
)
registry = EventRegistry([AccessRecordedV1, *PLACEMENT_EVENTS])
