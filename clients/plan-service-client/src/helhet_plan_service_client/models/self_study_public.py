from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SelfStudyPublic")


@_attrs_define
class SelfStudyPublic:
    """
    Attributes:
        heavy_self_study (bool):
        participant_id (UUID):
    """

    heavy_self_study: bool
    participant_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        heavy_self_study = self.heavy_self_study

        participant_id = str(self.participant_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "heavy_self_study": heavy_self_study,
                "participant_id": participant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        heavy_self_study = d.pop("heavy_self_study")

        participant_id = UUID(d.pop("participant_id"))

        self_study_public = cls(
            heavy_self_study=heavy_self_study,
            participant_id=participant_id,
        )

        self_study_public.additional_properties = d
        return self_study_public

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
