from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hand_over_public_basis_kind import HandOverPublicBasisKind
from ..models.hand_over_public_receiving_kind import HandOverPublicReceivingKind

if TYPE_CHECKING:
    from ..models.hand_over_public_package import HandOverPublicPackage


T = TypeVar("T", bound="HandOverPublic")


@_attrs_define
class HandOverPublic:
    """
    Attributes:
        acknowledged_by_agency (None | str):
        acknowledged_on (datetime.date | None):
        basis_id (UUID):
        basis_kind (HandOverPublicBasisKind):
        created_on (datetime.date):
        follow_up_owner (str): agency code of who owns the follow-up
        id (UUID):
        package (HandOverPublicPackage): plan goals, the latest mapping, test results, open actions, the participant's
            comment, as they stood when handed over
        participant_id (UUID):
        receiving_kind (HandOverPublicReceivingKind):
        receiving_unit_id (str):
    """

    acknowledged_by_agency: None | str
    acknowledged_on: datetime.date | None
    basis_id: UUID
    basis_kind: HandOverPublicBasisKind
    created_on: datetime.date
    follow_up_owner: str
    id: UUID
    package: HandOverPublicPackage
    participant_id: UUID
    receiving_kind: HandOverPublicReceivingKind
    receiving_unit_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledged_by_agency: None | str
        acknowledged_by_agency = self.acknowledged_by_agency

        acknowledged_on: None | str
        if isinstance(self.acknowledged_on, datetime.date):
            acknowledged_on = self.acknowledged_on.isoformat()
        else:
            acknowledged_on = self.acknowledged_on

        basis_id = str(self.basis_id)

        basis_kind = self.basis_kind.value

        created_on = self.created_on.isoformat()

        follow_up_owner = self.follow_up_owner

        id = str(self.id)

        package = self.package.to_dict()

        participant_id = str(self.participant_id)

        receiving_kind = self.receiving_kind.value

        receiving_unit_id = self.receiving_unit_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_by_agency": acknowledged_by_agency,
                "acknowledged_on": acknowledged_on,
                "basis_id": basis_id,
                "basis_kind": basis_kind,
                "created_on": created_on,
                "follow_up_owner": follow_up_owner,
                "id": id,
                "package": package,
                "participant_id": participant_id,
                "receiving_kind": receiving_kind,
                "receiving_unit_id": receiving_unit_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hand_over_public_package import HandOverPublicPackage  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_acknowledged_by_agency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acknowledged_by_agency = _parse_acknowledged_by_agency(d.pop("acknowledged_by_agency"))

        def _parse_acknowledged_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_on_type_0 = datetime.date.fromisoformat(data)

                return acknowledged_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        acknowledged_on = _parse_acknowledged_on(d.pop("acknowledged_on"))

        basis_id = UUID(d.pop("basis_id"))

        basis_kind = HandOverPublicBasisKind(d.pop("basis_kind"))

        created_on = datetime.date.fromisoformat(d.pop("created_on"))

        follow_up_owner = d.pop("follow_up_owner")

        id = UUID(d.pop("id"))

        package = HandOverPublicPackage.from_dict(d.pop("package"))

        participant_id = UUID(d.pop("participant_id"))

        receiving_kind = HandOverPublicReceivingKind(d.pop("receiving_kind"))

        receiving_unit_id = d.pop("receiving_unit_id")

        hand_over_public = cls(
            acknowledged_by_agency=acknowledged_by_agency,
            acknowledged_on=acknowledged_on,
            basis_id=basis_id,
            basis_kind=basis_kind,
            created_on=created_on,
            follow_up_owner=follow_up_owner,
            id=id,
            package=package,
            participant_id=participant_id,
            receiving_kind=receiving_kind,
            receiving_unit_id=receiving_unit_id,
        )

        hand_over_public.additional_properties = d
        return hand_over_public

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
