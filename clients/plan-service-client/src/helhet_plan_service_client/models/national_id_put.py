from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NationalIdPut")


@_attrs_define
class NationalIdPut:
    """The national identity number the participant signs in with through ID-porten.
    Stored only in plan-service; never returned, published or logged.

        Attributes:
            national_id (str): fødselsnummer or D-number: 11 digits, the last two modulus-11 check digits (weights 3, 7, 6,
                1, 8, 9, 4, 5, 2 and 5, 4, 3, 2, 7, 6, 5, 4, 3, 2). Wrong check digits are a 422.
    """

    national_id: str

    def to_dict(self) -> dict[str, Any]:
        national_id = self.national_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "national_id": national_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        national_id = d.pop("national_id")

        national_id_put = cls(
            national_id=national_id,
        )

        return national_id_put
