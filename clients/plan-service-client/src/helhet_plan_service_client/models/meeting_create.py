from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.meeting_create_kind import MeetingCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendee_in import AttendeeIn
    from ..models.decision_in import DecisionIn


T = TypeVar("T", bound="MeetingCreate")


@_attrs_define
class MeetingCreate:
    """A meeting about the participant; each decision becomes an action.

    Attributes:
        attendees (list[AttendeeIn]):
        held_on (datetime.date):
        kind (MeetingCreateKind):
        decisions (list[DecisionIn] | Unset):
        notes (None | str | Unset): minutes: never published
        participant_present (bool | Unset):  Default: False.
    """

    attendees: list[AttendeeIn]
    held_on: datetime.date
    kind: MeetingCreateKind
    decisions: list[DecisionIn] | Unset = UNSET
    notes: None | str | Unset = UNSET
    participant_present: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        attendees = []
        for attendees_item_data in self.attendees:
            attendees_item = attendees_item_data.to_dict()
            attendees.append(attendees_item)

        held_on = self.held_on.isoformat()

        kind = self.kind.value

        decisions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.decisions, Unset):
            decisions = []
            for decisions_item_data in self.decisions:
                decisions_item = decisions_item_data.to_dict()
                decisions.append(decisions_item)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        participant_present = self.participant_present

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attendees": attendees,
                "held_on": held_on,
                "kind": kind,
            }
        )
        if decisions is not UNSET:
            field_dict["decisions"] = decisions
        if notes is not UNSET:
            field_dict["notes"] = notes
        if participant_present is not UNSET:
            field_dict["participant_present"] = participant_present

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendee_in import AttendeeIn  # noqa: PLC0415
        from ..models.decision_in import DecisionIn  # noqa: PLC0415

        d = dict(src_dict)
        attendees = []
        _attendees = d.pop("attendees")
        for attendees_item_data in _attendees:
            attendees_item = AttendeeIn.from_dict(attendees_item_data)

            attendees.append(attendees_item)

        held_on = datetime.date.fromisoformat(d.pop("held_on"))

        kind = MeetingCreateKind(d.pop("kind"))

        _decisions = d.pop("decisions", UNSET)
        decisions: list[DecisionIn] | Unset = UNSET
        if _decisions is not UNSET:
            decisions = []
            for decisions_item_data in _decisions:
                decisions_item = DecisionIn.from_dict(decisions_item_data)

                decisions.append(decisions_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        participant_present = d.pop("participant_present", UNSET)

        meeting_create = cls(
            attendees=attendees,
            held_on=held_on,
            kind=kind,
            decisions=decisions,
            notes=notes,
            participant_present=participant_present,
        )

        return meeting_create
