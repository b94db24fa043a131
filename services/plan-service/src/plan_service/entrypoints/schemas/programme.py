"""The programme after its start: extension, leave, exit; the certificate."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import CefrCode, EndGoalCode, RegimeCode, Strict
from plan_service.entrypoints.schemas.mappings import LevelCode
from plan_service.entrypoints.schemas.participants import ActivityIn
from plan_service.entrypoints.schemas.results import TestResultPublic

ExtensionReasonCode = Literal[
    "expected_to_reach_end_goal",
    "education_in_progress",
    "work_training_in_progress",
    "norwegian_training",
    "other",
]

LeaveReasonCode = Literal["parental", "illness", "care_for_relative", "welfare", "work", "other"]

CompletionCode = Literal["completed", "interrupted"]

ExitReasonCode = Literal[
    "end_goal_reached",
    "period_expired",
    "work",
    "education",
    "moved",
    "health",
    "own_request",
    "invalid_absence",
    "other",
]

ProgrammeStatusCode = Literal["not_started", "active", "on_leave", "completed", "interrupted"]


class ExtensionCreate(Strict):
    """Extend the programme to a new expected end (at most one year in all)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "new_expected_end_date": "2028-12-31",
                    "reason": "expected_to_reach_end_goal",
                    "decided_on": "2026-11-02",
                }
            ]
        },
    )

    new_expected_end_date: Day
    reason: ExtensionReasonCode
    decided_on: Day | None = Field(default=None, description="default: today")


class LeaveCreate(Strict):
    """Leave (permisjon) from the programme, inside its period and not overlapping
    another. It does not move the expected end (an extension does that)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"from_date": "2027-01-04", "to_date": "2027-03-31", "reason": "parental"}]
        },
    )

    from_date: Day
    to_date: Day
    reason: LeaveReasonCode


class ExitCreate(Strict):
    """End the programme: completed (avsluttet) or interrupted (avbrutt)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"completion": "completed", "end_date": "2026-11-20", "reason": "work"}]
        },
    )

    completion: CompletionCode
    end_date: Day
    reason: ExitReasonCode


class ExtensionPublic(BaseModel):
    number: int
    previous_expected_end_date: date
    new_expected_end_date: date
    reason: ExtensionReasonCode
    decided_on: date


class LeavePublic(BaseModel):
    id: UUID
    from_date: date
    to_date: date
    reason: LeaveReasonCode


class ExitPublic(BaseModel):
    completion: CompletionCode
    end_date: date
    reason: ExitReasonCode


class ProgrammeDetail(BaseModel):
    regime: RegimeCode
    start_date: date
    expected_end_date: date
    original_expected_end_date: date
    status: ProgrammeStatusCode
    extensions: list[ExtensionPublic]
    leaves: list[LeavePublic]
    exit: ExitPublic | None


class CertificatePublic(BaseModel):
    """What the participation certificate (deltakerbevis) states."""

    participant_id: UUID
    given_name: str | None
    family_name: str | None
    regime: RegimeCode
    start_date: date
    end_date: date
    first_expected_end_date: date
    extensions: int
    status: CompletionCode = Field(description="completed (avsluttet) or interrupted (avbrutt)")
    exit_reason: ExitReasonCode
    leave_days: int = Field(description="days of leave within the programme period")
    leaves: list[LeavePublic]
    end_goal: EndGoalCode | None
    norwegian_goal: CefrCode | None
    activities: list[ActivityIn] = Field(description="the plan's activities at the end")
    programme_hours_per_week: float | None
    norwegian_tests: list[TestResultPublic]
    best_norwegian_levels: dict[str, LevelCode] = Field(description="the best level per skill")
    social_studies_tests: list[TestResultPublic]
    social_studies_passed: bool | None = Field(description="null: never taken")
