from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.test_result_create_test import TestResultCreateTest
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_levels import TestLevels


T = TypeVar("T", bound="TestResultCreate")


@_attrs_define
class TestResultCreate:
    """A Norwegian test (``levels``) or the social-studies test (``passed``).

    Attributes:
        taken_on (datetime.date):
        test (TestResultCreateTest):
        levels (None | TestLevels | Unset):
        passed (bool | None | Unset):
    """

    taken_on: datetime.date
    test: TestResultCreateTest
    levels: None | TestLevels | Unset = UNSET
    passed: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.test_levels import TestLevels  # noqa: PLC0415

        taken_on = self.taken_on.isoformat()

        test = self.test.value

        levels: dict[str, Any] | None | Unset
        if isinstance(self.levels, Unset):
            levels = UNSET
        elif isinstance(self.levels, TestLevels):
            levels = self.levels.to_dict()
        else:
            levels = self.levels

        passed: bool | None | Unset
        if isinstance(self.passed, Unset):
            passed = UNSET
        else:
            passed = self.passed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "taken_on": taken_on,
                "test": test,
            }
        )
        if levels is not UNSET:
            field_dict["levels"] = levels
        if passed is not UNSET:
            field_dict["passed"] = passed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_levels import TestLevels  # noqa: PLC0415

        d = dict(src_dict)
        taken_on = datetime.date.fromisoformat(d.pop("taken_on"))

        test = TestResultCreateTest(d.pop("test"))

        def _parse_levels(data: object) -> None | TestLevels | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                levels_type_0 = TestLevels.from_dict(data)

                return levels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestLevels | Unset, data)

        levels = _parse_levels(d.pop("levels", UNSET))

        def _parse_passed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        passed = _parse_passed(d.pop("passed", UNSET))

        test_result_create = cls(
            taken_on=taken_on,
            test=test,
            levels=levels,
            passed=passed,
        )

        return test_result_create
