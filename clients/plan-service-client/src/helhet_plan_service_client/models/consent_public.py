from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_public_purpose import ConsentPublicPurpose
from ..models.consent_public_recipient_kind import ConsentPublicRecipientKind
from ..models.consent_public_status import ConsentPublicStatus

T = TypeVar("T", bound="ConsentPublic")


@_attrs_define
class ConsentPublic:
    """
    Attributes:
        expires_on (datetime.date | None):
        granted_on (datetime.date):
        id (UUID):
        purpose (ConsentPublicPurpose):
        recipient_id (str):
        recipient_kind (ConsentPublicRecipientKind):
        status (ConsentPublicStatus): today
        withdrawn_on (datetime.date | None):
    """

    expires_on: datetime.date | None
    granted_on: datetime.date
    id: UUID
    purpose: ConsentPublicPurpose
    recipient_id: str
    recipient_kind: ConsentPublicRecipientKind
    status: ConsentPublicStatus
    withdrawn_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_on: None | str
        if isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        granted_on = self.granted_on.isoformat()

        id = str(self.id)

        purpose = self.purpose.value

        recipient_id = self.recipient_id

        recipient_kind = self.recipient_kind.value

        status = self.status.value

        withdrawn_on: None | str
        if isinstance(self.withdrawn_on, datetime.date):
            withdrawn_on = self.withdrawn_on.isoformat()
        else:
            withdrawn_on = self.withdrawn_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_on": expires_on,
                "granted_on": granted_on,
                "id": id,
                "purpose": purpose,
                "recipient_id": recipient_id,
                "recipient_kind": recipient_kind,
                "status": status,
                "withdrawn_on": withdrawn_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_expires_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        expires_on = _parse_expires_on(d.pop("expires_on"))

        granted_on = datetime.date.fromisoformat(d.pop("granted_on"))

        id = UUID(d.pop("id"))

        purpose = ConsentPublicPurpose(d.pop("purpose"))

        recipient_id = d.pop("recipient_id")

        recipient_kind = ConsentPublicRecipientKind(d.pop("recipient_kind"))

        status = ConsentPublicStatus(d.pop("status"))

        def _parse_withdrawn_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_on_type_0 = datetime.date.fromisoformat(data)

                return withdrawn_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        withdrawn_on = _parse_withdrawn_on(d.pop("withdrawn_on"))

        consent_public = cls(
            expires_on=expires_on,
            granted_on=granted_on,
            id=id,
            purpose=purpose,
            recipient_id=recipient_id,
            recipient_kind=recipient_kind,
            status=status,
            withdrawn_on=withdrawn_on,
        )

        consent_public.additional_properties = d
        return consent_public

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
