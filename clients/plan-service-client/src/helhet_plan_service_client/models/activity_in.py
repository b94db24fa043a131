from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.activity_in_kind import ActivityInKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActivityIn")


@_attrs_define
class ActivityIn:
    """
    Attributes:
        hours_per_week (float):
        kind (ActivityInKind):
        provider_unit (str): the unit that delivers the activity
        counts_as_programme_hours (bool | Unset):  Default: True.
        from_date (datetime.date | None | Unset):
        to_date (datetime.date | None | Unset):
    """

    hours_per_week: float
    kind: ActivityInKind
    provider_unit: str
    counts_as_programme_hours: bool | Unset = True
    from_date: datetime.date | None | Unset = UNSET
    to_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        hours_per_week = self.hours_per_week

        kind = self.kind.value

        provider_unit = self.provider_unit

        counts_as_programme_hours = self.counts_as_programme_hours

        from_date: None | str | Unset
        if isinstance(self.from_date, Unset):
            from_date = UNSET
        elif isinstance(self.from_date, datetime.date):
            from_date = self.from_date.isoformat()
        else:
            from_date = self.from_date

        to_date: None | str | Unset
        if isinstance(self.to_date, Unset):
            to_date = UNSET
        elif isinstance(self.to_date, datetime.date):
            to_date = self.to_date.isoformat()
        else:
            to_date = self.to_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "hours_per_week": hours_per_week,
                "kind": kind,
                "provider_unit": provider_unit,
            }
        )
        if counts_as_programme_hours is not UNSET:
            field_dict["counts_as_programme_hours"] = counts_as_programme_hours
        if from_date is not UNSET:
            field_dict["from_date"] = from_date
        if to_date is not UNSET:
            field_dict["to_date"] = to_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        hours_per_week = d.pop("hours_per_week")

        kind = ActivityInKind(d.pop("kind"))

        provider_unit = d.pop("provider_unit")

        counts_as_programme_hours = d.pop("counts_as_programme_hours", UNSET)

        def _parse_from_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_date_type_0 = datetime.date.fromisoformat(data)

                return from_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_date = _parse_from_date(d.pop("from_date", UNSET))

        def _parse_to_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_date_type_0 = datetime.date.fromisoformat(data)

                return to_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        to_date = _parse_to_date(d.pop("to_date", UNSET))

        activity_in = cls(
            hours_per_week=hours_per_week,
            kind=kind,
            provider_unit=provider_unit,
            counts_as_programme_hours=counts_as_programme_hours,
            from_date=from_date,
            to_date=to_date,
        )

        return activity_in
