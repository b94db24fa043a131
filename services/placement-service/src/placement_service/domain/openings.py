"""The opening aggregate: a place to practise or work at an employer (open, filled,
closed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from placement_service.domain import events
from placement_service.domain.codes import (
    OpeningKind,
    OpeningStatus,
    Ownership,
    Skill,
    Weekday,
    cefr_rank,
    check_sector,
)
from placement_service.domain.employers import Employer

KINDERGARTEN_OPENS = time(7, 30)
KINDERGARTEN_CLOSES = time(16, 30)
WORKING_DAYS = frozenset({Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI})


@dataclass(frozen=True)
class Schedule:
    days: tuple[Weekday, ...]
    starts_at: time
    ends_at: time
    hours_per_week: float

    def check(self) -> None:
        if not self.days:
            raise Invalid("A schedule has at least one day.", code="schedule")
        if self.ends_at <= self.starts_at:
            raise Invalid("The working day ends before it starts.", code="schedule")
        if not 0 < self.hours_per_week <= 37.5:
            raise Invalid("Hours per week are more than 0 and at most 37.5.", code="schedule")

    def fits_kindergarten(self, travel_minutes: int = 30) -> bool:
        """Weekdays only, and time to get to and from a kindergarten's opening hours."""
        margin = timedelta(minutes=travel_minutes)
        start = _add(KINDERGARTEN_OPENS, margin)
        end = _add(KINDERGARTEN_CLOSES, -margin)
        return set(self.days) <= WORKING_DAYS and self.starts_at >= start and self.ends_at <= end


def _add(moment: time, delta: timedelta) -> time:
    minutes = moment.hour * 60 + moment.minute + int(delta.total_seconds() // 60)
    return time(minutes // 60, minutes % 60)


@dataclass
class Opening:
    id: UUID
    municipality: str
    employer_id: UUID
    location_id: UUID | None
    kind: OpeningKind
    sector: str
    title: str
    schedule: Schedule
    language_requirements: dict[Skill, str]
    capacity: int
    created_by_municipality: bool
    status: OpeningStatus
    published_on: date
    closed_on: date | None = None
    close_reason: str | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def publish(
        cls,
        *,
        opening_id: UUID,
        employer: Employer,
        location_id: UUID | None,
        kind: OpeningKind,
        sector: str | None,
        title: str,
        schedule: Schedule,
        language_requirements: Mapping[Skill, str],
        capacity: int,
        created_by_municipality: bool,
        today: date,
    ) -> Opening:
        if location_id is not None:
            employer.location(location_id)
        sector = sector or employer.sector
        check_sector(sector, None)
        schedule.check()
        for level in language_requirements.values():
            cefr_rank(level)
        if not 1 <= capacity <= 100:
            raise Invalid("An opening has room for 1 to 100 participants.", code="capacity")
        if employer.capacity_cap is not None and capacity > employer.capacity_cap:
            raise Invalid(
                f"The employer takes at most {employer.capacity_cap} participants at once.",
                code="capacity-over-employer-cap",
            )
        if created_by_municipality and employer.ownership is not Ownership.MUNICIPAL:
            raise Invalid(
                "Only a municipal employer's opening can be created by the municipality.",
                code="not-a-municipal-employer",
            )
        opening = cls(
            id=opening_id,
            municipality=employer.municipality,
            employer_id=employer.id,
            location_id=location_id,
            kind=kind,
            sector=sector,
            title=title,
            schedule=schedule,
            language_requirements=dict(language_requirements),
            capacity=capacity,
            created_by_municipality=created_by_municipality,
            status=OpeningStatus.OPEN,
            published_on=today,
        )
        opening.events.append(
            events.OpeningPublished(
                opening_id=opening_id,
                employer_id=employer.id,
                kind=kind,
                sector=sector,
                capacity=capacity,
                created_by_municipality=created_by_municipality,
                language_requirements=dict(language_requirements),
                hours_per_week=schedule.hours_per_week,
                published_on=today,
            )
        )
        return opening

    def seat_taken(self, *, active_after: int) -> None:
        if active_after >= self.capacity and self.status is OpeningStatus.OPEN:
            self.status = OpeningStatus.FILLED
            self.events.append(
                events.OpeningFilled(
                    opening_id=self.id, employer_id=self.employer_id, capacity=self.capacity
                )
            )

    def seat_freed(self, *, active_after: int) -> None:
        if active_after < self.capacity and self.status is OpeningStatus.FILLED:
            self.status = OpeningStatus.OPEN
            self.events.append(
                events.OpeningReopened(
                    opening_id=self.id, employer_id=self.employer_id, capacity=self.capacity
                )
            )

    def close(self, *, reason: str, today: date) -> None:
        if self.status is OpeningStatus.CLOSED:
            raise Conflict("The opening is already closed.", code="opening-closed")
        self.status = OpeningStatus.CLOSED
        self.closed_on = today
        self.close_reason = reason
        self.events.append(
            events.OpeningClosed(opening_id=self.id, employer_id=self.employer_id, closed_on=today)
        )
