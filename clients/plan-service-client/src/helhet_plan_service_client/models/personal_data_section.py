from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.personal_data_section_records_item import PersonalDataSectionRecordsItem


T = TypeVar("T", bound="PersonalDataSection")


@_attrs_define
class PersonalDataSection:
    """One kind of record the service holds about the participant.

    Attributes:
        name (str): machine name, e.g. `placements`
        records (list[PersonalDataSectionRecordsItem]): the records, as the service holds them
        title (str): what the records are, in Norwegian
    """

    name: str
    records: list[PersonalDataSectionRecordsItem]
    title: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "records": records,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.personal_data_section_records_item import PersonalDataSectionRecordsItem  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = PersonalDataSectionRecordsItem.from_dict(records_item_data)

            records.append(records_item)

        title = d.pop("title")

        personal_data_section = cls(
            name=name,
            records=records,
            title=title,
        )

        return personal_data_section
