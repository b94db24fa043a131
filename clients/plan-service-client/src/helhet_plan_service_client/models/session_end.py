from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SessionEnd")


@_attrs_define
class SessionEnd:
    """The session's last day.

    Attributes:
        valid_to (datetime.date): the last day the session runs
    """

    valid_to: datetime.date

    def to_dict(self) -> dict[str, Any]:
        valid_to = self.valid_to.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "valid_to": valid_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        valid_to = datetime.date.fromisoformat(d.pop("valid_to"))

        session_end = cls(
            valid_to=valid_to,
        )

        return session_end
