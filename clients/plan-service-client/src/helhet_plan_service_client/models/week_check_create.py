from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WeekCheckCreate")


@_attrs_define
class WeekCheckCreate:
    """
    Attributes:
        week_start (datetime.date): the week's Monday
    """

    week_start: datetime.date

    def to_dict(self) -> dict[str, Any]:
        week_start = self.week_start.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "week_start": week_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        week_start = datetime.date.fromisoformat(d.pop("week_start"))

        week_check_create = cls(
            week_start=week_start,
        )

        return week_check_create
