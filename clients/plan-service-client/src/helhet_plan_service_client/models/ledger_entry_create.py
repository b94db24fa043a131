from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.ledger_entry_create_kind import LedgerEntryCreateKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="LedgerEntryCreate")


@_attrs_define
class LedgerEntryCreate:
    """Attendance or absence on one day; a correction names the entry it replaces.

    Attributes:
        date (datetime.date): the day, within the participant's programme
        hours (float):
        kind (LedgerEntryCreateKind):
        code (None | str | Unset): an absence's code from the municipality's list (GET /absence-codes); none on
            attendance
        corrects (None | Unset | UUID): the entry this one corrects (same participant, same month, not corrected
            before); the corrected entry stays in the ledger, superseded
    """

    date: datetime.date
    hours: float
    kind: LedgerEntryCreateKind
    code: None | str | Unset = UNSET
    corrects: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        hours = self.hours

        kind = self.kind.value

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        corrects: None | str | Unset
        if isinstance(self.corrects, Unset):
            corrects = UNSET
        elif isinstance(self.corrects, UUID):
            corrects = str(self.corrects)
        else:
            corrects = self.corrects

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "hours": hours,
                "kind": kind,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if corrects is not UNSET:
            field_dict["corrects"] = corrects

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        hours = d.pop("hours")

        kind = LedgerEntryCreateKind(d.pop("kind"))

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        def _parse_corrects(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                corrects_type_0 = UUID(data)

                return corrects_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        corrects = _parse_corrects(d.pop("corrects", UNSET))

        ledger_entry_create = cls(
            date=date,
            hours=hours,
            kind=kind,
            code=code,
            corrects=corrects,
        )

        return ledger_entry_create
