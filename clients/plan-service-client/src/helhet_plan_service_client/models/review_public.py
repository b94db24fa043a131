from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReviewPublic")


@_attrs_define
class ReviewPublic:
    """
    Attributes:
        agencies_present (list[str]):
        id (UUID):
        municipality_justification (None | str):
        nav_present (bool):
        next_review_due (datetime.date):
        participant_acknowledged (bool):
        participant_comment (None | str):
        participant_disagrees (bool):
        plan_version (int):
        recorded_by_agency (str):
        reviewed_on (datetime.date):
    """

    agencies_present: list[str]
    id: UUID
    municipality_justification: None | str
    nav_present: bool
    next_review_due: datetime.date
    participant_acknowledged: bool
    participant_comment: None | str
    participant_disagrees: bool
    plan_version: int
    recorded_by_agency: str
    reviewed_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agencies_present = self.agencies_present

        id = str(self.id)

        municipality_justification: None | str
        municipality_justification = self.municipality_justification

        nav_present = self.nav_present

        next_review_due = self.next_review_due.isoformat()

        participant_acknowledged = self.participant_acknowledged

        participant_comment: None | str
        participant_comment = self.participant_comment

        participant_disagrees = self.participant_disagrees

        plan_version = self.plan_version

        recorded_by_agency = self.recorded_by_agency

        reviewed_on = self.reviewed_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agencies_present": agencies_present,
                "id": id,
                "municipality_justification": municipality_justification,
                "nav_present": nav_present,
                "next_review_due": next_review_due,
                "participant_acknowledged": participant_acknowledged,
                "participant_comment": participant_comment,
                "participant_disagrees": participant_disagrees,
                "plan_version": plan_version,
                "recorded_by_agency": recorded_by_agency,
                "reviewed_on": reviewed_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agencies_present = cast(list[str], d.pop("agencies_present"))

        id = UUID(d.pop("id"))

        def _parse_municipality_justification(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        municipality_justification = _parse_municipality_justification(d.pop("municipality_justification"))

        nav_present = d.pop("nav_present")

        next_review_due = datetime.date.fromisoformat(d.pop("next_review_due"))

        participant_acknowledged = d.pop("participant_acknowledged")

        def _parse_participant_comment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        participant_comment = _parse_participant_comment(d.pop("participant_comment"))

        participant_disagrees = d.pop("participant_disagrees")

        plan_version = d.pop("plan_version")

        recorded_by_agency = d.pop("recorded_by_agency")

        reviewed_on = datetime.date.fromisoformat(d.pop("reviewed_on"))

        review_public = cls(
            agencies_present=agencies_present,
            id=id,
            municipality_justification=municipality_justification,
            nav_present=nav_present,
            next_review_due=next_review_due,
            participant_acknowledged=participant_acknowledged,
            participant_comment=participant_comment,
            participant_disagrees=participant_disagrees,
            plan_version=plan_version,
            recorded_by_agency=recorded_by_agency,
            reviewed_on=reviewed_on,
        )

        review_public.additional_properties = d
        return review_public

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
