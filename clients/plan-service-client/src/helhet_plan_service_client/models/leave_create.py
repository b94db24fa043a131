from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.leave_create_reason import LeaveCreateReason

T = TypeVar("T", bound="LeaveCreate")


@_attrs_define
class LeaveCreate:
    """Leave (permisjon) from the programme, inside its period and not overlapping
    another. It does not move the expected end (an extension does that).

        Attributes:
            from_date (datetime.date):
            reason (LeaveCreateReason):
            to_date (datetime.date):
    """

    from_date: datetime.date
    reason: LeaveCreateReason
    to_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        reason = self.reason.value

        to_date = self.to_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_date": from_date,
                "reason": reason,
                "to_date": to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        reason = LeaveCreateReason(d.pop("reason"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        leave_create = cls(
            from_date=from_date,
            reason=reason,
            to_date=to_date,
        )

        return leave_create
