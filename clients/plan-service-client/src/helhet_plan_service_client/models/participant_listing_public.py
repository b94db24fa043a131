from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ParticipantListingPublic")


@_attrs_define
class ParticipantListingPublic:
    """
    Attributes:
        case_number (None | str): the participant's number in the municipality's case system (from an import's link,
            e.g. Visma Flyktning); null: not linked
        caseworker (None | str): the refugee service's current contact person; null: none assigned
        display_name (None | str): given and family name; null: none recorded
        id (UUID):
    """

    case_number: None | str
    caseworker: None | str
    display_name: None | str
    id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_number: None | str
        case_number = self.case_number

        caseworker: None | str
        caseworker = self.caseworker

        display_name: None | str
        display_name = self.display_name

        id = str(self.id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_number": case_number,
                "caseworker": caseworker,
                "display_name": display_name,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_case_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        case_number = _parse_case_number(d.pop("case_number"))

        def _parse_caseworker(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        caseworker = _parse_caseworker(d.pop("caseworker"))

        def _parse_display_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        display_name = _parse_display_name(d.pop("display_name"))

        id = UUID(d.pop("id"))

        participant_listing_public = cls(
            case_number=case_number,
            caseworker=caseworker,
            display_name=display_name,
            id=id,
        )

        participant_listing_public.additional_properties = d
        return participant_listing_public

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
