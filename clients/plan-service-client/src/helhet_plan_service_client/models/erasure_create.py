from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.erasure_create_reason import ErasureCreateReason

T = TypeVar("T", bound="ErasureCreate")


@_attrs_define
class ErasureCreate:
    """Erase the participant's personal data in plan-service and tell every service.

    Attributes:
        reason (ErasureCreateReason): `request`: the participant asked (GDPR art. 17); `retention_expired`: the
            retention period is over (the daily `erase-due` job does this on its own)
    """

    reason: ErasureCreateReason

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = ErasureCreateReason(d.pop("reason"))

        erasure_create = cls(
            reason=reason,
        )

        return erasure_create
