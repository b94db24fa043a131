from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonIdentifiers")


@_attrs_define
class PersonIdentifiers:
    """Identity numbers: kept in plan-service, never published.

    Attributes:
        d_number (None | str | Unset): D-nummer
        duf_number (None | str | Unset): DUF-nummer (the immigration authorities' case number)
        fodselsnummer (None | str | Unset): fødselsnummer
    """

    d_number: None | str | Unset = UNSET
    duf_number: None | str | Unset = UNSET
    fodselsnummer: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        d_number: None | str | Unset
        if isinstance(self.d_number, Unset):
            d_number = UNSET
        else:
            d_number = self.d_number

        duf_number: None | str | Unset
        if isinstance(self.duf_number, Unset):
            duf_number = UNSET
        else:
            duf_number = self.duf_number

        fodselsnummer: None | str | Unset
        if isinstance(self.fodselsnummer, Unset):
            fodselsnummer = UNSET
        else:
            fodselsnummer = self.fodselsnummer

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if d_number is not UNSET:
            field_dict["d_number"] = d_number
        if duf_number is not UNSET:
            field_dict["duf_number"] = duf_number
        if fodselsnummer is not UNSET:
            field_dict["fodselsnummer"] = fodselsnummer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_d_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        d_number = _parse_d_number(d.pop("d_number", UNSET))

        def _parse_duf_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duf_number = _parse_duf_number(d.pop("duf_number", UNSET))

        def _parse_fodselsnummer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fodselsnummer = _parse_fodselsnummer(d.pop("fodselsnummer", UNSET))

        person_identifiers = cls(
            d_number=d_number,
            duf_number=duf_number,
            fodselsnummer=fodselsnummer,
        )

        return person_identifiers
