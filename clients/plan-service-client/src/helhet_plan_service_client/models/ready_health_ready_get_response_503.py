from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ready_health_ready_get_response_503_status import ReadyHealthReadyGetResponse503Status

if TYPE_CHECKING:
    from ..models.ready_health_ready_get_response_503_checks import ReadyHealthReadyGetResponse503Checks


T = TypeVar("T", bound="ReadyHealthReadyGetResponse503")


@_attrs_define
class ReadyHealthReadyGetResponse503:
    """
    Attributes:
        checks (ReadyHealthReadyGetResponse503Checks):
        status (ReadyHealthReadyGetResponse503Status):
    """

    checks: ReadyHealthReadyGetResponse503Checks
    status: ReadyHealthReadyGetResponse503Status
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checks = self.checks.to_dict()

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checks": checks,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ready_health_ready_get_response_503_checks import ReadyHealthReadyGetResponse503Checks  # noqa: PLC0415

        d = dict(src_dict)
        checks = ReadyHealthReadyGetResponse503Checks.from_dict(d.pop("checks"))

        status = ReadyHealthReadyGetResponse503Status(d.pop("status"))

        ready_health_ready_get_response_503 = cls(
            checks=checks,
            status=status,
        )

        ready_health_ready_get_response_503.additional_properties = d
        return ready_health_ready_get_response_503

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
