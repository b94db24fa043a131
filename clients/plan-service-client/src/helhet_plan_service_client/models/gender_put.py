from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.gender_put_gender import GenderPutGender

T = TypeVar("T", bound="GenderPut")


@_attrs_define
class GenderPut:
    """The participant's coarse gender, used only for statistics.

    Attributes:
        gender (GenderPutGender):
    """

    gender: GenderPutGender

    def to_dict(self) -> dict[str, Any]:
        gender = self.gender.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gender": gender,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        gender = GenderPutGender(d.pop("gender"))

        gender_put = cls(
            gender=gender,
        )

        return gender_put
