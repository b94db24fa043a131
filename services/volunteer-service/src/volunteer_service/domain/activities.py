"""Activities and meeting places, and attendance at their sessions. Plain Python."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from volunteer_service.domain import events
from volunteer_service.domain.codes import (
    KEEP,
    ActivityKind,
    ActivityStatus,
    CancellationReason,
    Keep,
    Recurrence,
    TargetGroup,
    check_version,
    unique,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_ATTENDANCE_HOURS = 12.0


@dataclass(frozen=True)
class Schedule:
    recurrence: Recurrence
    weekday: str | None
    start_time: time
    end_time: time
    starts_on: date
    ends_on: date | None = None

    @property
    def session_hours(self) -> float:
        minutes = (self.end_time.hour * 60 + self.end_time.minute) - (
            self.start_time.hour * 60 + self.start_time.minute
        )
        return round(minutes / 60, 2)

    def check(self) -> None:
        if self.end_time <= self.start_time:
            raise Invalid("An activity ends before it starts.", code="times-out-of-order")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise Invalid(
                "The activity's last date is before its first.", code="dates-out-of-order"
            )
        if self.recurrence is Recurrence.ONCE:
            if self.ends_on not in (None, self.starts_on):
                raise Invalid("A one-off activity has a single date.", code="dates-out-of-order")
        elif self.weekday not in WEEKDAYS:
            raise Invalid("A recurring activity needs its weekday.", code="weekday-required")

    def runs_on(self, day: date) -> bool:
        last = self.starts_on if self.recurrence is Recurrence.ONCE else self.ends_on
        return self.starts_on <= day and (last is None or day <= last)


@dataclass(frozen=True)
class Attendance:
    participant_id: UUID
    present: bool
    hours: float | None = None


@dataclass
class Activity:
    id: UUID
    municipality: str
    organisation_id: UUID | None
    title: str
    kind: ActivityKind
    description: str
    target_groups: tuple[TargetGroup, ...]
    interests: tuple[str, ...]
    languages: tuple[str, ...]  # languages spoken there besides Norwegian (support)
    locals_take_part: bool
    schedule: Schedule
    place: str
    cost_nok: int
    fee_support_available: bool
    counts_as_programme_hours: bool
    status: ActivityStatus = ActivityStatus.DRAFT
    published_on: date | None = None
    version: int = 1
    cancelled_on: date | None = None
    cancellation_reason: CancellationReason | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, **values: Any) -> Activity:
        activity = cls(**values)
        activity._check()
        activity.target_groups = unique(activity.target_groups)
        return activity

    def _check(self) -> None:
        self.schedule.check()
        if not self.target_groups:
            raise Invalid("Say whom the activity is for.", code="target-groups-required")
        if self.cost_nok < 0:
            raise Invalid("The cost cannot be negative.", code="cost")

    @property
    def cancelled(self) -> bool:
        return self.status is ActivityStatus.CANCELLED

    def _require_not_cancelled(self) -> None:
        if self.cancelled:
            raise Conflict("The activity is cancelled.", code="activity-cancelled")

    def update(
        self,
        *,
        expected_version: int,
        attended_on: Collection[date],
        changes: ActivityChanges,
    ) -> None:
        """Change the activity. Sessions already attended stay within its schedule, and
        whether it counts in programme hours is fixed once attendance is recorded."""
        check_version("activity", self.version, expected_version)
        values = changes.given()
        if not values:
            raise Invalid("Name at least one field to change.", code="no-changes")
        self._require_not_cancelled()
        schedule_fields = {k: values.pop(k) for k in SCHEDULE_FIELDS if k in values}
        schedule = replace(self.schedule, **schedule_fields)
        counts = values.get("counts_as_programme_hours", self.counts_as_programme_hours)
        if attended_on and counts != self.counts_as_programme_hours:
            raise Conflict(
                "Attendance is recorded: whether it counts in programme hours cannot change.",
                code="attendance-recorded",
            )
        outside = sorted(d for d in attended_on if not schedule.runs_on(d))
        if outside:
            raise Conflict(
                f"Attendance is recorded on {outside[0]}, outside the changed schedule.",
                code="attendance-outside-schedule",
            )
        updated = replace(self, schedule=schedule, events=[], **values)
        updated._check()
        for name in ACTIVITY_FIELDS:
            setattr(self, name, getattr(updated, name))
        self.target_groups = unique(self.target_groups)
        self.version += 1

    def cancel(self, *, expected_version: int, reason: CancellationReason, today: date) -> None:
        """Not suggested any more, and no new attendance; what was recorded stays."""
        check_version("activity", self.version, expected_version)
        if self.cancelled:
            raise Conflict("The activity is already cancelled.", code="activity-already-cancelled")
        was_published = self.status is ActivityStatus.PUBLISHED
        self.status = ActivityStatus.CANCELLED
        self.cancelled_on = today
        self.cancellation_reason = reason
        self.version += 1
        self.events.append(
            events.ActivityCancelled(
                activity_id=self.id,
                organisation_id=self.organisation_id,
                cancelled_on=today,
                reason=reason,
                was_published=was_published,
            )
        )

    @property
    def attendance_required(self) -> bool:
        """Activities counted in programme hours must have their attendance registered."""
        return self.counts_as_programme_hours

    def publish(self, *, today: date) -> None:
        self._require_not_cancelled()
        if self.status is ActivityStatus.PUBLISHED:
            raise Conflict("The activity is already published.", code="activity-already-published")
        self.status = ActivityStatus.PUBLISHED
        self.published_on = today
        self.version += 1
        self.events.append(
            events.ActivityPublished(
                activity_id=self.id,
                organisation_id=self.organisation_id,
                kind=self.kind,
                target_groups=self.target_groups,
                locals_take_part=self.locals_take_part,
                counts_as_programme_hours=self.counts_as_programme_hours,
                fee_support_available=self.fee_support_available,
                cost_nok=self.cost_nok,
                starts_on=self.schedule.starts_on,
                ends_on=self.schedule.ends_on,
                published_on=today,
            )
        )

    def record_attendance(
        self, attended_on: date, entries: Sequence[Attendance], *, today: date
    ) -> list[Attendance]:
        """Who came on ``attended_on``. Hours count in the programme only for activities
        that count; they default to the session's length for those present."""
        self._require_not_cancelled()
        if self.status is not ActivityStatus.PUBLISHED:
            raise Conflict(
                "Attendance is recorded for published activities.", code="activity-not-published"
            )
        if attended_on > today:
            raise Invalid("Attendance cannot be recorded ahead.", code="attendance-in-future")
        if not self.schedule.runs_on(attended_on):
            raise Invalid("The activity does not run on that date.", code="not-a-session-date")
        if not entries:
            raise Invalid("Name at least one participant.", code="attendance-empty")
        ids = [e.participant_id for e in entries]
        if len(set(ids)) != len(ids):
            raise Invalid("A participant is named twice.", code="attendance-duplicate")
        recorded = []
        for entry in entries:
            hours = entry.hours
            if not entry.present:
                if hours:
                    raise Invalid("An absent participant has no hours.", code="hours-when-absent")
                hours = 0.0 if self.counts_as_programme_hours else None
            elif self.counts_as_programme_hours:
                hours = self.schedule.session_hours if hours is None else hours
            if hours is not None and not 0 <= hours <= MAX_ATTENDANCE_HOURS:
                raise Invalid(f"Hours must be 0 to {MAX_ATTENDANCE_HOURS:g}.", code="hours")
            record = Attendance(entry.participant_id, entry.present, hours)
            recorded.append(record)
            self.events.append(
                events.AttendanceRecorded(
                    activity_id=self.id,
                    participant_id=record.participant_id,
                    attended_on=attended_on,
                    present=record.present,
                    hours=record.hours,
                    counts_as_programme_hours=self.counts_as_programme_hours,
                )
            )
        return recorded


