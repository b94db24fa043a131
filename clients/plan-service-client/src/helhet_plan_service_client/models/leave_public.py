from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.leave_public_reason import LeavePublicReason

T = TypeVar("T", bound="LeavePublic")


@_attrs_define
class LeavePublic:
    """
    Attributes:
        from_date (datetime.date):
        id (UUID):
        reason (LeavePublicReason):
        to_date (datetime.date):
    """

    from_date: datetime.date
    id: UUID
    reason: LeavePublicReason
    to_date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        id = str(self.id)

        reason = self.reason.value

        to_date = self.to_date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from_date": from_date,
                "id": id,
                "reason": reason,
                "to_date": to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        id = UUID(d.pop("id"))

        reason = LeavePublicReason(d.pop("reason"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        leave_public = cls(
            from_date=from_date,
            id=id,
            reason=reason,
            to_date=to_date,
        )

        leave_public.additional_properties = d
        return leave_public

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
