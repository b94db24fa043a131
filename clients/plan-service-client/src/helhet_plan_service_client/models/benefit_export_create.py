from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BenefitExportCreate")


@_attrs_define
class BenefitExportCreate:
    """
    Attributes:
        month (str):
    """

    month: str

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "month": month,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        month = d.pop("month")

        benefit_export_create = cls(
            month=month,
        )

        return benefit_export_create
