from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.participant_import_record import ParticipantImportRecord


T = TypeVar("T", bound="ParticipantImportBatch")


@_attrs_define
class ParticipantImportBatch:
    """Up to 500 records with distinct external ids, of the caller's municipality.

    Attributes:
        records (list[ParticipantImportRecord]):
    """

    records: list[ParticipantImportRecord]

    def to_dict(self) -> dict[str, Any]:
        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "records": records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant_import_record import ParticipantImportRecord  # noqa: PLC0415

        d = dict(src_dict)
        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = ParticipantImportRecord.from_dict(records_item_data)

            records.append(records_item)

        participant_import_batch = cls(
            records=records,
        )

        return participant_import_batch
