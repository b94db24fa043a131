"""Transition and hand-over."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day, LongText
from plan_service.entrypoints.schemas.common import Strict

ReceivingKindCode = Literal["nav", "county_school", "employer"]
NextStepCode = Literal[
    "work",
    "education",
    "nav_measure",
    "qualification_programme",
    "social_assistance",
    "other",
    "moved_away",
    "unknown",
]
UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


class TransitionUpdate(Strict):
    """The transition checklist as it stands (fields left out are not done yet)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "nav_dialogue_held_on": "2027-12-01",
                    "next_step": "nav_measure",
                    "receiving_kind": "nav",
                    "receiving_unit_id": "nav-hamar",
                }
            ]
        },
    )

    nav_dialogue_held_on: Day | None = None
    next_step: NextStepCode | None = None
    receiving_kind: ReceivingKindCode | None = None
    receiving_unit_id: UnitId | None = Field(
        default=None, description="the receiving unit's code; an employer: its org number"
    )


class TransitionPublic(BaseModel):
    participant_id: UUID
    opens_on: date = Field(description="the first day of the transition")
    in_transition: bool
    nav_dialogue_held_on: date | None
    next_step: NextStepCode | None
    receiving_kind: ReceivingKindCode | None
    receiving_unit_id: str | None
    complete: bool = Field(description="the dialogue held, the next step agreed, a unit named")


class HandOverCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "receiving_kind": "nav",
                    "receiving_unit_id": "nav-hamar",
                    "participant_comment": "Jeg vil jobbe i helse.",
                }
            ]
        },
    )

    receiving_kind: ReceivingKindCode
    receiving_unit_id: UnitId = Field(
        description="the receiving unit's code; an employer: its organisation number"
    )
    participant_comment: LongText | None = Field(
        default=None, description="the participant's own comment, in the package"
    )


class HandOverPublic(BaseModel):
    id: UUID
    participant_id: UUID
    receiving_kind: ReceivingKindCode
    receiving_unit_id: str
    basis_kind: Literal["sharing_basis", "consent"]
    basis_id: UUID
    package: dict[str, Any] = Field(
        description="plan goals, the latest mapping, test results, open actions, the "
        "participant's comment, as they stood when handed over"
    )
    created_on: date
    acknowledged_on: date | None
    acknowledged_by_agency: str | None
    follow_up_owner: str = Field(description="agency code of who owns the follow-up")


class HandOversPublic(BaseModel):
    items: list[HandOverPublic]
    total: int
    limit: int
    offset: int
