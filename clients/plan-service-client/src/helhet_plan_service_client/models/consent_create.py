from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_create_purpose import ConsentCreatePurpose
from ..models.consent_create_recipient_kind import ConsentCreateRecipientKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentCreate")


@_attrs_define
class ConsentCreate:
    """The participant's explicit consent to share with an employer, volunteer, mentor
    or organisation, for one purpose.

        Attributes:
            purpose (ConsentCreatePurpose):
            recipient_id (str): an employer's organisation number (nine digits, the last a modulus-11 check digit; else 422
                `recipient-id`), or the recipient's id in the service that owns it
            recipient_kind (ConsentCreateRecipientKind):
            expires_on (datetime.date | None | Unset):
            granted_on (datetime.date | None | Unset): default: today
    """

    purpose: ConsentCreatePurpose
    recipient_id: str
    recipient_kind: ConsentCreateRecipientKind
    expires_on: datetime.date | None | Unset = UNSET
    granted_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose.value

        recipient_id = self.recipient_id

        recipient_kind = self.recipient_kind.value

        expires_on: None | str | Unset
        if isinstance(self.expires_on, Unset):
            expires_on = UNSET
        elif isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        granted_on: None | str | Unset
        if isinstance(self.granted_on, Unset):
            granted_on = UNSET
        elif isinstance(self.granted_on, datetime.date):
            granted_on = self.granted_on.isoformat()
        else:
            granted_on = self.granted_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "recipient_id": recipient_id,
                "recipient_kind": recipient_kind,
            }
        )
        if expires_on is not UNSET:
            field_dict["expires_on"] = expires_on
        if granted_on is not UNSET:
            field_dict["granted_on"] = granted_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purpose = ConsentCreatePurpose(d.pop("purpose"))

        recipient_id = d.pop("recipient_id")

        recipient_kind = ConsentCreateRecipientKind(d.pop("recipient_kind"))

        def _parse_expires_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expires_on = _parse_expires_on(d.pop("expires_on", UNSET))

        def _parse_granted_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                granted_on_type_0 = datetime.date.fromisoformat(data)

                return granted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        granted_on = _parse_granted_on(d.pop("granted_on", UNSET))

        consent_create = cls(
            purpose=purpose,
            recipient_id=recipient_id,
            recipient_kind=recipient_kind,
            expires_on=expires_on,
            granted_on=granted_on,
        )

        return consent_create
