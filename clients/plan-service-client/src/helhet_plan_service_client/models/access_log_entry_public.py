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
        endpoint (str): the route read, e.g. `GET /participants/{participant_id}`
        purpose (str):
        sub (str): who read (the token's subject)
        acting_municipality (None | str | Unset): the reader's own municipality when they acted for a partner of their
            host municipality (inter-municipal cooperation); null when they acted for their own
        categories (list[str] | None | Unset): the categories of data read; null: not recorded
        client_name (None | str | Unset): an agency system's organisation (its name in the issuers file), when a system
            read with client credentials; null for a person
        legal_basis (None | str | Unset): what the read stood on: the law's code or `consent`; null: not recorded
        role (None | str | Unset): the role the read was made in
        service (str | Unset): the service the read was made in (plan-service's own reads, and the reads placement-,
            volunteer- and reporting-service publish) Default: 'plan-service'.
    """

    agency: str
    at: datetime.datetime
    endpoint: str
    purpose: str
    sub: str
    acting_municipality: None | str | Unset = UNSET
    categories: list[str] | None | Unset = UNSET
    client_name: None | str | Unset = UNSET
    legal_basis: None | str | Unset = UNSET
    role: None | str | Unset = UNSET
    service: str | Unset = "plan-service"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency

        at = self.at.isoformat()

        endpoint = self.endpoint

        purpose = self.purpose

        sub = self.sub

        acting_municipality: None | str | Unset
        if isinstance(self.acting_municipality, Unset):
            acting_municipality = UNSET
        else:
            acting_municipality = self.acting_municipality

        categories: list[str] | None | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        elif isinstance(self.categories, list):
            categories = self.categories

        else:
            categories = self.categories

        client_name: None | str | Unset
        if isinstance(self.client_name, Unset):
            client_name = UNSET
        else:
            client_name = self.client_name

        legal_basis: None | str | Unset
        if isinstance(self.legal_basis, Unset):
            legal_basis = UNSET
        else:
            legal_basis = self.legal_basis

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        service = self.service

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
        if acting_municipality is not UNSET:
            field_dict["acting_municipality"] = acting_municipality
        if categories is not UNSET:
            field_dict["categories"] = categories
        if client_name is not UNSET:
            field_dict["client_name"] = client_name
        if legal_basis is not UNSET:
            field_dict["legal_basis"] = legal_basis
        if role is not UNSET:
            field_dict["role"] = role
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = d.pop("agency")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        endpoint = d.pop("endpoint")

        purpose = d.pop("purpose")

        sub = d.pop("sub")

        def _parse_acting_municipality(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acting_municipality = _parse_acting_municipality(d.pop("acting_municipality", UNSET))

        def _parse_categories(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                categories_type_0 = cast(list[str], data)

                return categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        categories = _parse_categories(d.pop("categories", UNSET))

        def _parse_client_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_name = _parse_client_name(d.pop("client_name", UNSET))

        def _parse_legal_basis(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        legal_basis = _parse_legal_basis(d.pop("legal_basis", UNSET))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        service = d.pop("service", UNSET)

        access_log_entry_public = cls(
            agency=agency,
            at=at,
            endpoint=endpoint,
            purpose=purpose,
            sub=sub,
            acting_municipality=acting_municipality,
            categories=categories,
            client_name=client_name,
            legal_basis=legal_basis,
            role=role,
            service=service,
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
