from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccessLogEntryPublic")


@_attrs_define
class AccessLogEntryPublic:
    """
    Attributes:
        agency (str):
        at (datetime.datetime):
        endpoint (str):
        purpose (str):
        sub (str): who read (the token's subject)
    """

    agency: str
    at: datetime.datetime
    endpoint: str
    purpose: str
    sub: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency

        at = self.at.isoformat()

        endpoint = self.endpoint

        purpose = self.purpose

        sub = self.sub

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agency": agency,
                "at": at,
                "endpoint": endpoint,
                "purpose": purpose,
                "sub": sub,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = d.pop("agency")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        endpoint = d.pop("endpoint")

        purpose = d.pop("purpose")

        sub = d.pop("sub")

        access_log_entry_public = cls(
            agency=agency,
            at=at,
            endpoint=endpoint,
            purpose=purpose,
            sub=sub,
        )

        access_log_entry_public.additional_properties = d
        return access_log_entry_public

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
