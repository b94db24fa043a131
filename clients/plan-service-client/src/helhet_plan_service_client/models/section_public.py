from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.section_public_section import SectionPublicSection

if TYPE_CHECKING:
    from ..models.contributor_public import ContributorPublic


T = TypeVar("T", bound="SectionPublic")


@_attrs_define
class SectionPublic:
    """
    Attributes:
        contributors (list[ContributorPublic]): in the order they contributed
        section (SectionPublicSection):
    """

    contributors: list[ContributorPublic]
    section: SectionPublicSection
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contributors = []
        for contributors_item_data in self.contributors:
            contributors_item = contributors_item_data.to_dict()
            contributors.append(contributors_item)

        section = self.section.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contributors": contributors,
                "section": section,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contributor_public import ContributorPublic  # noqa: PLC0415

        d = dict(src_dict)
        contributors = []
        _contributors = d.pop("contributors")
        for contributors_item_data in _contributors:
            contributors_item = ContributorPublic.from_dict(contributors_item_data)

            contributors.append(contributors_item)

        section = SectionPublicSection(d.pop("section"))

        section_public = cls(
            contributors=contributors,
            section=section,
        )

        section_public.additional_properties = d
        return section_public

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
