"""The year-round timetable: weekly sessions, providers' closures, the weeks' checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import ClockTime, Day
from plan_service.entrypoints.schemas.common import AgencyCode, Strict

ProviderKindCode = Literal[
    "learning_centre", "language_practice", "work_practice", "nav_measure", "other"
]
ClosureKindCode = Literal["holiday", "closure"]
ProviderId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


class SessionCreate(Strict):
    """A weekly session of one provider, from a day (to a day)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "provider_kind": "learning_centre",
                    "provider_id": "hamar-laeringssenter",
                    "weekday": 1,
                    "starts": "08:30",
                    "ends": "14:30",
                    "valid_from": "2026-08-17",
                    "valid_to": "2027-06-18",
                }
            ]
        },
    )

    provider_kind: ProviderKindCode
    provider_id: ProviderId = Field(
        description="the provider unit's code (an organisation number or the municipality's "
        "unit code); a closure of the same kind and code closes the session"
    )
    weekday: int = Field(ge=1, le=7, description="1 Monday to 7 Sunday")
    starts: ClockTime
    ends: ClockTime = Field(description="after `starts`, the same day")
    valid_from: Day
    valid_to: Day | None = Field(default=None, description="the last day; none: open-ended")


class SessionChange(Strict):
    """New times for a session, or a new last day (fields left out stay as they are)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"starts": "09:00", "ends": "15:00"}]},
    )

    starts: ClockTime | None = None
    ends: ClockTime | None = None
    valid_to: Day | None = Field(default=None, description="a new last day")


class SessionEnd(Strict):
    """The session's last day."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"valid_to": "2027-06-18"}]}
    )

    valid_to: Day = Field(description="the last day the session runs")


class HolidayCreate(Strict):
    """The participant's own holiday, from a day to a day (both included)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"from_date": "2026-07-06", "to_date": "2026-07-24"}]},
    )

    from_date: Day
    to_date: Day


class HolidayPublic(BaseModel):
    id: UUID
    from_date: date
    to_date: date
    weekdays: int = Field(description="the holiday's weekdays (five weeks a year: 25)")
    recorded_by_agency: str
    recorded_at: datetime


class HolidaysPublic(BaseModel):
    participant_id: UUID
    items: list[HolidayPublic] = Field(description="by first day")


class SessionPublic(BaseModel):
    id: UUID
    provider_kind: ProviderKindCode
    provider_id: str
    weekday: int
    starts: str = Field(description="HH:MM")
    ends: str = Field(description="HH:MM")
    hours: float
    valid_from: date
    valid_to: date | None
    recorded_by: str
    recorded_by_agency: str
    recorded_at: datetime


class TimetablePublic(BaseModel):
    participant_id: UUID
    heavy_self_study: bool = Field(
        description="the plan's setting; true: 30 hours a week is full time"
    )
    items: list[SessionPublic] = Field(description="by weekday, then start time")
    total: int
    limit: int
    offset: int


class ClosureCreate(Strict):
    """A provider's holiday or closure, and who covers it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "provider_kind": "learning_centre",
                    "provider_id": "hamar-laeringssenter",
                    "kind": "holiday",
                    "from_date": "2026-06-22",
                    "to_date": "2026-08-14",
                    "covered_by": "refugee-service",
                }
            ]
        },
    )

    provider_kind: ProviderKindCode
    provider_id: ProviderId
    kind: ClosureKindCode
    from_date: Day
    to_date: Day = Field(description="the last day closed, on or after `from_date`")
    covered_by: AgencyCode | None = Field(
        default=None,
        description="the agency that runs the sessions in the closure (they keep counting "
        "towards full time); none: nobody, and the sessions do not count",
    )


class ClosurePublic(BaseModel):
    id: UUID
    provider_kind: ProviderKindCode
    provider_id: str
    kind: ClosureKindCode
    from_date: date
    to_date: date
    covered_by: str | None
    recorded_by_agency: str
    recorded_at: datetime


class ClosuresPublic(BaseModel):
    items: list[ClosurePublic] = Field(description="by first day")
    total: int
    limit: int
    offset: int


class WeekPublic(BaseModel):
    week_start: date = Field(description="the Monday")
    hours: float = Field(description="the sessions' hours that count")
    scheduled_hours: float = Field(description="the sessions' hours on programme days")
    closed_hours: float = Field(description="lost to closures nobody covered")
    covered_hours: float = Field(description="in closures someone covered (they count)")
    holiday_hours: float = Field(
        description="the participant's own holiday: full time's share of each of its "
        "weekdays (they count)"
    )
    required_hours: float = Field(
        description="full time: 37.5 (30 with heavy self-study), by the week's weekdays "
        "within the programme"
    )
    full_time: bool
    missing_hours: float


class WeeksPublic(BaseModel):
    participant_id: UUID
    heavy_self_study: bool
    items: list[WeekPublic]


class WeekCheckCreate(Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"week_start": "2026-11-30"}]}
    )

    week_start: Day = Field(description="the week's Monday")


class WeekCheckPublic(BaseModel):
    week_start: date
    announced: int = Field(description="checks announced (new, or changed since last time)")
    below_full_time: int = Field(description="of these, weeks below full time")
