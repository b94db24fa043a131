from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan_version_public_end_goal import PlanVersionPublicEndGoal
from ..models.plan_version_public_norwegian_goal import PlanVersionPublicNorwegianGoal
from ..models.plan_version_public_participant_group_type_0 import PlanVersionPublicParticipantGroupType0

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn
    from ..models.section_public import SectionPublic


T = TypeVar("T", bound="PlanVersionPublic")


@_attrs_define
class PlanVersionPublic:
    """
    Attributes:
        activities (list[ActivityIn]):
        changed_at (datetime.datetime):
        changed_by (str): the login of who made the version
        changed_by_agency (str):
        contribution_id (None | UUID): the accepted contribution, if any
        end_goal (PlanVersionPublicEndGoal):
        full_time (bool):
        heavy_self_study (bool):
        norwegian_goal (PlanVersionPublicNorwegianGoal):
        participant_group (None | PlanVersionPublicParticipantGroupType0):
        programme_hours_per_week (float):
        reason (str):
        required_hours_per_week (float):
        sections (list[SectionPublic]):
        version (int):
    """

    activities: list[ActivityIn]
    changed_at: datetime.datetime
    changed_by: str
    changed_by_agency: str
    contribution_id: None | UUID
    end_goal: PlanVersionPublicEndGoal
    full_time: bool
    heavy_self_study: bool
    norwegian_goal: PlanVersionPublicNorwegianGoal
    participant_group: None | PlanVersionPublicParticipantGroupType0
    programme_hours_per_week: float
    reason: str
    required_hours_per_week: float
    sections: list[SectionPublic]
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        changed_at = self.changed_at.isoformat()

        changed_by = self.changed_by

        changed_by_agency = self.changed_by_agency

        contribution_id: None | str
        if isinstance(self.contribution_id, UUID):
            contribution_id = str(self.contribution_id)
        else:
            contribution_id = self.contribution_id

        end_goal = self.end_goal.value

        full_time = self.full_time

        heavy_self_study = self.heavy_self_study

        norwegian_goal = self.norwegian_goal.value

        participant_group: None | str
        if isinstance(self.participant_group, PlanVersionPublicParticipantGroupType0):
            participant_group = self.participant_group.value
        else:
            participant_group = self.participant_group

        programme_hours_per_week = self.programme_hours_per_week

        reason = self.reason

        required_hours_per_week = self.required_hours_per_week

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activities": activities,
                "changed_at": changed_at,
                "changed_by": changed_by,
                "changed_by_agency": changed_by_agency,
                "contribution_id": contribution_id,
                "end_goal": end_goal,
                "full_time": full_time,
                "heavy_self_study": heavy_self_study,
                "norwegian_goal": norwegian_goal,
                "participant_group": participant_group,
                "programme_hours_per_week": programme_hours_per_week,
                "reason": reason,
                "required_hours_per_week": required_hours_per_week,
                "sections": sections,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_in import ActivityIn  # noqa: PLC0415
        from ..models.section_public import SectionPublic  # noqa: PLC0415

        d = dict(src_dict)
        activities = []
        _activities = d.pop("activities")
        for activities_item_data in _activities:
            activities_item = ActivityIn.from_dict(activities_item_data)

            activities.append(activities_item)

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        changed_by = d.pop("changed_by")

        changed_by_agency = d.pop("changed_by_agency")

        def _parse_contribution_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contribution_id_type_0 = UUID(data)

                return contribution_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        contribution_id = _parse_contribution_id(d.pop("contribution_id"))

        end_goal = PlanVersionPublicEndGoal(d.pop("end_goal"))

        full_time = d.pop("full_time")

        heavy_self_study = d.pop("heavy_self_study")

        norwegian_goal = PlanVersionPublicNorwegianGoal(d.pop("norwegian_goal"))

        def _parse_participant_group(data: object) -> None | PlanVersionPublicParticipantGroupType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_group_type_0 = PlanVersionPublicParticipantGroupType0(data)

                return participant_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanVersionPublicParticipantGroupType0, data)

        participant_group = _parse_participant_group(d.pop("participant_group"))

        programme_hours_per_week = d.pop("programme_hours_per_week")

        reason = d.pop("reason")

        required_hours_per_week = d.pop("required_hours_per_week")

        sections = []
        _sections = d.pop("sections")
        for sections_item_data in _sections:
            sections_item = SectionPublic.from_dict(sections_item_data)

            sections.append(sections_item)

        version = d.pop("version")

        plan_version_public = cls(
            activities=activities,
            changed_at=changed_at,
            changed_by=changed_by,
            changed_by_agency=changed_by_agency,
            contribution_id=contribution_id,
            end_goal=end_goal,
            full_time=full_time,
            heavy_self_study=heavy_self_study,
            norwegian_goal=norwegian_goal,
            participant_group=participant_group,
            programme_hours_per_week=programme_hours_per_week,
            reason=reason,
            required_hours_per_week=required_hours_per_week,
            sections=sections,
            version=version,
        )

        plan_version_public.additional_properties = d
        return plan_version_public

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
