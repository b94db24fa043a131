from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.closure_public_kind import ClosurePublicKind
from ..models.closure_public_provider_kind import ClosurePublicProviderKind

T = TypeVar("T", bound="ClosurePublic")


@_attrs_define
class ClosurePublic:
    """
    Attributes:
        covered_by (None | str):
        from_date (datetime.date):
        id (UUID):
        kind (ClosurePublicKind):
        provider_id (str):
        provider_kind (ClosurePublicProviderKind):
        recorded_at (datetime.datetime):
        recorded_by_agency (str):
        to_date (datetime.date):
    """

    covered_by: None | str
    from_date: datetime.date
    id: UUID
    kind: ClosurePublicKind
    provider_id: str
    provider_kind: ClosurePublicProviderKind
    recorded_at: datetime.datetime
    recorded_by_agency: str
    to_date: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        covered_by: None | str
        covered_by = self.covered_by

        from_date = self.from_date.isoformat()

        id = str(self.id)

        kind = self.kind.value

        provider_id = self.provider_id

        provider_kind = self.provider_kind.value

        recorded_at = self.recorded_at.isoformat()

        recorded_by_agency = self.recorded_by_agency

        to_date = self.to_date.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "covered_by": covered_by,
                "from_date": from_date,
                "id": id,
                "kind": kind,
                "provider_id": provider_id,
                "provider_kind": provider_kind,
                "recorded_at": recorded_at,
                "recorded_by_agency": recorded_by_agency,
                "to_date": to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_covered_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        covered_by = _parse_covered_by(d.pop("covered_by"))

        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        id = UUID(d.pop("id"))

        kind = ClosurePublicKind(d.pop("kind"))

        provider_id = d.pop("provider_id")

        provider_kind = ClosurePublicProviderKind(d.pop("provider_kind"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by_agency = d.pop("recorded_by_agency")

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        closure_public = cls(
            covered_by=covered_by,
            from_date=from_date,
            id=id,
            kind=kind,
            provider_id=provider_id,
            provider_kind=provider_kind,
            recorded_at=recorded_at,
            recorded_by_agency=recorded_by_agency,
            to_date=to_date,
        )

        closure_public.additional_properties = d
        return closure_public

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
