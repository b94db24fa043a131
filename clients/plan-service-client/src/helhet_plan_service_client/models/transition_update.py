from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.transition_update_next_step_type_0 import TransitionUpdateNextStepType0
from ..models.transition_update_receiving_kind_type_0 import TransitionUpdateReceivingKindType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionUpdate")


@_attrs_define
class TransitionUpdate:
    """The transition checklist as it stands (fields left out are not done yet).

    Attributes:
        nav_dialogue_held_on (datetime.date | None | Unset):
        next_step (None | TransitionUpdateNextStepType0 | Unset):
        receiving_kind (None | TransitionUpdateReceivingKindType0 | Unset):
        receiving_unit_id (None | str | Unset): the receiving unit's code; an employer: its org number
    """

    nav_dialogue_held_on: datetime.date | None | Unset = UNSET
    next_step: None | TransitionUpdateNextStepType0 | Unset = UNSET
    receiving_kind: None | TransitionUpdateReceivingKindType0 | Unset = UNSET
    receiving_unit_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        nav_dialogue_held_on: None | str | Unset
        if isinstance(self.nav_dialogue_held_on, Unset):
            nav_dialogue_held_on = UNSET
        elif isinstance(self.nav_dialogue_held_on, datetime.date):
            nav_dialogue_held_on = self.nav_dialogue_held_on.isoformat()
        else:
            nav_dialogue_held_on = self.nav_dialogue_held_on

        next_step: None | str | Unset
        if isinstance(self.next_step, Unset):
            next_step = UNSET
        elif isinstance(self.next_step, TransitionUpdateNextStepType0):
            next_step = self.next_step.value
        else:
            next_step = self.next_step

        receiving_kind: None | str | Unset
        if isinstance(self.receiving_kind, Unset):
            receiving_kind = UNSET
        elif isinstance(self.receiving_kind, TransitionUpdateReceivingKindType0):
            receiving_kind = self.receiving_kind.value
        else:
            receiving_kind = self.receiving_kind

        receiving_unit_id: None | str | Unset
        if isinstance(self.receiving_unit_id, Unset):
            receiving_unit_id = UNSET
        else:
            receiving_unit_id = self.receiving_unit_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if nav_dialogue_held_on is not UNSET:
            field_dict["nav_dialogue_held_on"] = nav_dialogue_held_on
        if next_step is not UNSET:
            field_dict["next_step"] = next_step
        if receiving_kind is not UNSET:
            field_dict["receiving_kind"] = receiving_kind
        if receiving_unit_id is not UNSET:
            field_dict["receiving_unit_id"] = receiving_unit_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_nav_dialogue_held_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                nav_dialogue_held_on_type_0 = datetime.date.fromisoformat(data)

                return nav_dialogue_held_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        nav_dialogue_held_on = _parse_nav_dialogue_held_on(d.pop("nav_dialogue_held_on", UNSET))

        def _parse_next_step(data: object) -> None | TransitionUpdateNextStepType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_step_type_0 = TransitionUpdateNextStepType0(data)

                return next_step_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionUpdateNextStepType0 | Unset, data)

        next_step = _parse_next_step(d.pop("next_step", UNSET))

        def _parse_receiving_kind(data: object) -> None | TransitionUpdateReceivingKindType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                receiving_kind_type_0 = TransitionUpdateReceivingKindType0(data)

                return receiving_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionUpdateReceivingKindType0 | Unset, data)

        receiving_kind = _parse_receiving_kind(d.pop("receiving_kind", UNSET))

        def _parse_receiving_unit_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        receiving_unit_id = _parse_receiving_unit_id(d.pop("receiving_unit_id", UNSET))

        transition_update = cls(
            nav_dialogue_held_on=nav_dialogue_held_on,
            next_step=next_step,
            receiving_kind=receiving_kind,
            receiving_unit_id=receiving_unit_id,
        )

        return transition_update
