from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HolidayPublic")


@_attrs_define
class HolidayPublic:
    """
    Attributes:
        from_date (datetime.date):
        id (UUID):
        recorded_at (datetime.datetime):
        recorded_by_agency (str):
        to_date (datetime.date):
        weekdays (int): the holiday's weekdays (five weeks a year: 25)
    """

    from_date: datetime.date
    id: UUID
    recorded_at: datetime.datetime
    recorded_by_agency: str
    to_date: datetime.date
    weekdays: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        id = str(self.id)

        recorded_at = self.recorded_at.isoformat()

        recorded_by_agency = self.recorded_by_agency

        to_date = self.to_date.isoformat()

        weekdays = self.weekdays

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_date": from_date,
                "id": id,
                "recorded_at": recorded_at,
                "recorded_by_agency": recorded_by_agency,
                "to_date": to_date,
                "weekdays": weekdays,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        id = UUID(d.pop("id"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by_agency = d.pop("recorded_by_agency")

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        weekdays = d.pop("weekdays")

        holiday_public = cls(
            from_date=from_date,
            id=id,
            recorded_at=recorded_at,
            recorded_by_agency=recorded_by_agency,
            to_date=to_date,
            weekdays=weekdays,
        )

        holiday_public.additional_properties = d
        return holiday_public

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
