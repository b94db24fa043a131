from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.closure_create_covered_by_type_0 import ClosureCreateCoveredByType0
from ..models.closure_create_kind import ClosureCreateKind
from ..models.closure_create_provider_kind import ClosureCreateProviderKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClosureCreate")


@_attrs_define
class ClosureCreate:
    """A provider's holiday or closure, and who covers it.

    Attributes:
        from_date (datetime.date):
        kind (ClosureCreateKind):
        provider_id (str):
        provider_kind (ClosureCreateProviderKind):
        to_date (datetime.date): the last day closed, on or after `from_date`
        covered_by (ClosureCreateCoveredByType0 | None | Unset): the agency that runs the sessions in the closure (they
            keep counting towards full time); none: nobody, and the sessions do not count
    """

    from_date: datetime.date
    kind: ClosureCreateKind
    provider_id: str
    provider_kind: ClosureCreateProviderKind
    to_date: datetime.date
    covered_by: ClosureCreateCoveredByType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_date = self.from_date.isoformat()

        kind = self.kind.value

        provider_id = self.provider_id

        provider_kind = self.provider_kind.value

        to_date = self.to_date.isoformat()

        covered_by: None | str | Unset
        if isinstance(self.covered_by, Unset):
            covered_by = UNSET
        elif isinstance(self.covered_by, ClosureCreateCoveredByType0):
            covered_by = self.covered_by.value
        else:
            covered_by = self.covered_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from_date": from_date,
                "kind": kind,
                "provider_id": provider_id,
                "provider_kind": provider_kind,
                "to_date": to_date,
            }
        )
        if covered_by is not UNSET:
            field_dict["covered_by"] = covered_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_date = datetime.date.fromisoformat(d.pop("from_date"))

        kind = ClosureCreateKind(d.pop("kind"))

        provider_id = d.pop("provider_id")

        provider_kind = ClosureCreateProviderKind(d.pop("provider_kind"))

        to_date = datetime.date.fromisoformat(d.pop("to_date"))

        def _parse_covered_by(data: object) -> ClosureCreateCoveredByType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                covered_by_type_0 = ClosureCreateCoveredByType0(data)

                return covered_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ClosureCreateCoveredByType0 | None | Unset, data)

        covered_by = _parse_covered_by(d.pop("covered_by", UNSET))

        closure_create = cls(
            from_date=from_date,
            kind=kind,
            provider_id=provider_id,
            provider_kind=provider_kind,
            to_date=to_date,
            covered_by=covered_by,
        )

        return closure_create
