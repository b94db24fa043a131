from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_public_responsibility_type_0 import ActionPublicResponsibilityType0
from ..models.action_public_status import ActionPublicStatus

T = TypeVar("T", bound="ActionPublic")


@_attrs_define
class ActionPublic:
    """
    Attributes:
        completed_on (datetime.date | None):
        completion_note (None | str):
        created_on (datetime.date):
        description (str):
        due_date (datetime.date):
        id (UUID):
        meeting_id (None | UUID):
        overdue (bool): open and past its due date
        owner_agency (str):
        owner_unit (str):
        participant_id (UUID):
        responsibility (ActionPublicResponsibilityType0 | None):
        status (ActionPublicStatus):
    """

    completed_on: datetime.date | None
    completion_note: None | str
    created_on: datetime.date
    description: str
    due_date: datetime.date
    id: UUID
    meeting_id: None | UUID
    overdue: bool
    owner_agency: str
    owner_unit: str
    participant_id: UUID
    responsibility: ActionPublicResponsibilityType0 | None
    status: ActionPublicStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_on: None | str
        if isinstance(self.completed_on, datetime.date):
            completed_on = self.completed_on.isoformat()
        else:
            completed_on = self.completed_on

        completion_note: None | str
        completion_note = self.completion_note

        created_on = self.created_on.isoformat()

        description = self.description

        due_date = self.due_date.isoformat()

        id = str(self.id)

        meeting_id: None | str
        if isinstance(self.meeting_id, UUID):
            meeting_id = str(self.meeting_id)
        else:
            meeting_id = self.meeting_id

        overdue = self.overdue

        owner_agency = self.owner_agency

        owner_unit = self.owner_unit

        participant_id = str(self.participant_id)

        responsibility: None | str
        if isinstance(self.responsibility, ActionPublicResponsibilityType0):
            responsibility = self.responsibility.value
        else:
            responsibility = self.responsibility

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_on": completed_on,
                "completion_note": completion_note,
                "created_on": created_on,
                "description": description,
                "due_date": due_date,
                "id": id,
                "meeting_id": meeting_id,
                "overdue": overdue,
                "owner_agency": owner_agency,
                "owner_unit": owner_unit,
                "participant_id": participant_id,
                "responsibility": responsibility,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_completed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_on_type_0 = datetime.date.fromisoformat(data)

                return completed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        completed_on = _parse_completed_on(d.pop("completed_on"))

        def _parse_completion_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        completion_note = _parse_completion_note(d.pop("completion_note"))

        created_on = datetime.date.fromisoformat(d.pop("created_on"))

        description = d.pop("description")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        id = UUID(d.pop("id"))

        def _parse_meeting_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                meeting_id_type_0 = UUID(data)

                return meeting_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        meeting_id = _parse_meeting_id(d.pop("meeting_id"))

        overdue = d.pop("overdue")

        owner_agency = d.pop("owner_agency")

        owner_unit = d.pop("owner_unit")

        participant_id = UUID(d.pop("participant_id"))

        def _parse_responsibility(data: object) -> ActionPublicResponsibilityType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                responsibility_type_0 = ActionPublicResponsibilityType0(data)

                return responsibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActionPublicResponsibilityType0 | None, data)

        responsibility = _parse_responsibility(d.pop("responsibility"))

        status = ActionPublicStatus(d.pop("status"))

        action_public = cls(
            completed_on=completed_on,
            completion_note=completion_note,
            created_on=created_on,
            description=description,
            due_date=due_date,
            id=id,
            meeting_id=meeting_id,
            overdue=overdue,
            owner_agency=owner_agency,
            owner_unit=owner_unit,
            participant_id=participant_id,
            responsibility=responsibility,
            status=status,
        )

        action_public.additional_properties = d
        return action_public

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
