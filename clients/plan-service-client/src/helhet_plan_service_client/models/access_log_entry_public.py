from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
        client_name (None | str | Unset): an agency system's organisation (its name in the issuers file), when a system
            read with client credentials; null for a person
    """

    agency: str
    at: datetime.datetime
    endpoint: str
    purpose: str
    sub: str
    client_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency

        at = self.at.isoformat()

        endpoint = self.endpoint

        purpose = self.purpose

        sub = self.sub

        client_name: None | str | Unset
        if isinstance(self.client_name, Unset):
            client_name = UNSET
        else:
            client_name = self.client_name

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
        if client_name is not UNSET:
            field_dict["client_name"] = client_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = d.pop("agency")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        endpoint = d.pop("endpoint")

        purpose = d.pop("purpose")

        sub = d.pop("sub")

        def _parse_client_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_name = _parse_client_name(d.pop("client_name", UNSET))

        access_log_entry_public = cls(
            agency=agency,
            at=at,
            endpoint=endpoint,
            purpose=purpose,
            sub=sub,
            client_name=client_name,
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
