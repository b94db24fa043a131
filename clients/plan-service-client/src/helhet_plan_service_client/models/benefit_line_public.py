from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BenefitLinePublic")


@_attrs_define
class BenefitLinePublic:
    """
    Attributes:
        amount_ore (int): what the line adds to the amount to pay, in øre
        description (str):
        entry_ids (list[UUID]):
        kind (str):
        month (str): the month the line's figures belong to (YYYY-MM)
        rule (str): the rule's id in docs/benefit.md
        figure_ore (int | None | Unset): the amount the line states
        hours (float | None | Unset):
    """

    amount_ore: int
    description: str
    entry_ids: list[UUID]
    kind: str
    month: str
    rule: str
    figure_ore: int | None | Unset = UNSET
    hours: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_ore = self.amount_ore

        description = self.description

        entry_ids = []
        for entry_ids_item_data in self.entry_ids:
            entry_ids_item = str(entry_ids_item_data)
            entry_ids.append(entry_ids_item)

        kind = self.kind

        month = self.month

        rule = self.rule

        figure_ore: int | None | Unset
        if isinstance(self.figure_ore, Unset):
            figure_ore = UNSET
        else:
            figure_ore = self.figure_ore

        hours: float | None | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        else:
            hours = self.hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_ore": amount_ore,
                "description": description,
                "entry_ids": entry_ids,
                "kind": kind,
                "month": month,
                "rule": rule,
            }
        )
        if figure_ore is not UNSET:
            field_dict["figure_ore"] = figure_ore
        if hours is not UNSET:
            field_dict["hours"] = hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_ore = d.pop("amount_ore")

        description = d.pop("description")

        entry_ids = []
        _entry_ids = d.pop("entry_ids")
        for entry_ids_item_data in _entry_ids:
            entry_ids_item = UUID(entry_ids_item_data)

            entry_ids.append(entry_ids_item)

        kind = d.pop("kind")

        month = d.pop("month")

        rule = d.pop("rule")

        def _parse_figure_ore(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        figure_ore = _parse_figure_ore(d.pop("figure_ore", UNSET))

        def _parse_hours(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hours = _parse_hours(d.pop("hours", UNSET))

        benefit_line_public = cls(
            amount_ore=amount_ore,
            description=description,
            entry_ids=entry_ids,
            kind=kind,
            month=month,
            rule=rule,
            figure_ore=figure_ore,
            hours=hours,
        )

        benefit_line_public.additional_properties = d
        return benefit_line_public

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
