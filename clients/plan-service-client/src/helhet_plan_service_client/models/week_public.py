from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WeekPublic")


@_attrs_define
class WeekPublic:
    """
    Attributes:
        closed_hours (float): lost to closures nobody covered
        covered_hours (float): in closures someone covered (they count)
        full_time (bool):
        holiday_hours (float): the participant's own holiday: full time's share of each of its weekdays (they count)
        hours (float): the sessions' hours that count
        missing_hours (float):
        required_hours (float): full time: 37.5 (30 with heavy self-study), by the week's weekdays within the programme
        scheduled_hours (float): the sessions' hours on programme days
        week_start (datetime.date): the Monday
    """

    closed_hours: float
    covered_hours: float
    full_time: bool
    holiday_hours: float
    hours: float
    missing_hours: float
    required_hours: float
    scheduled_hours: float
    week_start: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        closed_hours = self.closed_hours

        covered_hours = self.covered_hours

        full_time = self.full_time

        holiday_hours = self.holiday_hours

        hours = self.hours

        missing_hours = self.missing_hours

        required_hours = self.required_hours

        scheduled_hours = self.scheduled_hours

        week_start = self.week_start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closed_hours": closed_hours,
                "covered_hours": covered_hours,
                "full_time": full_time,
                "holiday_hours": holiday_hours,
                "hours": hours,
                "missing_hours": missing_hours,
                "required_hours": required_hours,
                "scheduled_hours": scheduled_hours,
                "week_start": week_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed_hours = d.pop("closed_hours")

        covered_hours = d.pop("covered_hours")

        full_time = d.pop("full_time")

        holiday_hours = d.pop("holiday_hours")

        hours = d.pop("hours")

        missing_hours = d.pop("missing_hours")

        required_hours = d.pop("required_hours")

        scheduled_hours = d.pop("scheduled_hours")

        week_start = datetime.date.fromisoformat(d.pop("week_start"))

        week_public = cls(
            closed_hours=closed_hours,
            covered_hours=covered_hours,
            full_time=full_time,
            holiday_hours=holiday_hours,
            hours=hours,
            missing_hours=missing_hours,
            required_hours=required_hours,
            scheduled_hours=scheduled_hours,
            week_start=week_start,
        )

        week_public.additional_properties = d
        return week_public

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
