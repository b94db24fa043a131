from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SelfStudyUpdate")


@_attrs_define
class SelfStudyUpdate:
    """
    Attributes:
        heavy (bool): true: self-study is heavy and 30 hours a week is full time
    """

    heavy: bool

    def to_dict(self) -> dict[str, Any]:
        heavy = self.heavy

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "heavy": heavy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        heavy = d.pop("heavy")

        self_study_update = cls(
            heavy=heavy,
        )

        return self_study_update
