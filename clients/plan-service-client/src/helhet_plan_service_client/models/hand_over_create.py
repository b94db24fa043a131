from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.hand_over_create_receiving_kind import HandOverCreateReceivingKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="HandOverCreate")


@_attrs_define
class HandOverCreate:
    """
    Attributes:
        receiving_kind (HandOverCreateReceivingKind):
        receiving_unit_id (str): the receiving unit's code; an employer: its organisation number
        participant_comment (None | str | Unset): the participant's own comment, in the package
    """

    receiving_kind: HandOverCreateReceivingKind
    receiving_unit_id: str
    participant_comment: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        receiving_kind = self.receiving_kind.value

        receiving_unit_id = self.receiving_unit_id

        participant_comment: None | str | Unset
        if isinstance(self.participant_comment, Unset):
            participant_comment = UNSET
        else:
            participant_comment = self.participant_comment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "receiving_kind": receiving_kind,
                "receiving_unit_id": receiving_unit_id,
            }
        )
        if participant_comment is not UNSET:
            field_dict["participant_comment"] = participant_comment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        receiving_kind = HandOverCreateReceivingKind(d.pop("receiving_kind"))

        receiving_unit_id = d.pop("receiving_unit_id")

        def _parse_participant_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        participant_comment = _parse_participant_comment(d.pop("participant_comment", UNSET))

        hand_over_create = cls(
            receiving_kind=receiving_kind,
            receiving_unit_id=receiving_unit_id,
            participant_comment=participant_comment,
        )

        return hand_over_create
