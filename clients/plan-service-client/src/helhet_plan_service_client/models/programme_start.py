from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.programme_start_regime import ProgrammeStartRegime

T = TypeVar("T", bound="ProgrammeStart")


@_attrs_define
class ProgrammeStart:
    """Start the introduction programme under a regime.

    Attributes:
        expected_end_date (datetime.date):
        regime (ProgrammeStartRegime):
        start_date (datetime.date):
    """

    expected_end_date: datetime.date
    regime: ProgrammeStartRegime
    start_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        expected_end_date = self.expected_end_date.isoformat()

        regime = self.regime.value

        start_date = self.start_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "expected_end_date": expected_end_date,
                "regime": regime,
                "start_date": start_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expected_end_date = datetime.date.fromisoformat(d.pop("expected_end_date"))

        regime = ProgrammeStartRegime(d.pop("regime"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        programme_start = cls(
            expected_end_date=expected_end_date,
            regime=regime,
            start_date=start_date,
        )

        return programme_start
