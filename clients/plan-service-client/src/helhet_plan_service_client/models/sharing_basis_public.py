from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sharing_basis_public_legal_basis import SharingBasisPublicLegalBasis
from ..models.sharing_basis_public_purpose import SharingBasisPublicPurpose

T = TypeVar("T", bound="SharingBasisPublic")


@_attrs_define
class SharingBasisPublic:
    """
    Attributes:
        agency (str):
        id (UUID):
        in_force (bool): today
        legal_basis (SharingBasisPublicLegalBasis):
        purpose (SharingBasisPublicPurpose):
        valid_from (datetime.date):
        valid_to (datetime.date | None):
    """

    agency: str
    id: UUID
    in_force: bool
    legal_basis: SharingBasisPublicLegalBasis
    purpose: SharingBasisPublicPurpose
    valid_from: datetime.date
    valid_to: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency

        id = str(self.id)

        in_force = self.in_force

        legal_basis = self.legal_basis.value

        purpose = self.purpose.value

        valid_from = self.valid_from.isoformat()

        valid_to: None | str
        if isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agency": agency,
                "id": id,
                "in_force": in_force,
                "legal_basis": legal_basis,
                "purpose": purpose,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = d.pop("agency")

        id = UUID(d.pop("id"))

        in_force = d.pop("in_force")

        legal_basis = SharingBasisPublicLegalBasis(d.pop("legal_basis"))

        purpose = SharingBasisPublicPurpose(d.pop("purpose"))

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

        sharing_basis_public = cls(
            agency=agency,
            id=id,
            in_force=in_force,
            legal_basis=legal_basis,
            purpose=purpose,
            valid_from=valid_from,
            valid_to=valid_to,
        )

        sharing_basis_public.additional_properties = d
        return sharing_basis_public

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
