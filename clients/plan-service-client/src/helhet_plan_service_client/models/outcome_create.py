from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.outcome_create_measured_at import OutcomeCreateMeasuredAt
from ..models.outcome_create_status import OutcomeCreateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OutcomeCreate")


@_attrs_define
class OutcomeCreate:
    """The participant's status after the programme, at exit or one year after.

    Attributes:
        measured_at (OutcomeCreateMeasuredAt):
        status (OutcomeCreateStatus):
        status_on (datetime.date):
        still_in_municipality (bool | None | Unset): Whether the participant still lives in the municipality.
        years_since_settlement (int | None | Unset): For `year_n`, required: the years since settlement (1 to 5); the
            measure is dated in the year up to that anniversary.
    """

    measured_at: OutcomeCreateMeasuredAt
    status: OutcomeCreateStatus
    status_on: datetime.date
    still_in_municipality: bool | None | Unset = UNSET
    years_since_settlement: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at.value

        status = self.status.value

        status_on = self.status_on.isoformat()

        still_in_municipality: bool | None | Unset
        if isinstance(self.still_in_municipality, Unset):
            still_in_municipality = UNSET
        else:
            still_in_municipality = self.still_in_municipality

        years_since_settlement: int | None | Unset
        if isinstance(self.years_since_settlement, Unset):
            years_since_settlement = UNSET
        else:
            years_since_settlement = self.years_since_settlement

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
        if years_since_settlement is not UNSET:
            field_dict["years_since_settlement"] = years_since_settlement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = OutcomeCreateMeasuredAt(d.pop("measured_at"))

        status = OutcomeCreateStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        def _parse_still_in_municipality(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        still_in_municipality = _parse_still_in_municipality(d.pop("still_in_municipality", UNSET))

        def _parse_years_since_settlement(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        years_since_settlement = _parse_years_since_settlement(d.pop("years_since_settlement", UNSET))

        outcome_create = cls(
            measured_at=measured_at,
            status=status,
            status_on=status_on,
            still_in_municipality=still_in_municipality,
            years_since_settlement=years_since_settlement,
        )

        return outcome_create
