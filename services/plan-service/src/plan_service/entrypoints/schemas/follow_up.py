"""Meetings and actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import (
    AgencyCode,
    FreeText,
    Name,
    Reason,
    ShortText,
    Strict,
)

MeetingKindCode = Literal["three_way_talk", "case_meeting", "plan_review", "transition_dialogue"]

ResponsibilityCode = Literal[
    "settlement",
    "mapping",
    "plan",
    "norwegian_training",
    "language_practice",
    "work_practice",
    "nav_measures",
    "social_network",
    "transition",
    "exit",
    "follow_up",
]

ActionStatusCode = Literal["open", "done", "cancelled"]

ActionFilterCode = Literal["open", "done", "cancelled", "overdue"]

UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]

Description = Reason


class AttendeeIn(Strict):
    agency: AgencyCode
    name: Name | None = Field(default=None, description="stored here, never published")
    role: ShortText | None = None


class DecisionIn(Strict):
    """A decision: what is to be done, by which unit, by when."""

    description: Description = Field(description="stored here, never published")
    owner_agency: AgencyCode
    owner_unit: UnitId = Field(
        description="the owning unit's id as the municipality's organisation model names "
        "it (e.g. nav, hls, flyktningkontor)"
    )
    due_date: Day
    responsibility: ResponsibilityCode | None = Field(
        default=None, description="the link of the chain the action serves"
    )


class MeetingCreate(Strict):
    """A meeting about the participant; each decision becomes an action."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "three_way_talk",
                    "held_on": "2026-11-18",
                    "participant_present": True,
                    "attendees": [
                        {"agency": "refugee-service", "name": "Kari Programrådgiver"},
                        {"agency": "learning-centre", "role": "lærer"},
                        {"agency": "nav", "role": "veileder"},
                    ],
                    "notes": "Gikk gjennom språkpraksis og ønsket om helsefag.",
                    "decisions": [
                        {
                            "description": "Finne språkpraksis i helsesektoren",
                            "owner_agency": "learning-centre",
                            "owner_unit": "hls",
                            "responsibility": "language_practice",
                            "due_date": "2027-01-15",
                        }
                    ],
                }
            ]
        },
    )

    kind: MeetingKindCode
    held_on: Day
    attendees: list[AttendeeIn] = Field(min_length=1, max_length=30)
    participant_present: bool = False
    notes: FreeText | None = Field(default=None, description="minutes: never published")
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=30)


class ActionCreate(DecisionIn):
    """An action outside a meeting."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "description": "Start the transition dialogue with NAV",
                    "owner_agency": "nav",
                    "owner_unit": "nav",
                    "responsibility": "transition",
                    "due_date": "2027-02-01",
                }
            ]
        },
    )

    created_on: Day | None = Field(default=None, description="default: today")


class ActionCompletion(Strict):
    """Close an action: done, or cancelled."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"outcome": "done", "completed_on": "2026-11-20"}]},
    )

    outcome: Literal["done", "cancelled"]
    completed_on: Day | None = Field(default=None, description="default: today")
    note: FreeText | None = Field(default=None, description="never published")


class ActionPublic(BaseModel):
    id: UUID
    participant_id: UUID
    meeting_id: UUID | None
    description: str
    owner_agency: str
    owner_unit: str
    responsibility: ResponsibilityCode | None
    due_date: date
    created_on: date
    status: ActionStatusCode
    overdue: bool = Field(description="open and past its due date")
    completed_on: date | None
    completion_note: str | None


class ActionsPublic(BaseModel):
    items: list[ActionPublic] = Field(description="soonest due first")
    total: int
    limit: int
    offset: int


class AttendeePublic(BaseModel):
    agency: str
    name: str | None
    role: str | None


class MeetingPublic(BaseModel):
    id: UUID
    kind: MeetingKindCode
    held_on: date
    attendees: list[AttendeePublic]
    agencies_present: list[str]
    nav_present: bool
    participant_present: bool
    notes: str | None
    recorded_by_agency: str
    actions: list[ActionPublic] = Field(description="the actions its decisions became")


class MeetingsPublic(BaseModel):
    items: list[MeetingPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
