from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review_create_agencies_present_item import ReviewCreateAgenciesPresentItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReviewCreate")


@_attrs_define
class ReviewCreate:
    """The plan reviewed with the participant. When the participant disagrees, the
    municipality decides and must justify it in writing. The next review is due six
    months later unless ``next_review_due`` says otherwise.

        Attributes:
            agencies_present (list[ReviewCreateAgenciesPresentItem]):
            participant_acknowledged (bool): the participant confirms the plan was gone through with them
            municipality_justification (None | str | Unset): required when the participant disagrees (422 justification-
                required)
            next_review_due (datetime.date | None | Unset): default: six months later
            participant_comment (None | str | Unset): the participant's own words: stored here, never published
            participant_disagrees (bool | Unset):  Default: False.
            reviewed_on (datetime.date | None | Unset): default: today
    """

    agencies_present: list[ReviewCreateAgenciesPresentItem]
    participant_acknowledged: bool
    municipality_justification: None | str | Unset = UNSET
    next_review_due: datetime.date | None | Unset = UNSET
    participant_comment: None | str | Unset = UNSET
    participant_disagrees: bool | Unset = False
    reviewed_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agencies_present = []
        for agencies_present_item_data in self.agencies_present:
            agencies_present_item = agencies_present_item_data.value
            agencies_present.append(agencies_present_item)

        participant_acknowledged = self.participant_acknowledged

        municipality_justification: None | str | Unset
        if isinstance(self.municipality_justification, Unset):
            municipality_justification = UNSET
        else:
            municipality_justification = self.municipality_justification

        next_review_due: None | str | Unset
        if isinstance(self.next_review_due, Unset):
            next_review_due = UNSET
        elif isinstance(self.next_review_due, datetime.date):
            next_review_due = self.next_review_due.isoformat()
        else:
            next_review_due = self.next_review_due

        participant_comment: None | str | Unset
        if isinstance(self.participant_comment, Unset):
            participant_comment = UNSET
        else:
            participant_comment = self.participant_comment

        participant_disagrees = self.participant_disagrees

        reviewed_on: None | str | Unset
        if isinstance(self.reviewed_on, Unset):
            reviewed_on = UNSET
        elif isinstance(self.reviewed_on, datetime.date):
            reviewed_on = self.reviewed_on.isoformat()
        else:
            reviewed_on = self.reviewed_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agencies_present": agencies_present,
                "participant_acknowledged": participant_acknowledged,
            }
        )
        if municipality_justification is not UNSET:
            field_dict["municipality_justification"] = municipality_justification
        if next_review_due is not UNSET:
            field_dict["next_review_due"] = next_review_due
        if participant_comment is not UNSET:
            field_dict["participant_comment"] = participant_comment
        if participant_disagrees is not UNSET:
            field_dict["participant_disagrees"] = participant_disagrees
        if reviewed_on is not UNSET:
            field_dict["reviewed_on"] = reviewed_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agencies_present = []
        _agencies_present = d.pop("agencies_present")
        for agencies_present_item_data in _agencies_present:
            agencies_present_item = ReviewCreateAgenciesPresentItem(agencies_present_item_data)

            agencies_present.append(agencies_present_item)

        participant_acknowledged = d.pop("participant_acknowledged")

        def _parse_municipality_justification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        municipality_justification = _parse_municipality_justification(d.pop("municipality_justification", UNSET))

        def _parse_next_review_due(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_review_due_type_0 = datetime.date.fromisoformat(data)

                return next_review_due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        next_review_due = _parse_next_review_due(d.pop("next_review_due", UNSET))

        def _parse_participant_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        participant_comment = _parse_participant_comment(d.pop("participant_comment", UNSET))

        participant_disagrees = d.pop("participant_disagrees", UNSET)

        def _parse_reviewed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_on_type_0 = datetime.date.fromisoformat(data)

                return reviewed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        reviewed_on = _parse_reviewed_on(d.pop("reviewed_on", UNSET))

        review_create = cls(
            agencies_present=agencies_present,
            participant_acknowledged=participant_acknowledged,
            municipality_justification=municipality_justification,
            next_review_due=next_review_due,
            participant_comment=participant_comment,
            participant_disagrees=participant_disagrees,
            reviewed_on=reviewed_on,
        )

        return review_create
