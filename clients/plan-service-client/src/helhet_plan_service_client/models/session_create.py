from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.session_create_provider_kind import SessionCreateProviderKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionCreate")


@_attrs_define
class SessionCreate:
    """A weekly session of one provider, from a day (to a day).

    Attributes:
        ends (str): after `starts`, the same day
        provider_id (str): the provider unit's code (an organisation number or the municipality's unit code); a closure
            of the same kind and code closes the session
        provider_kind (SessionCreateProviderKind):
        starts (str):
        valid_from (datetime.date):
        weekday (int): 1 Monday to 7 Sunday
        valid_to (datetime.date | None | Unset): the last day; none: open-ended
    """

    ends: str
    provider_id: str
    provider_kind: SessionCreateProviderKind
    starts: str
    valid_from: datetime.date
    weekday: int
    valid_to: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ends = self.ends

        provider_id = self.provider_id

        provider_kind = self.provider_kind.value

        starts = self.starts

        valid_from = self.valid_from.isoformat()

        weekday = self.weekday

        valid_to: None | str | Unset
        if isinstance(self.valid_to, Unset):
            valid_to = UNSET
        elif isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ends": ends,
                "provider_id": provider_id,
                "provider_kind": provider_kind,
                "starts": starts,
                "valid_from": valid_from,
                "weekday": weekday,
            }
        )
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ends = d.pop("ends")

        provider_id = d.pop("provider_id")

        provider_kind = SessionCreateProviderKind(d.pop("provider_kind"))

        starts = d.pop("starts")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        weekday = d.pop("weekday")

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

        session_create = cls(
            ends=ends,
            provider_id=provider_id,
            provider_kind=provider_kind,
            starts=starts,
            valid_from=valid_from,
            weekday=weekday,
            valid_to=valid_to,
        )

        return session_create
