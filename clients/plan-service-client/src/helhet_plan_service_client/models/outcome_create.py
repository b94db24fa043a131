from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.outcome_create_measured_at import OutcomeCreateMeasuredAt
from ..models.outcome_create_status import OutcomeCreateStatus

T = TypeVar("T", bound="OutcomeCreate")


@_attrs_define
class OutcomeCreate:
    """The participant's status after the programme, at exit or one year after.

    Attributes:
        measured_at (OutcomeCreateMeasuredAt):
        status (OutcomeCreateStatus):
        status_on (datetime.date):
    """

    measured_at: OutcomeCreateMeasuredAt
    status: OutcomeCreateStatus
    status_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at.value

        status = self.status.value

        status_on = self.status_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "measured_at": measured_at,
                "status": status,
                "status_on": status_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = OutcomeCreateMeasuredAt(d.pop("measured_at"))

        status = OutcomeCreateStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        outcome_create = cls(
            measured_at=measured_at,
            status=status,
            status_on=status_on,
        )

        return outcome_create
