from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.personal_data_section import PersonalDataSection


T = TypeVar("T", bound="PersonalData")


@_attrs_define
class PersonalData:
    """Everything one service holds about one participant.

    Attributes:
        generated_at (datetime.datetime):
        participant_id (UUID):
        sections (list[PersonalDataSection]):
        service (str): the service that holds the data
    """

    generated_at: datetime.datetime
    participant_id: UUID
    sections: list[PersonalDataSection]
    service: str

    def to_dict(self) -> dict[str, Any]:
        generated_at = self.generated_at.isoformat()

        participant_id = str(self.participant_id)

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)

        service = self.service

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "generated_at": generated_at,
                "participant_id": participant_id,
                "sections": sections,
                "service": service,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.personal_data_section import PersonalDataSection  # noqa: PLC0415

        d = dict(src_dict)
        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        participant_id = UUID(d.pop("participant_id"))

        sections = []
        _sections = d.pop("sections")
        for sections_item_data in _sections:
            sections_item = PersonalDataSection.from_dict(sections_item_data)

            sections.append(sections_item)

        service = d.pop("service")

        personal_data = cls(
            generated_at=generated_at,
            participant_id=participant_id,
            sections=sections,
            service=service,
        )

        return personal_data
