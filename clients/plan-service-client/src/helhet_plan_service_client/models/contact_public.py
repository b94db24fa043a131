from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ContactPublic")


@_attrs_define
class ContactPublic:
    """
    Attributes:
        agency (str):
        assigned_on (datetime.date):
        current (bool):
        email (None | str):
        ended_on (datetime.date | None):
        handover_note (None | str):
        id (UUID):
        name (str):
        phone (None | str):
        role (None | str):
    """

    agency: str
    assigned_on: datetime.date
    current: bool
    email: None | str
    ended_on: datetime.date | None
    handover_note: None | str
    id: UUID
    name: str
    phone: None | str
    role: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency

        assigned_on = self.assigned_on.isoformat()

        current = self.current

        email: None | str
        email = self.email

        ended_on: None | str
        if isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        handover_note: None | str
        handover_note = self.handover_note

        id = str(self.id)

        name = self.name

        phone: None | str
        phone = self.phone

        role: None | str
        role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agency": agency,
                "assigned_on": assigned_on,
                "current": current,
                "email": email,
                "ended_on": ended_on,
                "handover_note": handover_note,
                "id": id,
                "name": name,
                "phone": phone,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = d.pop("agency")

        assigned_on = datetime.date.fromisoformat(d.pop("assigned_on"))

        current = d.pop("current")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_ended_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ended_on = _parse_ended_on(d.pop("ended_on"))

        def _parse_handover_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handover_note = _parse_handover_note(d.pop("handover_note"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))

        contact_public = cls(
            agency=agency,
            assigned_on=assigned_on,
            current=current,
            email=email,
            ended_on=ended_on,
            handover_note=handover_note,
            id=id,
            name=name,
            phone=phone,
            role=role,
        )

        contact_public.additional_properties = d
        return contact_public

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
