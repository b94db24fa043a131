from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transition_public_next_step_type_0 import TransitionPublicNextStepType0
from ..models.transition_public_receiving_kind_type_0 import TransitionPublicReceivingKindType0

T = TypeVar("T", bound="TransitionPublic")


@_attrs_define
class TransitionPublic:
    """
    Attributes:
        complete (bool): the dialogue held, the next step agreed, a unit named
        in_transition (bool):
        nav_dialogue_held_on (datetime.date | None):
        next_step (None | TransitionPublicNextStepType0):
        opens_on (datetime.date): the first day of the transition
        participant_id (UUID):
        receiving_kind (None | TransitionPublicReceivingKindType0):
        receiving_unit_id (None | str):
    """

    complete: bool
    in_transition: bool
    nav_dialogue_held_on: datetime.date | None
    next_step: None | TransitionPublicNextStepType0
    opens_on: datetime.date
    participant_id: UUID
    receiving_kind: None | TransitionPublicReceivingKindType0
    receiving_unit_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complete = self.complete

        in_transition = self.in_transition

        nav_dialogue_held_on: None | str
        if isinstance(self.nav_dialogue_held_on, datetime.date):
            nav_dialogue_held_on = self.nav_dialogue_held_on.isoformat()
        else:
            nav_dialogue_held_on = self.nav_dialogue_held_on

        next_step: None | str
        if isinstance(self.next_step, TransitionPublicNextStepType0):
            next_step = self.next_step.value
        else:
            next_step = self.next_step

        opens_on = self.opens_on.isoformat()

        participant_id = str(self.participant_id)

        receiving_kind: None | str
        if isinstance(self.receiving_kind, TransitionPublicReceivingKindType0):
            receiving_kind = self.receiving_kind.value
        else:
            receiving_kind = self.receiving_kind

        receiving_unit_id: None | str
        receiving_unit_id = self.receiving_unit_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complete": complete,
                "in_transition": in_transition,
                "nav_dialogue_held_on": nav_dialogue_held_on,
                "next_step": next_step,
                "opens_on": opens_on,
                "participant_id": participant_id,
                "receiving_kind": receiving_kind,
                "receiving_unit_id": receiving_unit_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        complete = d.pop("complete")

        in_transition = d.pop("in_transition")

        def _parse_nav_dialogue_held_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                nav_dialogue_held_on_type_0 = datetime.date.fromisoformat(data)

                return nav_dialogue_held_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        nav_dialogue_held_on = _parse_nav_dialogue_held_on(d.pop("nav_dialogue_held_on"))

        def _parse_next_step(data: object) -> None | TransitionPublicNextStepType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_step_type_0 = TransitionPublicNextStepType0(data)

                return next_step_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionPublicNextStepType0, data)

        next_step = _parse_next_step(d.pop("next_step"))

        opens_on = datetime.date.fromisoformat(d.pop("opens_on"))

        participant_id = UUID(d.pop("participant_id"))

        def _parse_receiving_kind(data: object) -> None | TransitionPublicReceivingKindType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                receiving_kind_type_0 = TransitionPublicReceivingKindType0(data)

                return receiving_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionPublicReceivingKindType0, data)

        receiving_kind = _parse_receiving_kind(d.pop("receiving_kind"))

        def _parse_receiving_unit_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        receiving_unit_id = _parse_receiving_unit_id(d.pop("receiving_unit_id"))

        transition_public = cls(
            complete=complete,
            in_transition=in_transition,
            nav_dialogue_held_on=nav_dialogue_held_on,
            next_step=next_step,
            opens_on=opens_on,
            participant_id=participant_id,
            receiving_kind=receiving_kind,
            receiving_unit_id=receiving_unit_id,
        )

        transition_public.additional_properties = d
        return transition_public

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
