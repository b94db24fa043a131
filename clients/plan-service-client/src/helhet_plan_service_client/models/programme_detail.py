from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.programme_detail_regime import ProgrammeDetailRegime
from ..models.programme_detail_status import ProgrammeDetailStatus

if TYPE_CHECKING:
    from ..models.exit_public import ExitPublic
    from ..models.extension_public import ExtensionPublic
    from ..models.leave_public import LeavePublic


T = TypeVar("T", bound="ProgrammeDetail")


@_attrs_define
class ProgrammeDetail:
    """
    Attributes:
        exit_ (ExitPublic | None):
        expected_end_date (datetime.date):
        extensions (list[ExtensionPublic]):
        leaves (list[LeavePublic]):
        original_expected_end_date (datetime.date):
        regime (ProgrammeDetailRegime):
        start_date (datetime.date):
        status (ProgrammeDetailStatus):
    """

    exit_: ExitPublic | None
    expected_end_date: datetime.date
    extensions: list[ExtensionPublic]
    leaves: list[LeavePublic]
    original_expected_end_date: datetime.date
    regime: ProgrammeDetailRegime
    start_date: datetime.date
    status: ProgrammeDetailStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.exit_public import ExitPublic  # noqa: PLC0415

        exit_: dict[str, Any] | None
        if isinstance(self.exit_, ExitPublic):
            exit_ = self.exit_.to_dict()
        else:
            exit_ = self.exit_

        expected_end_date = self.expected_end_date.isoformat()

        extensions = []
        for extensions_item_data in self.extensions:
            extensions_item = extensions_item_data.to_dict()
            extensions.append(extensions_item)

        leaves = []
        for leaves_item_data in self.leaves:
            leaves_item = leaves_item_data.to_dict()
            leaves.append(leaves_item)

        original_expected_end_date = self.original_expected_end_date.isoformat()

        regime = self.regime.value

        start_date = self.start_date.isoformat()

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exit": exit_,
                "expected_end_date": expected_end_date,
                "extensions": extensions,
                "leaves": leaves,
                "original_expected_end_date": original_expected_end_date,
                "regime": regime,
                "start_date": start_date,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exit_public import ExitPublic  # noqa: PLC0415
        from ..models.extension_public import ExtensionPublic  # noqa: PLC0415
        from ..models.leave_public import LeavePublic  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_exit_(data: object) -> ExitPublic | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                exit_type_0 = ExitPublic.from_dict(data)

                return exit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExitPublic | None, data)

        exit_ = _parse_exit_(d.pop("exit"))

        expected_end_date = datetime.date.fromisoformat(d.pop("expected_end_date"))

        extensions = []
        _extensions = d.pop("extensions")
        for extensions_item_data in _extensions:
            extensions_item = ExtensionPublic.from_dict(extensions_item_data)

            extensions.append(extensions_item)

        leaves = []
        _leaves = d.pop("leaves")
        for leaves_item_data in _leaves:
            leaves_item = LeavePublic.from_dict(leaves_item_data)

            leaves.append(leaves_item)

        original_expected_end_date = datetime.date.fromisoformat(d.pop("original_expected_end_date"))

        regime = ProgrammeDetailRegime(d.pop("regime"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        status = ProgrammeDetailStatus(d.pop("status"))

        programme_detail = cls(
            exit_=exit_,
            expected_end_date=expected_end_date,
            extensions=extensions,
            leaves=leaves,
            original_expected_end_date=original_expected_end_date,
            regime=regime,
            start_date=start_date,
            status=status,
        )

        programme_detail.additional_properties = d
        return programme_detail

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
