from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_public_status import DeliveryPublicStatus

T = TypeVar("T", bound="DeliveryPublic")


@_attrs_define
class DeliveryPublic:
    """
    Attributes:
        at (datetime.datetime):
        attempts (int):
        event_id (str):
        event_type (str):
        response_body (None | str):
        response_status (int | None):
        status (DeliveryPublicStatus): `replay`: waiting to be sent again
    """

    at: datetime.datetime
    attempts: int
    event_id: str
    event_type: str
    response_body: None | str
    response_status: int | None
    status: DeliveryPublicStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        attempts = self.attempts

        event_id = self.event_id

        event_type = self.event_type

        response_body: None | str
        response_body = self.response_body

        response_status: int | None
        response_status = self.response_status

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "attempts": attempts,
                "event_id": event_id,
                "event_type": event_type,
                "response_body": response_body,
                "response_status": response_status,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        attempts = d.pop("attempts")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        def _parse_response_body(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_body = _parse_response_body(d.pop("response_body"))

        def _parse_response_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status = _parse_response_status(d.pop("response_status"))

        status = DeliveryPublicStatus(d.pop("status"))

        delivery_public = cls(
            at=at,
            attempts=attempts,
            event_id=event_id,
            event_type=event_type,
            response_body=response_body,
            response_status=response_status,
            status=status,
        )

        delivery_public.additional_properties = d
        return delivery_public

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
