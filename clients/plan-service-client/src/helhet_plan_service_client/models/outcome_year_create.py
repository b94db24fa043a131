from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.outcome_year_create_status import OutcomeYearCreateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OutcomeYearCreate")


@_attrs_define
class OutcomeYearCreate:
    """The yearly follow-up, ``years_since_settlement`` years after settlement.

    Attributes:
        measured_at (Literal['year_n']):
        status (OutcomeYearCreateStatus):
        status_on (datetime.date):
        years_since_settlement (int): The years since settlement (1 to 5); the measure is dated in the year up to that
            anniversary.
        still_in_municipality (bool | None | Unset): Whether the participant still lives in the municipality.
    """

    measured_at: Literal["year_n"]
    status: OutcomeYearCreateStatus
    status_on: datetime.date
    years_since_settlement: int
    still_in_municipality: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        measured_at = self.measured_at

        status = self.status.value

        status_on = self.status_on.isoformat()

        years_since_settlement = self.years_since_settlement

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
                "years_since_settlement": years_since_settlement,
            }
        )
        if still_in_municipality is not UNSET:
            field_dict["still_in_municipality"] = still_in_municipality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        measured_at = cast(Literal["year_n"], d.pop("measured_at"))
        if measured_at != "year_n":
            raise ValueError(f"measured_at must match const 'year_n', got '{measured_at}'")

        status = OutcomeYearCreateStatus(d.pop("status"))

        status_on = datetime.date.fromisoformat(d.pop("status_on"))

        years_since_settlement = d.pop("years_since_settlement")

        def _parse_still_in_municipality(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        still_in_municipality = _parse_still_in_municipality(d.pop("still_in_municipality", UNSET))

        outcome_year_create = cls(
            measured_at=measured_at,
            status=status,
            status_on=status_on,
            years_since_settlement=years_since_settlement,
            still_in_municipality=still_in_municipality,
        )

        return outcome_year_create
