from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_public_measured_at import OutcomePublicMeasuredAt
from ..models.outcome_public_status import OutcomePublicStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OutcomePublic")


@_attrs_define
class OutcomePublic:
    """
    Attributes:
        measured_at (OutcomePublicMeasuredAt):
        recorded_by_agency (str):
        status (OutcomePublicStatus):
        status_on (datetime.date):
        still_in_municipality (bool | None | Unset):
        years_since_settlement (int | None | Unset):
    """

    measured_at: OutcomePublicMeasuredAt
    recorded_by_agency: str
    status: OutcomePublicStatus
    status_on: datetime.date
    still_in_municipality: bool | None | Unset = UNSET
    years_since_settlement: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at.value

        recorded_by_agency = self.recorded_by_agency

        status = self.status.value

        status_on = self.status_on.isoformat()

        still_in_municipality: bool | None | Unset
        if isinstance(self.still_in_municipality, Unset):
            still_in_municipality = UNSET
        else:
            still_in_municipality = self.still_in_municipality

        years_since_settlement: int | None | Unset
        if isinstance(self.years_since_settlement, Unset):
            years_since_settlement = UNSET
        else:
            years_since_settlement = self.years_since_settlement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "measured_at": measured_at,
                "recorded_by_agency": recorded_by_agency,
                "status": status,
                "status_on": status_on,
            }
        )
        if still_in_municipality is not UNSET:
            field_dict["still_in_municipality"] = still_in_municipality
        if years_since_settlement is not UNSET:
            field_dict["years_since_settlement"] = years_since_settlement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = OutcomePublicMeasuredAt(d.pop("measured_at"))

        recorded_by_agency = d.pop("recorded_by_agency")

        status = OutcomePublicStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        def _parse_still_in_municipality(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        still_in_municipality = _parse_still_in_municipality(d.pop("still_in_municipality", UNSET))

        def _parse_years_since_settlement(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        years_since_settlement = _parse_years_since_settlement(d.pop("years_since_settlement", UNSET))

        outcome_public = cls(
            measured_at=measured_at,
            recorded_by_agency=recorded_by_agency,
            status=status,
            status_on=status_on,
            still_in_municipality=still_in_municipality,
            years_since_settlement=years_since_settlement,
        )

        outcome_public.additional_properties = d
        return outcome_public

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
