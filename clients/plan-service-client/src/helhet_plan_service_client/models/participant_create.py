from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participant_create_gender import ParticipantCreateGender
from ..models.participant_create_household_type import ParticipantCreateHouseholdType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParticipantCreate")


@_attrs_define
class ParticipantCreate:
    """Settle a participant (bosetting). Names stay in plan-service; they are never
    published.

        Attributes:
            birth_year (int):
            household_type (ParticipantCreateHouseholdType):
            languages (list[str]): ISO 639 codes
            municipality (str): kommunenummer of the settling municipality
            settlement_date (datetime.date):
            family_name (None | str | Unset):
            gender (ParticipantCreateGender | Unset): coarse, used only for statistics; published as a code Default:
                ParticipantCreateGender.UNKNOWN.
            given_name (None | str | Unset):
            person_sub (None | str | Unset): the participant's own login (the token subject), so they can read their access
                log; stored here, never published
    """

    birth_year: int
    household_type: ParticipantCreateHouseholdType
    languages: list[str]
    municipality: str
    settlement_date: datetime.date
    family_name: None | str | Unset = UNSET
    gender: ParticipantCreateGender | Unset = ParticipantCreateGender.UNKNOWN
    given_name: None | str | Unset = UNSET
    person_sub: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        birth_year = self.birth_year

        household_type = self.household_type.value

        languages = self.languages

        municipality = self.municipality

        settlement_date = self.settlement_date.isoformat()

        family_name: None | str | Unset
        if isinstance(self.family_name, Unset):
            family_name = UNSET
        else:
            family_name = self.family_name

        gender: str | Unset = UNSET
        if not isinstance(self.gender, Unset):
            gender = self.gender.value

        given_name: None | str | Unset
        if isinstance(self.given_name, Unset):
            given_name = UNSET
        else:
            given_name = self.given_name

        person_sub: None | str | Unset
        if isinstance(self.person_sub, Unset):
            person_sub = UNSET
        else:
            person_sub = self.person_sub

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "birth_year": birth_year,
                "household_type": household_type,
                "languages": languages,
                "municipality": municipality,
                "settlement_date": settlement_date,
            }
        )
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if gender is not UNSET:
            field_dict["gender"] = gender
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if person_sub is not UNSET:
            field_dict["person_sub"] = person_sub

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        birth_year = d.pop("birth_year")

        household_type = ParticipantCreateHouseholdType(d.pop("household_type"))

        languages = cast(list[str], d.pop("languages"))

        municipality = d.pop("municipality")

        settlement_date = datetime.date.fromisoformat(d.pop("settlement_date"))

        def _parse_family_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        family_name = _parse_family_name(d.pop("family_name", UNSET))

        _gender = d.pop("gender", UNSET)
        gender: ParticipantCreateGender | Unset
        if isinstance(_gender, Unset):
            gender = UNSET
        else:
            gender = ParticipantCreateGender(_gender)

        def _parse_given_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        given_name = _parse_given_name(d.pop("given_name", UNSET))

        def _parse_person_sub(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person_sub = _parse_person_sub(d.pop("person_sub", UNSET))

        participant_create = cls(
            birth_year=birth_year,
            household_type=household_type,
            languages=languages,
            municipality=municipality,
            settlement_date=settlement_date,
            family_name=family_name,
            gender=gender,
            given_name=given_name,
            person_sub=person_sub,
        )

        return participant_create
