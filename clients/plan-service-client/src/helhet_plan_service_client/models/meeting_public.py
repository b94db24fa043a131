from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.meeting_public_kind import MeetingPublicKind

if TYPE_CHECKING:
    from ..models.action_public import ActionPublic
    from ..models.attendee_public import AttendeePublic


T = TypeVar("T", bound="MeetingPublic")


@_attrs_define
class MeetingPublic:
    """
    Attributes:
        actions (list[ActionPublic]): the actions its decisions became
        agencies_present (list[str]):
        attendees (list[AttendeePublic]):
        held_on (datetime.date):
        id (UUID):
        kind (MeetingPublicKind):
        nav_present (bool):
        notes (None | str):
        participant_present (bool):
        recorded_by_agency (str):
    """

    actions: list[ActionPublic]
    agencies_present: list[str]
    attendees: list[AttendeePublic]
    held_on: datetime.date
    id: UUID
    kind: MeetingPublicKind
    nav_present: bool
    notes: None | str
    participant_present: bool
    recorded_by_agency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        agencies_present = self.agencies_present

        attendees = []
        for attendees_item_data in self.attendees:
            attendees_item = attendees_item_data.to_dict()
            attendees.append(attendees_item)

        held_on = self.held_on.isoformat()

        id = str(self.id)

        kind = self.kind.value

        nav_present = self.nav_present

        notes: None | str
        notes = self.notes

        participant_present = self.participant_present

        recorded_by_agency = self.recorded_by_agency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "agencies_present": agencies_present,
                "attendees": attendees,
                "held_on": held_on,
                "id": id,
                "kind": kind,
                "nav_present": nav_present,
                "notes": notes,
                "participant_present": participant_present,
                "recorded_by_agency": recorded_by_agency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_public import ActionPublic  # noqa: PLC0415
        from ..models.attendee_public import AttendeePublic  # noqa: PLC0415

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = ActionPublic.from_dict(actions_item_data)

            actions.append(actions_item)

        agencies_present = cast(list[str], d.pop("agencies_present"))

        attendees = []
        _attendees = d.pop("attendees")
        for attendees_item_data in _attendees:
            attendees_item = AttendeePublic.from_dict(attendees_item_data)

            attendees.append(attendees_item)

        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        id = UUID(d.pop("id"))

        kind = MeetingPublicKind(d.pop("kind"))

        nav_present = d.pop("nav_present")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        participant_present = d.pop("participant_present")

        recorded_by_agency = d.pop("recorded_by_agency")

        meeting_public = cls(
            actions=actions,
            agencies_present=agencies_present,
            attendees=attendees,
            held_on=held_on,
            id=id,
            kind=kind,
            nav_present=nav_present,
            notes=notes,
            participant_present=participant_present,
            recorded_by_agency=recorded_by_agency,
        )

        meeting_public.additional_properties = d
        return meeting_public

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
