from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.mapping_create_education_level import MappingCreateEducationLevel
from ..models.mapping_create_interests_item import MappingCreateInterestsItem
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.norwegian_levels import NorwegianLevels


T = TypeVar("T", bound="MappingCreate")


@_attrs_define
class MappingCreate:
    """Record a new version of the competence mapping (kartlegging). Tagged with the
    caller's agency. ``notes`` is stored here and never published.

        Attributes:
            childcare_needs (bool):
            education_level (MappingCreateEducationLevel):
            has_driving_licence (bool):
            interests (list[MappingCreateInterestsItem]):
            norwegian_levels (NorwegianLevels): CEFR per skill; A0 means below A1.
            wished_sectors (list[str]): in the participant's order of preference
            work_experience_sectors (list[str]):
            notes (None | str | Unset):
            recorded_on (datetime.date | None | Unset): default: today
    """

    childcare_needs: bool
    education_level: MappingCreateEducationLevel
    has_driving_licence: bool
    interests: list[MappingCreateInterestsItem]
    norwegian_levels: NorwegianLevels
    wished_sectors: list[str]
    work_experience_sectors: list[str]
    notes: None | str | Unset = UNSET
    recorded_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        childcare_needs = self.childcare_needs

        education_level = self.education_level.value

        has_driving_licence = self.has_driving_licence

        interests = []
        for interests_item_data in self.interests:
            interests_item = interests_item_data.value
            interests.append(interests_item)

        norwegian_levels = self.norwegian_levels.to_dict()

        wished_sectors = self.wished_sectors

        work_experience_sectors = self.work_experience_sectors

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        recorded_on: None | str | Unset
        if isinstance(self.recorded_on, Unset):
            recorded_on = UNSET
        elif isinstance(self.recorded_on, datetime.date):
            recorded_on = self.recorded_on.isoformat()
        else:
            recorded_on = self.recorded_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "childcare_needs": childcare_needs,
                "education_level": education_level,
                "has_driving_licence": has_driving_licence,
                "interests": interests,
                "norwegian_levels": norwegian_levels,
                "wished_sectors": wished_sectors,
                "work_experience_sectors": work_experience_sectors,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes
        if recorded_on is not UNSET:
            field_dict["recorded_on"] = recorded_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.norwegian_levels import NorwegianLevels  # noqa: PLC0415

        d = dict(src_dict)
        childcare_needs = d.pop("childcare_needs")

        education_level = MappingCreateEducationLevel(d.pop("education_level"))

        has_driving_licence = d.pop("has_driving_licence")

        interests = []
        _interests = d.pop("interests")
        for interests_item_data in _interests:
            interests_item = MappingCreateInterestsItem(interests_item_data)

            interests.append(interests_item)

        norwegian_levels = NorwegianLevels.from_dict(d.pop("norwegian_levels"))

        wished_sectors = cast(list[str], d.pop("wished_sectors"))

        work_experience_sectors = cast(list[str], d.pop("work_experience_sectors"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_recorded_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recorded_on_type_0 = datetime.date.fromisoformat(data)

                return recorded_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        recorded_on = _parse_recorded_on(d.pop("recorded_on", UNSET))

        mapping_create = cls(
            childcare_needs=childcare_needs,
            education_level=education_level,
            has_driving_licence=has_driving_licence,
            interests=interests,
            norwegian_levels=norwegian_levels,
            wished_sectors=wished_sectors,
            work_experience_sectors=work_experience_sectors,
            notes=notes,
            recorded_on=recorded_on,
        )

        return mapping_create
