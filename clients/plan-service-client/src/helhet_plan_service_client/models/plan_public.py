from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan_public_end_goal import PlanPublicEndGoal
from ..models.plan_public_norwegian_goal import PlanPublicNorwegianGoal
from ..models.plan_public_participant_group_type_0 import PlanPublicParticipantGroupType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn
    from ..models.section_public import SectionPublic


T = TypeVar("T", bound="PlanPublic")


@_attrs_define
class PlanPublic:
    """
    Attributes:
        activities (list[ActivityIn]):
        end_goal (PlanPublicEndGoal):
        full_time (bool): the programme hours reach full time; a plan below it is accepted but flagged (the law asks for
            full time)
        next_review_due (datetime.date | None): when the plan is next to be reviewed with the participant: as the last
            review set it, else six months after the first version
        norwegian_goal (PlanPublicNorwegianGoal):
        programme_hours_per_week (float):
        required_hours_per_week (float): full time: 37.5, or 30 with heavy self-study
        review_overdue (bool):
        sections (list[SectionPublic]):
        started_on (datetime.date | None): the day the first version was made
        version (int):
        heavy_self_study (bool | Unset):  Default: False.
        participant_group (None | PlanPublicParticipantGroupType0 | Unset):
    """

    activities: list[ActivityIn]
    end_goal: PlanPublicEndGoal
    full_time: bool
    next_review_due: datetime.date | None
    norwegian_goal: PlanPublicNorwegianGoal
    programme_hours_per_week: float
    required_hours_per_week: float
    review_overdue: bool
    sections: list[SectionPublic]
    started_on: datetime.date | None
    version: int
    heavy_self_study: bool | Unset = False
    participant_group: None | PlanPublicParticipantGroupType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        end_goal = self.end_goal.value

        full_time = self.full_time

        next_review_due: None | str
        if isinstance(self.next_review_due, datetime.date):
            next_review_due = self.next_review_due.isoformat()
        else:
            next_review_due = self.next_review_due

        norwegian_goal = self.norwegian_goal.value

        programme_hours_per_week = self.programme_hours_per_week

        required_hours_per_week = self.required_hours_per_week

        review_overdue = self.review_overdue

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)

        started_on: None | str
        if isinstance(self.started_on, datetime.date):
            started_on = self.started_on.isoformat()
        else:
            started_on = self.started_on

        version = self.version

        heavy_self_study = self.heavy_self_study

        participant_group: None | str | Unset
        if isinstance(self.participant_group, Unset):
            participant_group = UNSET
        elif isinstance(self.participant_group, PlanPublicParticipantGroupType0):
            participant_group = self.participant_group.value
        else:
            participant_group = self.participant_group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activities": activities,
                "end_goal": end_goal,
                "full_time": full_time,
                "next_review_due": next_review_due,
                "norwegian_goal": norwegian_goal,
                "programme_hours_per_week": programme_hours_per_week,
                "required_hours_per_week": required_hours_per_week,
                "review_overdue": review_overdue,
                "sections": sections,
                "started_on": started_on,
                "version": version,
            }
        )
        if heavy_self_study is not UNSET:
            field_dict["heavy_self_study"] = heavy_self_study
        if participant_group is not UNSET:
            field_dict["participant_group"] = participant_group

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

        end_goal = PlanPublicEndGoal(d.pop("end_goal"))

        full_time = d.pop("full_time")

        def _parse_next_review_due(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_review_due_type_0 = datetime.date.fromisoformat(data)

                return next_review_due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        next_review_due = _parse_next_review_due(d.pop("next_review_due"))

        norwegian_goal = PlanPublicNorwegianGoal(d.pop("norwegian_goal"))

        programme_hours_per_week = d.pop("programme_hours_per_week")

        required_hours_per_week = d.pop("required_hours_per_week")

        review_overdue = d.pop("review_overdue")

        sections = []
        _sections = d.pop("sections")
        for sections_item_data in _sections:
            sections_item = SectionPublic.from_dict(sections_item_data)

            sections.append(sections_item)

        def _parse_started_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_on_type_0 = datetime.date.fromisoformat(data)

                return started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        started_on = _parse_started_on(d.pop("started_on"))

        version = d.pop("version")

        heavy_self_study = d.pop("heavy_self_study", UNSET)

        def _parse_participant_group(data: object) -> None | PlanPublicParticipantGroupType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_group_type_0 = PlanPublicParticipantGroupType0(data)

                return participant_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanPublicParticipantGroupType0 | Unset, data)

        participant_group = _parse_participant_group(d.pop("participant_group", UNSET))

        plan_public = cls(
            activities=activities,
            end_goal=end_goal,
            full_time=full_time,
            next_review_due=next_review_due,
            norwegian_goal=norwegian_goal,
            programme_hours_per_week=programme_hours_per_week,
            required_hours_per_week=required_hours_per_week,
            review_overdue=review_overdue,
            sections=sections,
            started_on=started_on,
            version=version,
            heavy_self_study=heavy_self_study,
            participant_group=participant_group,
        )

        plan_public.additional_properties = d
        return plan_public

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
