from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.certificate_public_end_goal_type_0 import CertificatePublicEndGoalType0
from ..models.certificate_public_exit_reason import CertificatePublicExitReason
from ..models.certificate_public_norwegian_goal_type_0 import CertificatePublicNorwegianGoalType0
from ..models.certificate_public_regime import CertificatePublicRegime
from ..models.certificate_public_status import CertificatePublicStatus

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn
    from ..models.certificate_public_best_norwegian_levels import CertificatePublicBestNorwegianLevels
    from ..models.leave_public import LeavePublic
    from ..models.test_result_public import TestResultPublic


T = TypeVar("T", bound="CertificatePublic")


@_attrs_define
class CertificatePublic:
    """What the participation certificate (deltakerbevis) states.

    Attributes:
        activities (list[ActivityIn]): the plan's activities at the end
        best_norwegian_levels (CertificatePublicBestNorwegianLevels): the best level per skill
        end_date (datetime.date):
        end_goal (CertificatePublicEndGoalType0 | None):
        exit_reason (CertificatePublicExitReason):
        extensions (int):
        family_name (None | str):
        first_expected_end_date (datetime.date):
        given_name (None | str):
        leave_days (int): days of leave within the programme period
        leaves (list[LeavePublic]):
        norwegian_goal (CertificatePublicNorwegianGoalType0 | None):
        norwegian_tests (list[TestResultPublic]):
        participant_id (UUID):
        programme_hours_per_week (float | None):
        regime (CertificatePublicRegime):
        social_studies_passed (bool | None): null: never taken
        social_studies_tests (list[TestResultPublic]):
        start_date (datetime.date):
        status (CertificatePublicStatus): completed (avsluttet) or interrupted (avbrutt)
    """

    activities: list[ActivityIn]
    best_norwegian_levels: CertificatePublicBestNorwegianLevels
    end_date: datetime.date
    end_goal: CertificatePublicEndGoalType0 | None
    exit_reason: CertificatePublicExitReason
    extensions: int
    family_name: None | str
    first_expected_end_date: datetime.date
    given_name: None | str
    leave_days: int
    leaves: list[LeavePublic]
    norwegian_goal: CertificatePublicNorwegianGoalType0 | None
    norwegian_tests: list[TestResultPublic]
    participant_id: UUID
    programme_hours_per_week: float | None
    regime: CertificatePublicRegime
    social_studies_passed: bool | None
    social_studies_tests: list[TestResultPublic]
    start_date: datetime.date
    status: CertificatePublicStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        best_norwegian_levels = self.best_norwegian_levels.to_dict()

        end_date = self.end_date.isoformat()

        end_goal: None | str
        if isinstance(self.end_goal, CertificatePublicEndGoalType0):
            end_goal = self.end_goal.value
        else:
            end_goal = self.end_goal

        exit_reason = self.exit_reason.value

        extensions = self.extensions

        family_name: None | str
        family_name = self.family_name

        first_expected_end_date = self.first_expected_end_date.isoformat()

        given_name: None | str
        given_name = self.given_name

        leave_days = self.leave_days

        leaves = []
        for leaves_item_data in self.leaves:
            leaves_item = leaves_item_data.to_dict()
            leaves.append(leaves_item)

        norwegian_goal: None | str
        if isinstance(self.norwegian_goal, CertificatePublicNorwegianGoalType0):
            norwegian_goal = self.norwegian_goal.value
        else:
            norwegian_goal = self.norwegian_goal

        norwegian_tests = []
        for norwegian_tests_item_data in self.norwegian_tests:
            norwegian_tests_item = norwegian_tests_item_data.to_dict()
            norwegian_tests.append(norwegian_tests_item)

        participant_id = str(self.participant_id)

        programme_hours_per_week: float | None
        programme_hours_per_week = self.programme_hours_per_week

        regime = self.regime.value

        social_studies_passed: bool | None
        social_studies_passed = self.social_studies_passed

        social_studies_tests = []
        for social_studies_tests_item_data in self.social_studies_tests:
            social_studies_tests_item = social_studies_tests_item_data.to_dict()
            social_studies_tests.append(social_studies_tests_item)

        start_date = self.start_date.isoformat()

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activities": activities,
                "best_norwegian_levels": best_norwegian_levels,
                "end_date": end_date,
                "end_goal": end_goal,
                "exit_reason": exit_reason,
                "extensions": extensions,
                "family_name": family_name,
                "first_expected_end_date": first_expected_end_date,
                "given_name": given_name,
                "leave_days": leave_days,
                "leaves": leaves,
                "norwegian_goal": norwegian_goal,
                "norwegian_tests": norwegian_tests,
                "participant_id": participant_id,
                "programme_hours_per_week": programme_hours_per_week,
                "regime": regime,
                "social_studies_passed": social_studies_passed,
                "social_studies_tests": social_studies_tests,
                "start_date": start_date,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_in import ActivityIn  # noqa: PLC0415
        from ..models.certificate_public_best_norwegian_levels import CertificatePublicBestNorwegianLevels  # noqa: PLC0415
        from ..models.leave_public import LeavePublic  # noqa: PLC0415
        from ..models.test_result_public import TestResultPublic  # noqa: PLC0415

        d = dict(src_dict)
        activities = []
        _activities = d.pop("activities")
        for activities_item_data in _activities:
            activities_item = ActivityIn.from_dict(activities_item_data)

            activities.append(activities_item)

        best_norwegian_levels = CertificatePublicBestNorwegianLevels.from_dict(d.pop("best_norwegian_levels"))

        end_date = datetime.date.fromisoformat(d.pop("end_date"))

        def _parse_end_goal(data: object) -> CertificatePublicEndGoalType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_goal_type_0 = CertificatePublicEndGoalType0(data)

                return end_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CertificatePublicEndGoalType0 | None, data)

        end_goal = _parse_end_goal(d.pop("end_goal"))

        exit_reason = CertificatePublicExitReason(d.pop("exit_reason"))

        extensions = d.pop("extensions")

        def _parse_family_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        family_name = _parse_family_name(d.pop("family_name"))

        first_expected_end_date = datetime.date.fromisoformat(d.pop("first_expected_end_date"))

        def _parse_given_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        given_name = _parse_given_name(d.pop("given_name"))

        leave_days = d.pop("leave_days")

        leaves = []
        _leaves = d.pop("leaves")
        for leaves_item_data in _leaves:
            leaves_item = LeavePublic.from_dict(leaves_item_data)

            leaves.append(leaves_item)

        def _parse_norwegian_goal(data: object) -> CertificatePublicNorwegianGoalType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                norwegian_goal_type_0 = CertificatePublicNorwegianGoalType0(data)

                return norwegian_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CertificatePublicNorwegianGoalType0 | None, data)

        norwegian_goal = _parse_norwegian_goal(d.pop("norwegian_goal"))

        norwegian_tests = []
        _norwegian_tests = d.pop("norwegian_tests")
        for norwegian_tests_item_data in _norwegian_tests:
            norwegian_tests_item = TestResultPublic.from_dict(norwegian_tests_item_data)

            norwegian_tests.append(norwegian_tests_item)

        participant_id = UUID(d.pop("participant_id"))

        def _parse_programme_hours_per_week(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        programme_hours_per_week = _parse_programme_hours_per_week(d.pop("programme_hours_per_week"))

        regime = CertificatePublicRegime(d.pop("regime"))

        def _parse_social_studies_passed(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        social_studies_passed = _parse_social_studies_passed(d.pop("social_studies_passed"))

        social_studies_tests = []
        _social_studies_tests = d.pop("social_studies_tests")
        for social_studies_tests_item_data in _social_studies_tests:
            social_studies_tests_item = TestResultPublic.from_dict(social_studies_tests_item_data)

            social_studies_tests.append(social_studies_tests_item)

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        status = CertificatePublicStatus(d.pop("status"))

        certificate_public = cls(
            activities=activities,
            best_norwegian_levels=best_norwegian_levels,
            end_date=end_date,
            end_goal=end_goal,
            exit_reason=exit_reason,
            extensions=extensions,
            family_name=family_name,
            first_expected_end_date=first_expected_end_date,
            given_name=given_name,
            leave_days=leave_days,
            leaves=leaves,
            norwegian_goal=norwegian_goal,
            norwegian_tests=norwegian_tests,
            participant_id=participant_id,
            programme_hours_per_week=programme_hours_per_week,
            regime=regime,
            social_studies_passed=social_studies_passed,
            social_studies_tests=social_studies_tests,
            start_date=start_date,
            status=status,
        )

        certificate_public.additional_properties = d
        return certificate_public

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
