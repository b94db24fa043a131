from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.exit_create_completion import ExitCreateCompletion
from ..models.exit_create_reason import ExitCreateReason

T = TypeVar("T", bound="ExitCreate")


@_attrs_define
class ExitCreate:
    """End the programme: completed (avsluttet) or interrupted (avbrutt).

    Attributes:
        completion (ExitCreateCompletion):
        end_date (datetime.date):
        reason (ExitCreateReason):
    """

    completion: ExitCreateCompletion
    end_date: datetime.date
    reason: ExitCreateReason

    def to_dict(self) -> dict[str, Any]:
        completion = self.completion.value

        end_date = self.end_date.isoformat()

        reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "completion": completion,
                "end_date": end_date,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completion = ExitCreateCompletion(d.pop("completion"))

        end_date = datetime.date.fromisoformat(d.pop("end_date"))

        reason = ExitCreateReason(d.pop("reason"))

        exit_create = cls(
            completion=completion,
            end_date=end_date,
            reason=reason,
        )

        return exit_create
