from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MovePublic")


@_attrs_define
class MovePublic:
    """
    Attributes:
        moved_on (datetime.date):
        to_municipality (None | str): kommunenummer; null: abroad or unknown
    """

    moved_on: datetime.date
    to_municipality: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        moved_on = self.moved_on.isoformat()

        to_municipality: None | str
        to_municipality = self.to_municipality

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "moved_on": moved_on,
                "to_municipality": to_municipality,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        moved_on = datetime.date.fromisoformat(d.pop("moved_on"))

        def _parse_to_municipality(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        to_municipality = _parse_to_municipality(d.pop("to_municipality"))

        move_public = cls(
            moved_on=moved_on,
            to_municipality=to_municipality,
        )

        move_public.additional_properties = d
        return move_public

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
