from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionChange")


@_attrs_define
class SessionChange:
    """New times for a session, or a new last day (fields left out stay as they are).

    Attributes:
        ends (None | str | Unset):
        starts (None | str | Unset):
        valid_to (datetime.date | None | Unset): a new last day
    """

    ends: None | str | Unset = UNSET
    starts: None | str | Unset = UNSET
    valid_to: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ends: None | str | Unset
        if isinstance(self.ends, Unset):
            ends = UNSET
        else:
            ends = self.ends

        starts: None | str | Unset
        if isinstance(self.starts, Unset):
            starts = UNSET
        else:
            starts = self.starts

        valid_to: None | str | Unset
        if isinstance(self.valid_to, Unset):
            valid_to = UNSET
        elif isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ends is not UNSET:
            field_dict["ends"] = ends
        if starts is not UNSET:
            field_dict["starts"] = starts
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_ends(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ends = _parse_ends(d.pop("ends", UNSET))

        def _parse_starts(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        starts = _parse_starts(d.pop("starts", UNSET))

        def _parse_valid_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)

                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_to = _parse_valid_to(d.pop("valid_to", UNSET))

        session_change = cls(
            ends=ends,
            starts=starts,
            valid_to=valid_to,
        )

        return session_change
