from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MoveCreate")


@_attrs_define
class MoveCreate:
    """The participant moved away from the municipality. Their plan and follow-up are
    read-only here afterwards; end the programme with the exit reason ``moved``.

        Attributes:
            to_municipality (None | str): kommunenummer of the destination; null when abroad or unknown
            moved_on (datetime.date | None | Unset): default: today
    """

    to_municipality: None | str
    moved_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to_municipality: None | str
        to_municipality = self.to_municipality

        moved_on: None | str | Unset
        if isinstance(self.moved_on, Unset):
            moved_on = UNSET
        elif isinstance(self.moved_on, datetime.date):
            moved_on = self.moved_on.isoformat()
        else:
            moved_on = self.moved_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to_municipality": to_municipality,
            }
        )
        if moved_on is not UNSET:
            field_dict["moved_on"] = moved_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_to_municipality(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        to_municipality = _parse_to_municipality(d.pop("to_municipality"))

        def _parse_moved_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                moved_on_type_0 = datetime.date.fromisoformat(data)

                return moved_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        moved_on = _parse_moved_on(d.pop("moved_on", UNSET))

        move_create = cls(
            to_municipality=to_municipality,
            moved_on=moved_on,
        )

        return move_create
