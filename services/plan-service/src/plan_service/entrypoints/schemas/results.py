"""Tests and outcomes."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import Strict
from plan_service.entrypoints.schemas.mappings import LevelCode

TestCode = Literal["norwegian", "social_studies"]

OutcomeStatusCode = Literal[
    "work", "education", "nav_measure", "qualification_programme", "social_assistance", "other"
]

MeasurePointCode = Literal["at_exit", "one_year_after"]


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


class OutcomeCreate(Strict):
    """The participant's status after the programme, at exit or one year after."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"measured_at": "at_exit", "status": "work", "status_on": "2026-11-20"}]
        },
    )

    measured_at: MeasurePointCode
    status: OutcomeStatusCode
    status_on: Day


class OutcomePublic(BaseModel):
    measured_at: MeasurePointCode
    status: OutcomeStatusCode
    status_on: date
    recorded_by_agency: str


class OutcomesPublic(BaseModel):
    items: list[OutcomePublic]
