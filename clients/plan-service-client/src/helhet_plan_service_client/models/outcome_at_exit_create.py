from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.outcome_at_exit_create_measured_at import OutcomeAtExitCreateMeasuredAt
from ..models.outcome_at_exit_create_status import OutcomeAtExitCreateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OutcomeAtExitCreate")


@_attrs_define
class OutcomeAtExitCreate:
    """The participant's status at exit (IMDi) or one year after (SSB).

    Attributes:
        measured_at (OutcomeAtExitCreateMeasuredAt):
        status (OutcomeAtExitCreateStatus):
        status_on (datetime.date):
        still_in_municipality (bool | None | Unset): Whether the participant still lives in the municipality.
    """

    measured_at: OutcomeAtExitCreateMeasuredAt
    status: OutcomeAtExitCreateStatus
    status_on: datetime.date
    still_in_municipality: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at.value

        status = self.status.value

        status_on = self.status_on.isoformat()

        still_in_municipality: bool | None | Unset
        if isinstance(self.still_in_municipality, Unset):
            still_in_municipality = UNSET
        else:
            still_in_municipality = self.still_in_municipality

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "measured_at": measured_at,
                "status": status,
                "status_on": status_on,
            }
        )
        if still_in_municipality is not UNSET:
            field_dict["still_in_municipality"] = still_in_municipality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = OutcomeAtExitCreateMeasuredAt(d.pop("measured_at"))

        status = OutcomeAtExitCreateStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        def _parse_still_in_municipality(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        still_in_municipality = _parse_still_in_municipality(d.pop("still_in_municipality", UNSET))

        outcome_at_exit_create = cls(
            measured_at=measured_at,
            status=status,
            status_on=status_on,
            still_in_municipality=still_in_municipality,
        )

        return outcome_at_exit_create
