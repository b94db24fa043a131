from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.extension_create_reason import ExtensionCreateReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExtensionCreate")


@_attrs_define
class ExtensionCreate:
    """Extend the programme to a new expected end (at most one year in all).

    Attributes:
        new_expected_end_date (datetime.date):
        reason (ExtensionCreateReason):
        decided_on (datetime.date | None | Unset): default: today
    """

    new_expected_end_date: datetime.date
    reason: ExtensionCreateReason
    decided_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        new_expected_end_date = self.new_expected_end_date.isoformat()

        reason = self.reason.value

        decided_on: None | str | Unset
        if isinstance(self.decided_on, Unset):
            decided_on = UNSET
        elif isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "new_expected_end_date": new_expected_end_date,
                "reason": reason,
            }
        )
        if decided_on is not UNSET:
            field_dict["decided_on"] = decided_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_expected_end_date = datetime.date.fromisoformat(d.pop("new_expected_end_date"))

        reason = ExtensionCreateReason(d.pop("reason"))

        def _parse_decided_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        decided_on = _parse_decided_on(d.pop("decided_on", UNSET))

        extension_create = cls(
            new_expected_end_date=new_expected_end_date,
            reason=reason,
            decided_on=decided_on,
        )

        return extension_create
