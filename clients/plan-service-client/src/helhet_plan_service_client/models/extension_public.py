from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.extension_public_reason import ExtensionPublicReason

T = TypeVar("T", bound="ExtensionPublic")


@_attrs_define
class ExtensionPublic:
    """
    Attributes:
        decided_on (datetime.date):
        new_expected_end_date (datetime.date):
        number (int):
        previous_expected_end_date (datetime.date):
        reason (ExtensionPublicReason):
    """

    decided_on: datetime.date
    new_expected_end_date: datetime.date
    number: int
    previous_expected_end_date: datetime.date
    reason: ExtensionPublicReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decided_on = self.decided_on.isoformat()

        new_expected_end_date = self.new_expected_end_date.isoformat()

        number = self.number

        previous_expected_end_date = self.previous_expected_end_date.isoformat()

        reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decided_on": decided_on,
                "new_expected_end_date": new_expected_end_date,
                "number": number,
                "previous_expected_end_date": previous_expected_end_date,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        new_expected_end_date = datetime.date.fromisoformat(d.pop("new_expected_end_date"))

        number = d.pop("number")

        previous_expected_end_date = datetime.date.fromisoformat(d.pop("previous_expected_end_date"))

        reason = ExtensionPublicReason(d.pop("reason"))

        extension_public = cls(
            decided_on=decided_on,
            new_expected_end_date=new_expected_end_date,
            number=number,
            previous_expected_end_date=previous_expected_end_date,
            reason=reason,
        )

        extension_public.additional_properties = d
        return extension_public

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
