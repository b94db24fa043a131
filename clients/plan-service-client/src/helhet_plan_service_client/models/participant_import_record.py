from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.participant_import_record_household_type import ParticipantImportRecordHouseholdType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.person_identifiers import PersonIdentifiers


T = TypeVar("T", bound="ParticipantImportRecord")


@_attrs_define
class ParticipantImportRecord:
    """One record of a batch: the record and the participant's id in that system.

    Attributes:
        birth_year (int):
        external_id (str): the participant's id in that system
        household_type (ParticipantImportRecordHouseholdType):
        languages (list[str]): ISO 639
        municipality (str): kommunenummer (the caller's own)
        reason (str): why a change is made, kept with the link
        settlement_date (datetime.date):
        family_name (None | str | Unset):
        given_name (None | str | Unset):
        identifiers (PersonIdentifiers | Unset): Identity numbers: kept in plan-service, never published.
    """

    birth_year: int
    external_id: str
    household_type: ParticipantImportRecordHouseholdType
    languages: list[str]
    municipality: str
    reason: str
    settlement_date: datetime.date
    family_name: None | str | Unset = UNSET
    given_name: None | str | Unset = UNSET
    identifiers: PersonIdentifiers | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        birth_year = self.birth_year

        external_id = self.external_id

        household_type = self.household_type.value

        languages = self.languages

        municipality = self.municipality

        reason = self.reason

        settlement_date = self.settlement_date.isoformat()

        family_name: None | str | Unset
        if isinstance(self.family_name, Unset):
            family_name = UNSET
        else:
            family_name = self.family_name

        given_name: None | str | Unset
        if isinstance(self.given_name, Unset):
            given_name = UNSET
        else:
            given_name = self.given_name

        identifiers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.identifiers, Unset):
            identifiers = self.identifiers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "birth_year": birth_year,
                "external_id": external_id,
                "household_type": household_type,
                "languages": languages,
                "municipality": municipality,
                "reason": reason,
                "settlement_date": settlement_date,
            }
        )
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if identifiers is not UNSET:
            field_dict["identifiers"] = identifiers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.person_identifiers import PersonIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        birth_year = d.pop("birth_year")

        external_id = d.pop("external_id")

        household_type = ParticipantImportRecordHouseholdType(d.pop("household_type"))

        languages = cast(list[str], d.pop("languages"))

        municipality = d.pop("municipality")

        reason = d.pop("reason")

        settlement_date = datetime.date.fromisoformat(d.pop("settlement_date"))

        def _parse_family_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        family_name = _parse_family_name(d.pop("family_name", UNSET))

        def _parse_given_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        given_name = _parse_given_name(d.pop("given_name", UNSET))

        _identifiers = d.pop("identifiers", UNSET)
        identifiers: PersonIdentifiers | Unset
        if isinstance(_identifiers, Unset):
            identifiers = UNSET
        else:
            identifiers = PersonIdentifiers.from_dict(_identifiers)

        participant_import_record = cls(
            birth_year=birth_year,
            external_id=external_id,
            household_type=household_type,
            languages=languages,
            municipality=municipality,
            reason=reason,
            settlement_date=settlement_date,
            family_name=family_name,
            given_name=given_name,
            identifiers=identifiers,
        )

        return participant_import_record
