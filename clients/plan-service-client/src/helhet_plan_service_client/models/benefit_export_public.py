from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BenefitExportPublic")


@_attrs_define
class BenefitExportPublic:
    """
    Attributes:
        exported_at (datetime.datetime):
        month (str):
        participants (int):
        total_ore (int):
    """

    exported_at: datetime.datetime
    month: str
    participants: int
    total_ore: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exported_at = self.exported_at.isoformat()

        month = self.month

        participants = self.participants

        total_ore = self.total_ore

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exported_at": exported_at,
                "month": month,
                "participants": participants,
                "total_ore": total_ore,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        month = d.pop("month")

        participants = d.pop("participants")

        total_ore = d.pop("total_ore")

        benefit_export_public = cls(
            exported_at=exported_at,
            month=month,
            participants=participants,
            total_ore=total_ore,
        )

        benefit_export_public.additional_properties = d
        return benefit_export_public

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
