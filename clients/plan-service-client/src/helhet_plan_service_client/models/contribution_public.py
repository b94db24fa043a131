from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contribution_public_end_goal_type_0 import ContributionPublicEndGoalType0
from ..models.contribution_public_norwegian_goal_type_0 import ContributionPublicNorwegianGoalType0
from ..models.contribution_public_participant_group_type_0 import ContributionPublicParticipantGroupType0
from ..models.contribution_public_section import ContributionPublicSection
from ..models.contribution_public_status import ContributionPublicStatus

if TYPE_CHECKING:
    from ..models.activity_in import ActivityIn


T = TypeVar("T", bound="ContributionPublic")


@_attrs_define
class ContributionPublic:
    """
    Attributes:
        activities (list[ActivityIn]):
        based_on_version (int):
        decided_by (None | str):
        decided_by_agency (None | str):
        decided_on (datetime.date | None):
        decision_reason (None | str):
        end_goal (ContributionPublicEndGoalType0 | None):
        id (UUID):
        norwegian_goal (ContributionPublicNorwegianGoalType0 | None):
        participant_group (ContributionPublicParticipantGroupType0 | None):
        proposed_by (str):
        proposed_by_agency (str):
        proposed_on (datetime.date):
        reason (str):
        resulting_version (int | None): the plan version an acceptance made
        section (ContributionPublicSection):
        status (ContributionPublicStatus):
    """

    activities: list[ActivityIn]
    based_on_version: int
    decided_by: None | str
    decided_by_agency: None | str
    decided_on: datetime.date | None
    decision_reason: None | str
    end_goal: ContributionPublicEndGoalType0 | None
    id: UUID
    norwegian_goal: ContributionPublicNorwegianGoalType0 | None
    participant_group: ContributionPublicParticipantGroupType0 | None
    proposed_by: str
    proposed_by_agency: str
    proposed_on: datetime.date
    reason: str
    resulting_version: int | None
    section: ContributionPublicSection
    status: ContributionPublicStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        based_on_version = self.based_on_version

        decided_by: None | str
        decided_by = self.decided_by

        decided_by_agency: None | str
        decided_by_agency = self.decided_by_agency

        decided_on: None | str
        if isinstance(self.decided_on, datetime.date):
            decided_on = self.decided_on.isoformat()
        else:
            decided_on = self.decided_on

        decision_reason: None | str
        decision_reason = self.decision_reason

        end_goal: None | str
        if isinstance(self.end_goal, ContributionPublicEndGoalType0):
            end_goal = self.end_goal.value
        else:
            end_goal = self.end_goal

        id = str(self.id)

        norwegian_goal: None | str
        if isinstance(self.norwegian_goal, ContributionPublicNorwegianGoalType0):
            norwegian_goal = self.norwegian_goal.value
        else:
            norwegian_goal = self.norwegian_goal

        participant_group: None | str
        if isinstance(self.participant_group, ContributionPublicParticipantGroupType0):
            participant_group = self.participant_group.value
        else:
            participant_group = self.participant_group

        proposed_by = self.proposed_by

        proposed_by_agency = self.proposed_by_agency

        proposed_on = self.proposed_on.isoformat()

        reason = self.reason

        resulting_version: int | None
        resulting_version = self.resulting_version

        section = self.section.value

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activities": activities,
                "based_on_version": based_on_version,
                "decided_by": decided_by,
                "decided_by_agency": decided_by_agency,
                "decided_on": decided_on,
                "decision_reason": decision_reason,
                "end_goal": end_goal,
                "id": id,
                "norwegian_goal": norwegian_goal,
                "participant_group": participant_group,
                "proposed_by": proposed_by,
                "proposed_by_agency": proposed_by_agency,
                "proposed_on": proposed_on,
                "reason": reason,
                "resulting_version": resulting_version,
                "section": section,
                "status": status,
            }
        )

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

        based_on_version = d.pop("based_on_version")

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_decided_by_agency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by_agency = _parse_decided_by_agency(d.pop("decided_by_agency"))

        def _parse_decided_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_on_type_0 = datetime.date.fromisoformat(data)

                return decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        decided_on = _parse_decided_on(d.pop("decided_on"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        def _parse_end_goal(data: object) -> ContributionPublicEndGoalType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_goal_type_0 = ContributionPublicEndGoalType0(data)

                return end_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionPublicEndGoalType0 | None, data)

        end_goal = _parse_end_goal(d.pop("end_goal"))

        id = UUID(d.pop("id"))

        def _parse_norwegian_goal(data: object) -> ContributionPublicNorwegianGoalType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                norwegian_goal_type_0 = ContributionPublicNorwegianGoalType0(data)

                return norwegian_goal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionPublicNorwegianGoalType0 | None, data)

        norwegian_goal = _parse_norwegian_goal(d.pop("norwegian_goal"))

        def _parse_participant_group(data: object) -> ContributionPublicParticipantGroupType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_group_type_0 = ContributionPublicParticipantGroupType0(data)

                return participant_group_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContributionPublicParticipantGroupType0 | None, data)

        participant_group = _parse_participant_group(d.pop("participant_group"))

        proposed_by = d.pop("proposed_by")

        proposed_by_agency = d.pop("proposed_by_agency")

        proposed_on = datetime.date.fromisoformat(d.pop("proposed_on"))

        reason = d.pop("reason")

        def _parse_resulting_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        resulting_version = _parse_resulting_version(d.pop("resulting_version"))

        section = ContributionPublicSection(d.pop("section"))

        status = ContributionPublicStatus(d.pop("status"))

        contribution_public = cls(
            activities=activities,
            based_on_version=based_on_version,
            decided_by=decided_by,
            decided_by_agency=decided_by_agency,
            decided_on=decided_on,
            decision_reason=decision_reason,
            end_goal=end_goal,
            id=id,
            norwegian_goal=norwegian_goal,
            participant_group=participant_group,
            proposed_by=proposed_by,
            proposed_by_agency=proposed_by_agency,
            proposed_on=proposed_on,
            reason=reason,
            resulting_version=resulting_version,
            section=section,
            status=status,
        )

        contribution_public.additional_properties = d
        return contribution_public

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
