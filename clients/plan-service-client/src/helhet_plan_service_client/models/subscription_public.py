from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscription_public_status import SubscriptionPublicStatus

T = TypeVar("T", bound="SubscriptionPublic")


@_attrs_define
class SubscriptionPublic:
    """
    Attributes:
        created_at (datetime.datetime):
        event_types (list[str]):
        id (UUID):
        status (SubscriptionPublicStatus):
        url (str):
    """

    created_at: datetime.datetime
    event_types: list[str]
    id: UUID
    status: SubscriptionPublicStatus
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        event_types = self.event_types

        id = str(self.id)

        status = self.status.value

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "event_types": event_types,
                "id": id,
                "status": status,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event_types = cast(list[str], d.pop("event_types"))

        id = UUID(d.pop("id"))

        status = SubscriptionPublicStatus(d.pop("status"))

        url = d.pop("url")

        subscription_public = cls(
            created_at=created_at,
            event_types=event_types,
            id=id,
            status=status,
            url=url,
        )

        subscription_public.additional_properties = d
        return subscription_public

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
