from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.exit_public_completion import ExitPublicCompletion
from ..models.exit_public_reason import ExitPublicReason

T = TypeVar("T", bound="ExitPublic")


@_attrs_define
class ExitPublic:
    """
    Attributes:
        completion (ExitPublicCompletion):
        end_date (datetime.date):
        reason (ExitPublicReason):
    """

    completion: ExitPublicCompletion
    end_date: datetime.date
    reason: ExitPublicReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completion = self.completion.value

        end_date = self.end_date.isoformat()

        reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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
        completion = ExitPublicCompletion(d.pop("completion"))

        end_date = datetime.date.fromisoformat(d.pop("end_date"))

        reason = ExitPublicReason(d.pop("reason"))

        exit_public = cls(
            completion=completion,
            end_date=end_date,
            reason=reason,
        )

        exit_public.additional_properties = d
        return exit_public

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
