from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.programme_public_regime import ProgrammePublicRegime

T = TypeVar("T", bound="ProgrammePublic")


@_attrs_define
class ProgrammePublic:
    """
    Attributes:
        expected_end_date (datetime.date):
        regime (ProgrammePublicRegime):
        start_date (datetime.date):
    """

    expected_end_date: datetime.date
    regime: ProgrammePublicRegime
    start_date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expected_end_date = self.expected_end_date.isoformat()

        regime = self.regime.value

        start_date = self.start_date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expected_end_date": expected_end_date,
                "regime": regime,
                "start_date": start_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expected_end_date = datetime.date.fromisoformat(d.pop("expected_end_date"))

        regime = ProgrammePublicRegime(d.pop("regime"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        programme_public = cls(
            expected_end_date=expected_end_date,
            regime=regime,
            start_date=start_date,
        )

        programme_public.additional_properties = d
        return programme_public

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
