from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.sharing_basis_create_agency import SharingBasisCreateAgency
from ..models.sharing_basis_create_legal_basis import SharingBasisCreateLegalBasis
from ..models.sharing_basis_create_purpose import SharingBasisCreatePurpose
from ..types import UNSET, Unset

T = TypeVar("T", bound="SharingBasisCreate")


@_attrs_define
class SharingBasisCreate:
    """A public agency's legal basis for seeing the participant's data, per purpose.

    Attributes:
        agency (SharingBasisCreateAgency):
        legal_basis (SharingBasisCreateLegalBasis):
        purpose (SharingBasisCreatePurpose):
        valid_from (datetime.date | None | Unset): default: today
        valid_to (datetime.date | None | Unset):
    """

    agency: SharingBasisCreateAgency
    legal_basis: SharingBasisCreateLegalBasis
    purpose: SharingBasisCreatePurpose
    valid_from: datetime.date | None | Unset = UNSET
    valid_to: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency.value

        legal_basis = self.legal_basis.value

        purpose = self.purpose.value

        valid_from: None | str | Unset
        if isinstance(self.valid_from, Unset):
            valid_from = UNSET
        elif isinstance(self.valid_from, datetime.date):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

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
                "agency": agency,
                "legal_basis": legal_basis,
                "purpose": purpose,
            }
        )
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = SharingBasisCreateAgency(d.pop("agency"))

        legal_basis = SharingBasisCreateLegalBasis(d.pop("legal_basis"))

        purpose = SharingBasisCreatePurpose(d.pop("purpose"))

        def _parse_valid_from(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.date.fromisoformat(data)

                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_from = _parse_valid_from(d.pop("valid_from", UNSET))

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

        sharing_basis_create = cls(
            agency=agency,
            legal_basis=legal_basis,
            purpose=purpose,
            valid_from=valid_from,
            valid_to=valid_to,
        )

        return sharing_basis_create
