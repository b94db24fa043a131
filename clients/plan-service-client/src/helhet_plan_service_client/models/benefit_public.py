from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.benefit_line_public import BenefitLinePublic


T = TypeVar("T", bound="BenefitPublic")


@_attrs_define
class BenefitPublic:
    """
    Attributes:
        exported_at (datetime.datetime | None): when the month was exported: its lines no longer change
        grunnbelop (int): G in force on the month's first day, in kroner
        grunnbelop_from (datetime.date):
        grunnbelop_verified (bool): false: a configured or unverified value
        lines (list[BenefitLinePublic]):
        month (str):
        participant_id (UUID):
        regime (str):
        to_pay_ore (int):
    """

    exported_at: datetime.datetime | None
    grunnbelop: int
    grunnbelop_from: datetime.date
    grunnbelop_verified: bool
    lines: list[BenefitLinePublic]
    month: str
    participant_id: UUID
    regime: str
    to_pay_ore: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exported_at: None | str
        if isinstance(self.exported_at, datetime.datetime):
            exported_at = self.exported_at.isoformat()
        else:
            exported_at = self.exported_at

        grunnbelop = self.grunnbelop

        grunnbelop_from = self.grunnbelop_from.isoformat()

        grunnbelop_verified = self.grunnbelop_verified

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        month = self.month

        participant_id = str(self.participant_id)

        regime = self.regime

        to_pay_ore = self.to_pay_ore

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exported_at": exported_at,
                "grunnbelop": grunnbelop,
                "grunnbelop_from": grunnbelop_from,
                "grunnbelop_verified": grunnbelop_verified,
                "lines": lines,
                "month": month,
                "participant_id": participant_id,
                "regime": regime,
                "to_pay_ore": to_pay_ore,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.benefit_line_public import BenefitLinePublic  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_exported_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                exported_at_type_0 = datetime.datetime.fromisoformat(data)

                return exported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        exported_at = _parse_exported_at(d.pop("exported_at"))

        grunnbelop = d.pop("grunnbelop")

        grunnbelop_from = datetime.date.fromisoformat(d.pop("grunnbelop_from"))

        grunnbelop_verified = d.pop("grunnbelop_verified")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = BenefitLinePublic.from_dict(lines_item_data)

            lines.append(lines_item)

        month = d.pop("month")

        participant_id = UUID(d.pop("participant_id"))

        regime = d.pop("regime")

        to_pay_ore = d.pop("to_pay_ore")

        benefit_public = cls(
            exported_at=exported_at,
            grunnbelop=grunnbelop,
            grunnbelop_from=grunnbelop_from,
            grunnbelop_verified=grunnbelop_verified,
            lines=lines,
            month=month,
            participant_id=participant_id,
            regime=regime,
            to_pay_ore=to_pay_ore,
        )

        benefit_public.additional_properties = d
        return benefit_public

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
