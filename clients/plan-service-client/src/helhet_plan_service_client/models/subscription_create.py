from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.subscription_create_event_types_item import SubscriptionCreateEventTypesItem

T = TypeVar("T", bound="SubscriptionCreate")


@_attrs_define
class SubscriptionCreate:
    """
    Attributes:
        event_types (list[SubscriptionCreateEventTypesItem]): the event types to receive (see contracts/plan-service)
        url (str): where events are POSTed: an https URL of printable characters whose host is a valid (IDNA) name or a
            public address
    """

    event_types: list[SubscriptionCreateEventTypesItem]
    url: str

    def to_dict(self) -> dict[str, Any]:
        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = SubscriptionCreateEventTypesItem(event_types_item_data)

            event_types.append(event_types_item)

        url = d.pop("url")

        subscription_create = cls(
            event_types=event_types,
            url=url,
        )

        return subscription_create
