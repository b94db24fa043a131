from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_public_gender import ParticipantPublicGender
from ..models.participant_public_household_type import ParticipantPublicHouseholdType
from ..models.participant_public_programme_status import ParticipantPublicProgrammeStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.move_public import MovePublic
    from ..models.plan_public import PlanPublic
    from ..models.programme_public import ProgrammePublic


T = TypeVar("T", bound="ParticipantPublic")


@_attrs_define
class ParticipantPublic:
    """
    Attributes:
        birth_year (int):
        household_type (ParticipantPublicHouseholdType):
        id (UUID):
        languages (list[str]):
        municipality (str):
        settlement_date (datetime.date):
        gender (ParticipantPublicGender | Unset):  Default: ParticipantPublicGender.UNKNOWN.
        has_login (bool | Unset): a person_sub was given at settlement Default: False.
        mapping_version (int | Unset): the latest mapping; 0: not mapped Default: 0.
        moved (MovePublic | None | Unset): the participant moved away; their plan is then read-only
        plan (None | PlanPublic | Unset):
        programme (None | ProgrammePublic | Unset):
        programme_status (ParticipantPublicProgrammeStatus | Unset):  Default:
            ParticipantPublicProgrammeStatus.NOT_STARTED.
    """

    birth_year: int
    household_type: ParticipantPublicHouseholdType
    id: UUID
    languages: list[str]
    municipality: str
    settlement_date: datetime.date
    gender: ParticipantPublicGender | Unset = ParticipantPublicGender.UNKNOWN
    has_login: bool | Unset = False
    mapping_version: int | Unset = 0
    moved: MovePublic | None | Unset = UNSET
    plan: None | PlanPublic | Unset = UNSET
    programme: None | ProgrammePublic | Unset = UNSET
    programme_status: ParticipantPublicProgrammeStatus | Unset = ParticipantPublicProgrammeStatus.NOT_STARTED
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.move_public import MovePublic  # noqa: PLC0415
        from ..models.plan_public import PlanPublic  # noqa: PLC0415
        from ..models.programme_public import ProgrammePublic  # noqa: PLC0415

        birth_year = self.birth_year

        household_type = self.household_type.value

        id = str(self.id)

        languages = self.languages

        municipality = self.municipality

        settlement_date = self.settlement_date.isoformat()

        gender: str | Unset = UNSET
        if not isinstance(self.gender, Unset):
            gender = self.gender.value

        has_login = self.has_login

        mapping_version = self.mapping_version

        moved: dict[str, Any] | None | Unset
        if isinstance(self.moved, Unset):
            moved = UNSET
        elif isinstance(self.moved, MovePublic):
            moved = self.moved.to_dict()
        else:
            moved = self.moved

        plan: dict[str, Any] | None | Unset
        if isinstance(self.plan, Unset):
            plan = UNSET
        elif isinstance(self.plan, PlanPublic):
            plan = self.plan.to_dict()
        else:
            plan = self.plan

        programme: dict[str, Any] | None | Unset
        if isinstance(self.programme, Unset):
            programme = UNSET
        elif isinstance(self.programme, ProgrammePublic):
            programme = self.programme.to_dict()
        else:
            programme = self.programme

        programme_status: str | Unset = UNSET
        if not isinstance(self.programme_status, Unset):
            programme_status = self.programme_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "birth_year": birth_year,
                "household_type": household_type,
                "id": id,
                "languages": languages,
                "municipality": municipality,
                "settlement_date": settlement_date,
            }
        )
        if gender is not UNSET:
            field_dict["gender"] = gender
        if has_login is not UNSET:
            field_dict["has_login"] = has_login
        if mapping_version is not UNSET:
            field_dict["mapping_version"] = mapping_version
        if moved is not UNSET:
            field_dict["moved"] = moved
        if plan is not UNSET:
            field_dict["plan"] = plan
        if programme is not UNSET:
            field_dict["programme"] = programme
        if programme_status is not UNSET:
            field_dict["programme_status"] = programme_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.move_public import MovePublic  # noqa: PLC0415
        from ..models.plan_public import PlanPublic  # noqa: PLC0415
        from ..models.programme_public import ProgrammePublic  # noqa: PLC0415

        d = dict(src_dict)
        birth_year = d.pop("birth_year")

        household_type = ParticipantPublicHouseholdType(d.pop("household_type"))

        id = UUID(d.pop("id"))

        languages = cast(list[str], d.pop("languages"))

        municipality = d.pop("municipality")

        settlement_date = datetime.date.fromisoformat(d.pop("settlement_date"))

        _gender = d.pop("gender", UNSET)
        gender: ParticipantPublicGender | Unset
        if isinstance(_gender, Unset):
            gender = UNSET
        else:
            gender = ParticipantPublicGender(_gender)

        has_login = d.pop("has_login", UNSET)

        mapping_version = d.pop("mapping_version", UNSET)

        def _parse_moved(data: object) -> MovePublic | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                moved_type_0 = MovePublic.from_dict(data)

                return moved_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MovePublic | None | Unset, data)

        moved = _parse_moved(d.pop("moved", UNSET))

        def _parse_plan(data: object) -> None | PlanPublic | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                plan_type_0 = PlanPublic.from_dict(data)

                return plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanPublic | Unset, data)

        plan = _parse_plan(d.pop("plan", UNSET))

        def _parse_programme(data: object) -> None | ProgrammePublic | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                programme_type_0 = ProgrammePublic.from_dict(data)

                return programme_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProgrammePublic | Unset, data)

        programme = _parse_programme(d.pop("programme", UNSET))

        _programme_status = d.pop("programme_status", UNSET)
        programme_status: ParticipantPublicProgrammeStatus | Unset
        if isinstance(_programme_status, Unset):
            programme_status = UNSET
        else:
            programme_status = ParticipantPublicProgrammeStatus(_programme_status)

        participant_public = cls(
            birth_year=birth_year,
            household_type=household_type,
            id=id,
            languages=languages,
            municipality=municipality,
            settlement_date=settlement_date,
            gender=gender,
            has_login=has_login,
            mapping_version=mapping_version,
            moved=moved,
            plan=plan,
            programme=programme,
            programme_status=programme_status,
        )

        participant_public.additional_properties = d
        return participant_public

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
