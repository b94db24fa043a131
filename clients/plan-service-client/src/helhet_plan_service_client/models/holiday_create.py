from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HolidayCreate")


@_attrs_define
class HolidayCreate:
    """The participant's own holiday, from a day to a day (both included).

    Attributes:
        from_date (datetime.date):
        to_date (datetime.date):
    """

    from_date: datetime.date
    to_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        to_date = self.to_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_date": from_date,
                "to_date": to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        holiday_create = cls(
            from_date=from_date,
            to_date=to_date,
        )

        return holiday_create
