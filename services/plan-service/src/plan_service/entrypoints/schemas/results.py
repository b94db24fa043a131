"""Tests and outcomes."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import Strict
from plan_service.entrypoints.schemas.mappings import LevelCode

TestCode = Literal["norwegian", "social_studies"]

OutcomeStatusCode = Literal[
    "work",
    "education",
    "nav_measure",
    "qualification_programme",
    "social_assistance",
    "other",
    "moved_away",
    "unknown",
]

MeasurePointCode = Literal["at_exit", "one_year_after", "year_n"]


class TestLevels(Strict):
    """The Norwegian test's level per sub-test taken."""

    __test__ = False  # not a pytest class

    listening: LevelCode | None = None
    reading: LevelCode | None = None
    speaking: LevelCode | None = None
    writing: LevelCode | None = None


class TestResultCreate(Strict):
    """A Norwegian test (``levels``) or the social-studies test (``passed``)."""

    __test__ = False  # not a pytest class

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "test": "norwegian",
                    "taken_on": "2026-06-10",
                    "levels": {"listening": "B1", "reading": "A2", "writing": "A2"},
                },
                {"test": "social_studies", "taken_on": "2026-05-20", "passed": True},
            ]
        },
    )

    test: TestCode
    taken_on: Day
    levels: TestLevels | None = None
    passed: bool | None = None


class TestResultPublic(BaseModel):
    __test__ = False  # not a pytest class

    id: UUID
    test: TestCode
    taken_on: date
    levels: dict[str, LevelCode]
    passed: bool | None
    recorded_by_agency: str


class TestResultsPublic(BaseModel):
    __test__ = False  # not a pytest class

    items: list[TestResultPublic]


class _OutcomeFields(Strict):
    status: OutcomeStatusCode
    status_on: Day
    still_in_municipality: bool | None = Field(
        default=None, description="Whether the participant still lives in the municipality."
    )


class OutcomeAtExitCreate(_OutcomeFields):
    """The participant's status at exit (IMDi) or one year after (SSB)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"measured_at": "at_exit", "status": "work", "status_on": "2026-11-20"}]
        },
    )

    measured_at: Literal["at_exit", "one_year_after"]


class OutcomeYearCreate(_OutcomeFields):
    """The yearly follow-up, ``years_since_settlement`` years after settlement."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "measured_at": "year_n",
                    "years_since_settlement": 3,
                    "status": "education",
                    "status_on": "2029-02-01",
                    "still_in_municipality": True,
                }
            ]
        },
    )

    measured_at: Literal["year_n"]
    years_since_settlement: int = Field(
        ge=1,
        le=5,
        description="The years since settlement (1 to 5); the measure is dated in the year "
        "up to that anniversary.",
    )


# A plain union (no discriminator: Strict has a before-validator on every field).
OutcomeCreate = OutcomeAtExitCreate | OutcomeYearCreate


class OutcomePublic(BaseModel):
    measured_at: MeasurePointCode
    years_since_settlement: int | None = None
    status: OutcomeStatusCode
    status_on: date
    still_in_municipality: bool | None = None
    recorded_by_agency: str


class OutcomesPublic(BaseModel):
    items: list[OutcomePublic]