SCHEDULE_FIELDS = ("recurrence", "weekday", "start_time", "end_time", "starts_on", "ends_on")
ACTIVITY_FIELDS = (
    "organisation_id",
    "title",
    "kind",
    "description",
    "target_groups",
    "interests",
    "languages",
    "locals_take_part",
    "schedule",
    "place",
    "cost_nok",
    "fee_support_available",
    "counts_as_programme_hours",
)


@dataclass(frozen=True)
class ActivityChanges:
    """A partial change of an activity: ``KEEP`` leaves a field as it is."""

    organisation_id: UUID | Keep | None = KEEP
    title: str | Keep = KEEP
    kind: ActivityKind | Keep = KEEP
    description: str | Keep = KEEP
    target_groups: tuple[TargetGroup, ...] | Keep = KEEP
    interests: tuple[str, ...] | Keep = KEEP
    languages: tuple[str, ...] | Keep = KEEP
    locals_take_part: bool | Keep = KEEP
    recurrence: Recurrence | Keep = KEEP
    weekday: str | Keep | None = KEEP
    start_time: time | Keep = KEEP
    end_time: time | Keep = KEEP
    starts_on: date | Keep = KEEP
    ends_on: date | Keep | None = KEEP
    place: str | Keep = KEEP
    cost_nok: int | Keep = KEEP
    fee_support_available: bool | Keep = KEEP
    counts_as_programme_hours: bool | Keep = KEEP

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not KEEP}
