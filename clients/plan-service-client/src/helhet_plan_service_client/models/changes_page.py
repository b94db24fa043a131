from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.changes_page_items_item import ChangesPageItemsItem


T = TypeVar("T", bound="ChangesPage")


@_attrs_define
class ChangesPage:
    """
    Attributes:
        has_more (bool): more rows may be waiting: ask again at once
        items (list[ChangesPageItemsItem]): CloudEvents 1.0 (structured JSON), oldest first, as published
        next_cursor (str): send as `after` for the next page
        oldest_cursor (str): the oldest position still kept; a cursor below it has missed events
    """

    has_more: bool
    items: list[ChangesPageItemsItem]
    next_cursor: str
    oldest_cursor: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor = self.next_cursor

        oldest_cursor = self.oldest_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "has_more": has_more,
                "items": items,
                "next_cursor": next_cursor,
                "oldest_cursor": oldest_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.changes_page_items_item import ChangesPageItemsItem  # noqa: PLC0415

        d = dict(src_dict)
        has_more = d.pop("has_more")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ChangesPageItemsItem.from_dict(items_item_data)

            items.append(items_item)

        next_cursor = d.pop("next_cursor")

        oldest_cursor = d.pop("oldest_cursor")

        changes_page = cls(
            has_more=has_more,
            items=items,
            next_cursor=next_cursor,
            oldest_cursor=oldest_cursor,
        )

        changes_page.additional_properties = d
        return changes_page

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
