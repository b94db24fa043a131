"""The plan's versions, contributions and reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import (
    AgencyCode,
    CefrCode,
    EndGoalCode,
    FreeText,
    ParticipantGroupCode,
    Reason,
    SectionCode,
    Strict,
)
from plan_service.entrypoints.schemas.participants import ActivityIn, SectionPublic


class PlanVersionSummary(BaseModel):
    version: int
    reason: str
    changed_by: str = Field(description="the login of who made the version")
    changed_by_agency: str
    changed_at: datetime
    contribution_id: UUID | None = Field(description="the accepted contribution, if any")


class PlanVersionsPublic(BaseModel):
    items: list[PlanVersionSummary] = Field(description="newest first")
    total: int
    limit: int
    offset: int


class PlanVersionPublic(PlanVersionSummary):
    end_goal: EndGoalCode
    participant_group: ParticipantGroupCode | None
    norwegian_goal: CefrCode
    activities: list[ActivityIn]
    heavy_self_study: bool
    programme_hours_per_week: float
    required_hours_per_week: float
    full_time: bool
    sections: list[SectionPublic]


ContributionStatusCode = Literal["proposed", "accepted", "rejected"]


class ContributionCreate(Strict):
    """Propose a change to one section of the plan: a new end goal (with the
    participant's group), a new Norwegian goal, or activities to add. The plan's editor
    accepts (a new plan version) or rejects it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "section": "activities",
                    "reason": "Arbeidstrening hos Coop fra januar, avtalt med deltakeren.",
                    "activities": [
                        {
                            "kind": "nav_measure",
                            "provider_unit": "NAV Hamar",
                            "hours_per_week": 10,
                            "from_date": "2027-01-04",
                            "to_date": "2027-06-30",
                        }
                    ],
                },
                {
                    "section": "norwegian_goal",
                    "reason": "B1 is within reach.",
                    "norwegian_goal": "B1",
                },
            ]
        },
    )

    section: SectionCode
    reason: Reason = Field(description="why: shown to the editor, never published")
    end_goal: EndGoalCode | None = None
    participant_group: ParticipantGroupCode | None = None
    norwegian_goal: CefrCode | None = None
    activities: list[ActivityIn] = Field(default_factory=list, max_length=20)


class ContributionAcceptance(Strict):
    """Accept a contribution: the plan's next version. ``reason`` (default: the
    contribution's) is the version's reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Agreed in the three-way talk."}]},
    )

    reason: Reason | None = None


class ContributionRejection(Strict):
    """Reject a contribution, saying why."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "The participant wants to finish B1 first."}]},
    )

    reason: Reason


class ContributionPublic(BaseModel):
    id: UUID
    section: SectionCode
    status: ContributionStatusCode
    reason: str
    end_goal: EndGoalCode | None
    participant_group: ParticipantGroupCode | None
    norwegian_goal: CefrCode | None
    activities: list[ActivityIn]
    proposed_by: str
    proposed_by_agency: str
    proposed_on: date
    based_on_version: int
    decided_by: str | None
    decided_by_agency: str | None
    decided_on: date | None
    decision_reason: str | None
    resulting_version: int | None = Field(description="the plan version an acceptance made")


class ContributionsPublic(BaseModel):
    items: list[ContributionPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int


class ReviewCreate(Strict):
    """The plan reviewed with the participant. When the participant disagrees, the
    municipality decides and must justify it in writing. The next review is due six
    months later unless ``next_review_due`` says otherwise."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "reviewed_on": "2026-11-20",
                    "agencies_present": ["refugee-service", "learning-centre", "nav"],
                    "participant_acknowledged": True,
                    "participant_disagrees": True,
                    "participant_comment": "Jeg vil heller bli sykepleier enn helsefagarbeider.",
                    "municipality_justification": "Sykepleie krever B2 og studiekompetanse; "
                    "helsefagarbeider er første steg, og planen vurderes igjen til våren.",
                    "next_review_due": "2027-04-30",
                }
            ]
        },
    )

    reviewed_on: Day | None = Field(default=None, description="default: today")
    agencies_present: list[AgencyCode] = Field(min_length=1, max_length=6)
    participant_acknowledged: bool = Field(
        description="the participant confirms the plan was gone through with them"
    )
    participant_disagrees: bool = False
    participant_comment: FreeText | None = Field(
        default=None, description="the participant's own words: stored here, never published"
    )
    municipality_justification: FreeText | None = Field(
        default=None,
        description="required when the participant disagrees (422 justification-required)",
    )
    next_review_due: Day | None = Field(default=None, description="default: six months later")


class ReviewPublic(BaseModel):
    id: UUID
    plan_version: int
    reviewed_on: date
    agencies_present: list[str]
    nav_present: bool
    participant_acknowledged: bool
    participant_disagrees: bool
    participant_comment: str | None
    municipality_justification: str | None
    next_review_due: date
    recorded_by_agency: str


class ReviewsPublic(BaseModel):
    items: list[ReviewPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
