from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plan_put_end_goal import PlanPutEndGoal
from ..models.plan_put_norwegian_goal import PlanPutNorwegianGoal
from ..models.plan_put_participant_group_type_0 import PlanPutParticipantGroupType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn


T = TypeVar("T", bound="PlanPut")


@_attrs_define
class PlanPut:
    """Create or update the integration plan (the plan's editor). ``version`` is the
    version the change is based on: 0 for a new plan, else the current version (a stale
    one gives 409). Every change after the first gives its ``reason``.

        Attributes:
            activities (list[ActivityIn]):
            end_goal (PlanPutEndGoal):
            norwegian_goal (PlanPutNorwegianGoal):
            version (int):
            heavy_self_study (bool | Unset): self-study is heavy: full time is 30 hours a week, not 37.5 Default: False.
            participant_group (None | PlanPutParticipantGroupType0 | Unset): the participant's group (løp) the end goal is
                set for
            reason (None | str | Unset): why the plan changes: required for every change after the first (422 reason-
                required); stored with the version, never published
    """

    activities: list[ActivityIn]
    end_goal: PlanPutEndGoal
    norwegian_goal: PlanPutNorwegianGoal
    version: int
    heavy_self_study: bool | Unset = False
    participant_group: None | PlanPutParticipantGroupType0 | Unset = UNSET
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        end_goal = self.end_goal.value

        norwegian_goal = self.norwegian_goal.value

        version = self.version

        heavy_self_study = self.heavy_self_study

        participant_group: None | str | Unset
        if isinstance(self.participant_group, Unset):
            participant_group = UNSET
        elif isinstance(self.participant_group, PlanPutParticipantGroupType0):
            participant_group = self.participant_group.value
        else:
            participant_group = self.participant_group

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "activities": activities,
                "end_goal": end_goal,
                "norwegian_goal": norwegian_goal,
                "version": version,
            }
        )
        if heavy_self_study is not UNSET:
            field_dict["heavy_self_study"] = heavy_self_study
        if participant_group is not UNSET:
            field_dict["participant_group"] = participant_group
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_in import ActivityIn  # noqa: PLC0415

        d = dict(src_dict)
        activities = []
        _activities = d.pop("activities")
        for activities_item_data in _activities:
            activities_item = ActivityIn.from_dict(activities_item_data)

            activities.append(activities_item)

        end_goal = PlanPutEndGoal(d.pop("end_goal"))

        norwegian_goal = PlanPutNorwegianGoal(d.pop("norwegian_goal"))

        version = d.pop("version")

        heavy_self_study = d.pop("heavy_self_study", UNSET)

        def _parse_participant_group(data: object) -> None | PlanPutParticipantGroupType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_group_type_0 = PlanPutParticipantGroupType0(data)

                return participant_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanPutParticipantGroupType0 | Unset, data)

        participant_group = _parse_participant_group(d.pop("participant_group", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        plan_put = cls(
            activities=activities,
            end_goal=end_goal,
            norwegian_goal=norwegian_goal,
            version=version,
            heavy_self_study=heavy_self_study,
            participant_group=participant_group,
            reason=reason,
        )

        return plan_put
