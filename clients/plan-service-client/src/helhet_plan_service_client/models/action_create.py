from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.action_create_owner_agency import ActionCreateOwnerAgency
from ..models.action_create_responsibility_type_0 import ActionCreateResponsibilityType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActionCreate")


@_attrs_define
class ActionCreate:
    """An action outside a meeting.

    Attributes:
        description (str): stored here, never published
        due_date (datetime.date):
        owner_agency (ActionCreateOwnerAgency):
        owner_unit (str): the owning unit's id as the municipality's organisation model names it (e.g. nav, hls,
            flyktningkontor)
        created_on (datetime.date | None | Unset): default: today
        responsibility (ActionCreateResponsibilityType0 | None | Unset): the link of the chain the action serves
    """

    description: str
    due_date: datetime.date
    owner_agency: ActionCreateOwnerAgency
    owner_unit: str
    created_on: datetime.date | None | Unset = UNSET
    responsibility: ActionCreateResponsibilityType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        due_date = self.due_date.isoformat()

        owner_agency = self.owner_agency.value

        owner_unit = self.owner_unit

        created_on: None | str | Unset
        if isinstance(self.created_on, Unset):
            created_on = UNSET
        elif isinstance(self.created_on, datetime.date):
            created_on = self.created_on.isoformat()
        else:
            created_on = self.created_on

        responsibility: None | str | Unset
        if isinstance(self.responsibility, Unset):
            responsibility = UNSET
        elif isinstance(self.responsibility, ActionCreateResponsibilityType0):
            responsibility = self.responsibility.value
        else:
            responsibility = self.responsibility

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "due_date": due_date,
                "owner_agency": owner_agency,
                "owner_unit": owner_unit,
            }
        )
        if created_on is not UNSET:
            field_dict["created_on"] = created_on
        if responsibility is not UNSET:
            field_dict["responsibility"] = responsibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        owner_agency = ActionCreateOwnerAgency(d.pop("owner_agency"))

        owner_unit = d.pop("owner_unit")

        def _parse_created_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_on_type_0 = datetime.date.fromisoformat(data)

                return created_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        created_on = _parse_created_on(d.pop("created_on", UNSET))

        def _parse_responsibility(data: object) -> ActionCreateResponsibilityType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                responsibility_type_0 = ActionCreateResponsibilityType0(data)

                return responsibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActionCreateResponsibilityType0 | None | Unset, data)

        responsibility = _parse_responsibility(d.pop("responsibility", UNSET))

        action_create = cls(
            description=description,
            due_date=due_date,
            owner_agency=owner_agency,
            owner_unit=owner_unit,
            created_on=created_on,
            responsibility=responsibility,
        )

        return action_create
