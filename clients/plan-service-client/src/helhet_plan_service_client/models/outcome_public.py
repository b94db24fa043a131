from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_public_measured_at import OutcomePublicMeasuredAt
from ..models.outcome_public_status import OutcomePublicStatus

T = TypeVar("T", bound="OutcomePublic")


@_attrs_define
class OutcomePublic:
    """
    Attributes:
        measured_at (OutcomePublicMeasuredAt):
        recorded_by_agency (str):
        status (OutcomePublicStatus):
        status_on (datetime.date):
    """

    measured_at: OutcomePublicMeasuredAt
    recorded_by_agency: str
    status: OutcomePublicStatus
    status_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at.value

        recorded_by_agency = self.recorded_by_agency

        status = self.status.value

        status_on = self.status_on.isoformat()

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = OutcomePublicMeasuredAt(d.pop("measured_at"))

        recorded_by_agency = d.pop("recorded_by_agency")

        status = OutcomePublicStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        outcome_public = cls(
            measured_at=measured_at,
            recorded_by_agency=recorded_by_agency,
            status=status,
            status_on=status_on,
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
