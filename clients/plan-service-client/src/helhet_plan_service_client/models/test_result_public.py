from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.test_result_public_test import TestResultPublicTest

if TYPE_CHECKING:
    from ..models.test_result_public_levels import TestResultPublicLevels


T = TypeVar("T", bound="TestResultPublic")


@_attrs_define
class TestResultPublic:
    """
    Attributes:
        id (UUID):
        levels (TestResultPublicLevels):
        passed (bool | None):
        recorded_by_agency (str):
        taken_on (datetime.date):
        test (TestResultPublicTest):
    """

    id: UUID
    levels: TestResultPublicLevels
    passed: bool | None
    recorded_by_agency: str
    taken_on: datetime.date
    test: TestResultPublicTest
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        levels = self.levels.to_dict()

        passed: bool | None
        passed = self.passed

        recorded_by_agency = self.recorded_by_agency

        taken_on = self.taken_on.isoformat()

        test = self.test.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "levels": levels,
                "passed": passed,
                "recorded_by_agency": recorded_by_agency,
                "taken_on": taken_on,
                "test": test,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_result_public_levels import TestResultPublicLevels  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        levels = TestResultPublicLevels.from_dict(d.pop("levels"))

        def _parse_passed(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        passed = _parse_passed(d.pop("passed"))

        recorded_by_agency = d.pop("recorded_by_agency")

        taken_on = datetime.date.fromisoformat(d.pop("taken_on"))

        test = TestResultPublicTest(d.pop("test"))

        test_result_public = cls(
            id=id,
            levels=levels,
            passed=passed,
            recorded_by_agency=recorded_by_agency,
            taken_on=taken_on,
            test=test,
        )

        test_result_public.additional_properties = d
        return test_result_public

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
