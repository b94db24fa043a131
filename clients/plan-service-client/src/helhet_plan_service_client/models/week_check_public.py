from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WeekCheckPublic")


@_attrs_define
class WeekCheckPublic:
    """
    Attributes:
        announced (int): checks announced (new, or changed since last time)
        below_full_time (int): of these, weeks below full time
        week_start (datetime.date):
    """

    announced: int
    below_full_time: int
    week_start: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        announced = self.announced

        below_full_time = self.below_full_time

        week_start = self.week_start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "announced": announced,
                "below_full_time": below_full_time,
                "week_start": week_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        announced = d.pop("announced")

        below_full_time = d.pop("below_full_time")

        week_start = datetime.date.fromisoformat(d.pop("week_start"))

        week_check_public = cls(
            announced=announced,
            below_full_time=below_full_time,
            week_start=week_start,
        )

        week_check_public.additional_properties = d
        return week_check_public

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
