from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.erasure_public_reason import ErasurePublicReason

T = TypeVar("T", bound="ErasurePublic")


@_attrs_define
class ErasurePublic:
    """
    Attributes:
        erased_on (datetime.date):
        participant_id (UUID):
        reason (ErasurePublicReason):
    """

    erased_on: datetime.date
    participant_id: UUID
    reason: ErasurePublicReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        erased_on = self.erased_on.isoformat()

        participant_id = str(self.participant_id)

        reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "erased_on": erased_on,
                "participant_id": participant_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        erased_on = datetime.date.fromisoformat(d.pop("erased_on"))

        participant_id = UUID(d.pop("participant_id"))

        reason = ErasurePublicReason(d.pop("reason"))

        erasure_public = cls(
            erased_on=erased_on,
            participant_id=participant_id,
            reason=reason,
        )

        erasure_public.additional_properties = d
        return erasure_public

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
