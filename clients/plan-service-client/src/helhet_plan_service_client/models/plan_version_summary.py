from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlanVersionSummary")


@_attrs_define
class PlanVersionSummary:
    """
    Attributes:
        changed_at (datetime.datetime):
        changed_by (str): the login of who made the version
        changed_by_agency (str):
        contribution_id (None | UUID): the accepted contribution, if any
        reason (str):
        version (int):
    """

    changed_at: datetime.datetime
    changed_by: str
    changed_by_agency: str
    contribution_id: None | UUID
    reason: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changed_at = self.changed_at.isoformat()

        changed_by = self.changed_by

        changed_by_agency = self.changed_by_agency

        contribution_id: None | str
        if isinstance(self.contribution_id, UUID):
            contribution_id = str(self.contribution_id)
        else:
            contribution_id = self.contribution_id

        reason = self.reason

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changed_at": changed_at,
                "changed_by": changed_by,
                "changed_by_agency": changed_by_agency,
                "contribution_id": contribution_id,
                "reason": reason,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        changed_by = d.pop("changed_by")

        changed_by_agency = d.pop("changed_by_agency")

        def _parse_contribution_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contribution_id_type_0 = UUID(data)

                return contribution_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        contribution_id = _parse_contribution_id(d.pop("contribution_id"))

        reason = d.pop("reason")

        version = d.pop("version")

        plan_version_summary = cls(
            changed_at=changed_at,
            changed_by=changed_by,
            changed_by_agency=changed_by_agency,
            contribution_id=contribution_id,
            reason=reason,
            version=version,
        )

        plan_version_summary.additional_properties = d
        return plan_version_summary

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
