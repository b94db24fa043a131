from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_create_agency import ContactCreateAgency
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactCreate")


@_attrs_define
class ContactCreate:
    """The participant's contact person in an agency. Replacing an agency's current
    contact requires a hand-over note for the new one; the previous contact is kept in
    the history. Employees' names and phone numbers are never published.

        Attributes:
            agency (ContactCreateAgency):
            name (str):
            assigned_on (datetime.date | None | Unset): default: today
            email (None | str | Unset):
            handover_note (None | str | Unset): required when the agency already has a contact person (422 handover-note-
                required)
            phone (None | str | Unset):
            role (None | str | Unset):
    """

    agency: ContactCreateAgency
    name: str
    assigned_on: datetime.date | None | Unset = UNSET
    email: None | str | Unset = UNSET
    handover_note: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    role: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agency = self.agency.value

        name = self.name

        assigned_on: None | str | Unset
        if isinstance(self.assigned_on, Unset):
            assigned_on = UNSET
        elif isinstance(self.assigned_on, datetime.date):
            assigned_on = self.assigned_on.isoformat()
        else:
            assigned_on = self.assigned_on

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        handover_note: None | str | Unset
        if isinstance(self.handover_note, Unset):
            handover_note = UNSET
        else:
            handover_note = self.handover_note

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agency": agency,
                "name": name,
            }
        )
        if assigned_on is not UNSET:
            field_dict["assigned_on"] = assigned_on
        if email is not UNSET:
            field_dict["email"] = email
        if handover_note is not UNSET:
            field_dict["handover_note"] = handover_note
        if phone is not UNSET:
            field_dict["phone"] = phone
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency = ContactCreateAgency(d.pop("agency"))

        name = d.pop("name")

        def _parse_assigned_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assigned_on_type_0 = datetime.date.fromisoformat(data)

                return assigned_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        assigned_on = _parse_assigned_on(d.pop("assigned_on", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_handover_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        handover_note = _parse_handover_note(d.pop("handover_note", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        contact_create = cls(
            agency=agency,
            name=name,
            assigned_on=assigned_on,
            email=email,
            handover_note=handover_note,
            phone=phone,
            role=role,
        )

        return contact_create
