from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mapping_public_education_level import MappingPublicEducationLevel

if TYPE_CHECKING:
    from ..models.norwegian_levels import NorwegianLevels


T = TypeVar("T", bound="MappingPublic")


@_attrs_define
class MappingPublic:
    """
    Attributes:
        childcare_needs (bool):
        education_level (MappingPublicEducationLevel):
        has_driving_licence (bool):
        interests (list[str]):
        norwegian_levels (NorwegianLevels): CEFR per skill; A0 means below A1.
        notes (None | str):
        recorded_by_agency (str):
        recorded_on (datetime.date):
        version (int):
        wished_sectors (list[str]):
        work_experience_sectors (list[str]):
    """

    childcare_needs: bool
    education_level: MappingPublicEducationLevel
    has_driving_licence: bool
    interests: list[str]
    norwegian_levels: NorwegianLevels
    notes: None | str
    recorded_by_agency: str
    recorded_on: datetime.date
    version: int
    wished_sectors: list[str]
    work_experience_sectors: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        childcare_needs = self.childcare_needs

        education_level = self.education_level.value

        has_driving_licence = self.has_driving_licence

        interests = self.interests

        norwegian_levels = self.norwegian_levels.to_dict()

        notes: None | str
        notes = self.notes

        recorded_by_agency = self.recorded_by_agency

        recorded_on = self.recorded_on.isoformat()

        version = self.version

        wished_sectors = self.wished_sectors

        work_experience_sectors = self.work_experience_sectors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "childcare_needs": childcare_needs,
                "education_level": education_level,
                "has_driving_licence": has_driving_licence,
                "interests": interests,
                "norwegian_levels": norwegian_levels,
                "notes": notes,
                "recorded_by_agency": recorded_by_agency,
                "recorded_on": recorded_on,
                "version": version,
                "wished_sectors": wished_sectors,
                "work_experience_sectors": work_experience_sectors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.norwegian_levels import NorwegianLevels  # noqa: PLC0415

        d = dict(src_dict)
        childcare_needs = d.pop("childcare_needs")

        education_level = MappingPublicEducationLevel(d.pop("education_level"))

        has_driving_licence = d.pop("has_driving_licence")

        interests = cast(list[str], d.pop("interests"))

        norwegian_levels = NorwegianLevels.from_dict(d.pop("norwegian_levels"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        recorded_by_agency = d.pop("recorded_by_agency")

        recorded_on = datetime.date.fromisoformat(d.pop("recorded_on"))

        version = d.pop("version")

        wished_sectors = cast(list[str], d.pop("wished_sectors"))

        work_experience_sectors = cast(list[str], d.pop("work_experience_sectors"))

        mapping_public = cls(
            childcare_needs=childcare_needs,
            education_level=education_level,
            has_driving_licence=has_driving_licence,
            interests=interests,
            norwegian_levels=norwegian_levels,
            notes=notes,
            recorded_by_agency=recorded_by_agency,
            recorded_on=recorded_on,
            version=version,
            wished_sectors=wished_sectors,
            work_experience_sectors=work_experience_sectors,
        )

        mapping_public.additional_properties = d
        return mapping_public

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
