from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_public_provider_kind import SessionPublicProviderKind

T = TypeVar("T", bound="SessionPublic")


@_attrs_define
class SessionPublic:
    """
    Attributes:
        ends (str): HH:MM
        hours (float):
        id (UUID):
        provider_id (str):
        provider_kind (SessionPublicProviderKind):
        recorded_at (datetime.datetime):
        recorded_by (str):
        recorded_by_agency (str):
        starts (str): HH:MM
        valid_from (datetime.date):
        valid_to (datetime.date | None):
        weekday (int):
    """

    ends: str
    hours: float
    id: UUID
    provider_id: str
    provider_kind: SessionPublicProviderKind
    recorded_at: datetime.datetime
    recorded_by: str
    recorded_by_agency: str
    starts: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    weekday: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ends = self.ends

        hours = self.hours

        id = str(self.id)

        provider_id = self.provider_id

        provider_kind = self.provider_kind.value

        recorded_at = self.recorded_at.isoformat()

        recorded_by = self.recorded_by

        recorded_by_agency = self.recorded_by_agency

        starts = self.starts

        valid_from = self.valid_from.isoformat()

        valid_to: None | str
        if isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        weekday = self.weekday

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ends": ends,
                "hours": hours,
                "id": id,
                "provider_id": provider_id,
                "provider_kind": provider_kind,
                "recorded_at": recorded_at,
                "recorded_by": recorded_by,
                "recorded_by_agency": recorded_by_agency,
                "starts": starts,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "weekday": weekday,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ends = d.pop("ends")

        hours = d.pop("hours")

        id = UUID(d.pop("id"))

        provider_id = d.pop("provider_id")

        provider_kind = SessionPublicProviderKind(d.pop("provider_kind"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by = d.pop("recorded_by")

        recorded_by_agency = d.pop("recorded_by_agency")

        starts = d.pop("starts")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        def _parse_valid_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)

                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_to = _parse_valid_to(d.pop("valid_to"))

        weekday = d.pop("weekday")

        session_public = cls(
            ends=ends,
            hours=hours,
            id=id,
            provider_id=provider_id,
            provider_kind=provider_kind,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            starts=starts,
            valid_from=valid_from,
            valid_to=valid_to,
            weekday=weekday,
        )

        session_public.additional_properties = d
        return session_public

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
