from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_import_public_outcome import ParticipantImportPublicOutcome

T = TypeVar("T", bound="ParticipantImportPublic")


@_attrs_define
class ParticipantImportPublic:
    """
    Attributes:
        changed_fields (list[str]): with `updated`: what changed
        dry_run (bool):
        outcome (ParticipantImportPublicOutcome):
        participant_id (None | UUID): null: a dry run that would create
    """

    changed_fields: list[str]
    dry_run: bool
    outcome: ParticipantImportPublicOutcome
    participant_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changed_fields = self.changed_fields

        dry_run = self.dry_run

        outcome = self.outcome.value

        participant_id: None | str
        if isinstance(self.participant_id, UUID):
            participant_id = str(self.participant_id)
        else:
            participant_id = self.participant_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changed_fields": changed_fields,
                "dry_run": dry_run,
                "outcome": outcome,
                "participant_id": participant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        changed_fields = cast(list[str], d.pop("changed_fields"))

        dry_run = d.pop("dry_run")

        outcome = ParticipantImportPublicOutcome(d.pop("outcome"))

        def _parse_participant_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_id_type_0 = UUID(data)

                return participant_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        participant_id = _parse_participant_id(d.pop("participant_id"))

        participant_import_public = cls(
            changed_fields=changed_fields,
            dry_run=dry_run,
            outcome=outcome,
            participant_id=participant_id,
        )

        participant_import_public.additional_properties = d
        return participant_import_public

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
