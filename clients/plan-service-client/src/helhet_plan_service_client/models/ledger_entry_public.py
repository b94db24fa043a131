from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ledger_entry_public_effect_type_0 import LedgerEntryPublicEffectType0
from ..models.ledger_entry_public_kind import LedgerEntryPublicKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="LedgerEntryPublic")


@_attrs_define
class LedgerEntryPublic:
    """
    Attributes:
        code (None | str):
        corrects (None | UUID):
        date (datetime.date):
        effect (LedgerEntryPublicEffectType0 | None):
        hours (float):
        id (UUID):
        kind (LedgerEntryPublicKind):
        recorded_at (datetime.datetime):
        recorded_by (str):
        recorded_by_agency (str):
        superseded_by (None | Unset | UUID): the entry correcting this
    """

    code: None | str
    corrects: None | UUID
    date: datetime.date
    effect: LedgerEntryPublicEffectType0 | None
    hours: float
    id: UUID
    kind: LedgerEntryPublicKind
    recorded_at: datetime.datetime
    recorded_by: str
    recorded_by_agency: str
    superseded_by: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: None | str
        code = self.code

        corrects: None | str
        if isinstance(self.corrects, UUID):
            corrects = str(self.corrects)
        else:
            corrects = self.corrects

        date = self.date.isoformat()

        effect: None | str
        if isinstance(self.effect, LedgerEntryPublicEffectType0):
            effect = self.effect.value
        else:
            effect = self.effect

        hours = self.hours

        id = str(self.id)

        kind = self.kind.value

        recorded_at = self.recorded_at.isoformat()

        recorded_by = self.recorded_by

        recorded_by_agency = self.recorded_by_agency

        superseded_by: None | str | Unset
        if isinstance(self.superseded_by, Unset):
            superseded_by = UNSET
        elif isinstance(self.superseded_by, UUID):
            superseded_by = str(self.superseded_by)
        else:
            superseded_by = self.superseded_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "corrects": corrects,
                "date": date,
                "effect": effect,
                "hours": hours,
                "id": id,
                "kind": kind,
                "recorded_at": recorded_at,
                "recorded_by": recorded_by,
                "recorded_by_agency": recorded_by_agency,
            }
        )
        if superseded_by is not UNSET:
            field_dict["superseded_by"] = superseded_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        def _parse_corrects(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                corrects_type_0 = UUID(data)

                return corrects_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        corrects = _parse_corrects(d.pop("corrects"))

        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_effect(data: object) -> LedgerEntryPublicEffectType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effect_type_0 = LedgerEntryPublicEffectType0(data)

                return effect_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LedgerEntryPublicEffectType0 | None, data)

        effect = _parse_effect(d.pop("effect"))

        hours = d.pop("hours")

        id = UUID(d.pop("id"))

        kind = LedgerEntryPublicKind(d.pop("kind"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by = d.pop("recorded_by")

        recorded_by_agency = d.pop("recorded_by_agency")

        def _parse_superseded_by(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                superseded_by_type_0 = UUID(data)

                return superseded_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        superseded_by = _parse_superseded_by(d.pop("superseded_by", UNSET))

        ledger_entry_public = cls(
            code=code,
            corrects=corrects,
            date=date,
            effect=effect,
            hours=hours,
            id=id,
            kind=kind,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            superseded_by=superseded_by,
        )

        ledger_entry_public.additional_properties = d
        return ledger_entry_public

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
