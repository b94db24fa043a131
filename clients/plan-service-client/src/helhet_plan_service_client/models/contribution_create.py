from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contribution_create_end_goal_type_0 import ContributionCreateEndGoalType0
from ..models.contribution_create_norwegian_goal_type_0 import ContributionCreateNorwegianGoalType0
from ..models.contribution_create_participant_group_type_0 import ContributionCreateParticipantGroupType0
from ..models.contribution_create_section import ContributionCreateSection
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn


T = TypeVar("T", bound="ContributionCreate")


@_attrs_define
class ContributionCreate:
    """Propose a change to one section of the plan: a new end goal (with the
    participant's group), a new Norwegian goal, or activities to add. The plan's editor
    accepts (a new plan version) or rejects it.

        Attributes:
            reason (str): why: shown to the editor, never published
            section (ContributionCreateSection):
            activities (list[ActivityIn] | Unset):
            end_goal (ContributionCreateEndGoalType0 | None | Unset):
            norwegian_goal (ContributionCreateNorwegianGoalType0 | None | Unset):
            participant_group (ContributionCreateParticipantGroupType0 | None | Unset):
    """

    reason: str
    section: ContributionCreateSection
    activities: list[ActivityIn] | Unset = UNSET
    end_goal: ContributionCreateEndGoalType0 | None | Unset = UNSET
    norwegian_goal: ContributionCreateNorwegianGoalType0 | None | Unset = UNSET
    participant_group: ContributionCreateParticipantGroupType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        section = self.section.value

        activities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.activities, Unset):
            activities = []
            for activities_item_data in self.activities:
                activities_item = activities_item_data.to_dict()
                activities.append(activities_item)

        end_goal: None | str | Unset
        if isinstance(self.end_goal, Unset):
            end_goal = UNSET
        elif isinstance(self.end_goal, ContributionCreateEndGoalType0):
            end_goal = self.end_goal.value
        else:
            end_goal = self.end_goal

        norwegian_goal: None | str | Unset
        if isinstance(self.norwegian_goal, Unset):
            norwegian_goal = UNSET
        elif isinstance(self.norwegian_goal, ContributionCreateNorwegianGoalType0):
            norwegian_goal = self.norwegian_goal.value
        else:
            norwegian_goal = self.norwegian_goal

        participant_group: None | str | Unset
        if isinstance(self.participant_group, Unset):
            participant_group = UNSET
        elif isinstance(self.participant_group, ContributionCreateParticipantGroupType0):
            participant_group = self.participant_group.value
        else:
            participant_group = self.participant_group

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
                "section": section,
            }
        )
        if activities is not UNSET:
            field_dict["activities"] = activities
        if end_goal is not UNSET:
            field_dict["end_goal"] = end_goal
        if norwegian_goal is not UNSET:
            field_dict["norwegian_goal"] = norwegian_goal
        if participant_group is not UNSET:
            field_dict["participant_group"] = participant_group

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_in import ActivityIn  # noqa: PLC0415

        d = dict(src_dict)
        reason = d.pop("reason")

        section = ContributionCreateSection(d.pop("section"))

        _activities = d.pop("activities", UNSET)
        activities: list[ActivityIn] | Unset = UNSET
        if _activities is not UNSET:
            activities = []
            for activities_item_data in _activities:
                activities_item = ActivityIn.from_dict(activities_item_data)

                activities.append(activities_item)

        def _parse_end_goal(data: object) -> ContributionCreateEndGoalType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_goal_type_0 = ContributionCreateEndGoalType0(data)

                return end_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionCreateEndGoalType0 | None | Unset, data)

        end_goal = _parse_end_goal(d.pop("end_goal", UNSET))

        def _parse_norwegian_goal(data: object) -> ContributionCreateNorwegianGoalType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                norwegian_goal_type_0 = ContributionCreateNorwegianGoalType0(data)

                return norwegian_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionCreateNorwegianGoalType0 | None | Unset, data)

        norwegian_goal = _parse_norwegian_goal(d.pop("norwegian_goal", UNSET))

        def _parse_participant_group(data: object) -> ContributionCreateParticipantGroupType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_group_type_0 = ContributionCreateParticipantGroupType0(data)

                return participant_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionCreateParticipantGroupType0 | None | Unset, data)

        participant_group = _parse_participant_group(d.pop("participant_group", UNSET))

        contribution_create = cls(
            reason=reason,
            section=section,
            activities=activities,
            end_goal=end_goal,
            norwegian_goal=norwegian_goal,
            participant_group=participant_group,
        )

        return contribution_create
