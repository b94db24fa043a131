from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OutboxPublic")


@_attrs_define
class OutboxPublic:
    """
    Attributes:
        backlog (int): outbox rows not yet published
        oldest_age_s (float | None): the oldest unpublished row's age in seconds; null: none waits
        service (str):
        status (Literal['ok'] | Unset):  Default: 'ok'.
    """

    backlog: int
    oldest_age_s: float | None
    service: str
    status: Literal["ok"] | Unset = "ok"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        backlog = self.backlog

        oldest_age_s: float | None
        oldest_age_s = self.oldest_age_s

        service = self.service

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backlog": backlog,
                "oldest_age_s": oldest_age_s,
                "service": service,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backlog = d.pop("backlog")

        def _parse_oldest_age_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        oldest_age_s = _parse_oldest_age_s(d.pop("oldest_age_s"))

        service = d.pop("service")

        status = cast(Literal["ok"] | Unset, d.pop("status", UNSET))
        if status != "ok" and not isinstance(status, Unset):
            raise ValueError(f"status must match const 'ok', got '{status}'")

        outbox_public = cls(
            backlog=backlog,
            oldest_age_s=oldest_age_s,
            service=service,
            status=status,
        )

        outbox_public.additional_properties = d
        return outbox_public

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
