from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.missing_service import MissingService
    from ..models.personal_data import PersonalData


T = TypeVar("T", bound="PersonalDataExport")


@_attrs_define
class PersonalDataExport:
    """Everything Helhet holds about the participant: each service's own answer.

    Attributes:
        generated_at (datetime.datetime):
        incomplete (bool): true when a service's answer is missing: the export does not show all
        missing (list[MissingService]): the services whose answer is missing
        participant_id (UUID):
        services (list[PersonalData]): each service's answer (plan-service's first); a service that holds nothing about
            the participant answers with no records
    """

    generated_at: datetime.datetime
    incomplete: bool
    missing: list[MissingService]
    participant_id: UUID
    services: list[PersonalData]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generated_at = self.generated_at.isoformat()

        incomplete = self.incomplete

        missing = []
        for missing_item_data in self.missing:
            missing_item = missing_item_data.to_dict()
            missing.append(missing_item)

        participant_id = str(self.participant_id)

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generated_at": generated_at,
                "incomplete": incomplete,
                "missing": missing,
                "participant_id": participant_id,
                "services": services,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.missing_service import MissingService  # noqa: PLC0415
        from ..models.personal_data import PersonalData  # noqa: PLC0415

        d = dict(src_dict)
        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        incomplete = d.pop("incomplete")

        missing = []
        _missing = d.pop("missing")
        for missing_item_data in _missing:
            missing_item = MissingService.from_dict(missing_item_data)

            missing.append(missing_item)

        participant_id = UUID(d.pop("participant_id"))

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = PersonalData.from_dict(services_item_data)

            services.append(services_item)

        personal_data_export = cls(
            generated_at=generated_at,
            incomplete=incomplete,
            missing=missing,
            participant_id=participant_id,
            services=services,
        )

        personal_data_export.additional_properties = d
        return personal_data_export

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
