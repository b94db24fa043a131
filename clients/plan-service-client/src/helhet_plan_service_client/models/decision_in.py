from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.decision_in_owner_agency import DecisionInOwnerAgency
from ..models.decision_in_responsibility_type_0 import DecisionInResponsibilityType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionIn")


@_attrs_define
class DecisionIn:
    """A decision: what is to be done, by which unit, by when.

    Attributes:
        description (str): stored here, never published
        due_date (datetime.date):
        owner_agency (DecisionInOwnerAgency):
        owner_unit (str): the owning unit's id as the municipality's organisation model names it (e.g. nav, hls,
            flyktningkontor)
        responsibility (DecisionInResponsibilityType0 | None | Unset): the link of the chain the action serves
    """

    description: str
    due_date: datetime.date
    owner_agency: DecisionInOwnerAgency
    owner_unit: str
    responsibility: DecisionInResponsibilityType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        due_date = self.due_date.isoformat()

        owner_agency = self.owner_agency.value

        owner_unit = self.owner_unit

        responsibility: None | str | Unset
        if isinstance(self.responsibility, Unset):
            responsibility = UNSET
        elif isinstance(self.responsibility, DecisionInResponsibilityType0):
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
        if responsibility is not UNSET:
            field_dict["responsibility"] = responsibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        owner_agency = DecisionInOwnerAgency(d.pop("owner_agency"))

        owner_unit = d.pop("owner_unit")

        def _parse_responsibility(data: object) -> DecisionInResponsibilityType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                responsibility_type_0 = DecisionInResponsibilityType0(data)

                return responsibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DecisionInResponsibilityType0 | None | Unset, data)

        responsibility = _parse_responsibility(d.pop("responsibility", UNSET))

        decision_in = cls(
            description=description,
            due_date=due_date,
            owner_agency=owner_agency,
            owner_unit=owner_unit,
            responsibility=responsibility,
        )

        return decision_in
