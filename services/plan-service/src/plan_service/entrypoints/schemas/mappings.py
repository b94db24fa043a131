"""Competence mapping."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import Notes, Strict

LevelCode = Literal["A0", "A1", "A2", "B1", "B2", "C1"]

EducationLevelCode = Literal[
    "none", "primary", "secondary", "vocational", "bachelor", "master_or_higher"
]

NaceSection = Annotated[str, StringConstraints(pattern=r"^[A-U]$")]

InterestCode = Literal[
    "football",
    "other_sports",
    "swimming",
    "cycling",
    "hiking",
    "fishing",
    "cooking",
    "music",
    "dance",
    "art",
    "crafts",
    "sewing",
    "theatre",
    "photography",
    "reading",
    "games",
    "technology",
    "gardening",
    "animals",
    "children_and_youth",
    "volunteering",
    "other",
]


class NorwegianLevels(Strict):
    """CEFR per skill; A0 means below A1."""

    listening: LevelCode
    reading: LevelCode
    speaking: LevelCode
    writing: LevelCode


class MappingCreate(Strict):
    """Record a new version of the competence mapping (kartlegging). Tagged with the
    caller's agency. ``notes`` is stored here and never published."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "education_level": "secondary",
                    "work_experience_sectors": ["Q", "I"],
                    "wished_sectors": ["Q"],
                    "interests": ["football", "cooking"],
                    "norwegian_levels": {
                        "listening": "A2",
                        "reading": "A2",
                        "speaking": "A1",
                        "writing": "A1",
                    },
                    "has_driving_licence": False,
                    "childcare_needs": True,
                    "notes": "Worked six years as a nurse's assistant.",
                }
            ]
        },
    )

    recorded_on: Day | None = Field(default=None, description="default: today")
    education_level: EducationLevelCode
    work_experience_sectors: list[NaceSection] = Field(max_length=21)
    wished_sectors: list[NaceSection] = Field(
        max_length=21, description="in the participant's order of preference"
    )
    interests: list[InterestCode] = Field(max_length=22)
    norwegian_levels: NorwegianLevels
    has_driving_licence: bool
    childcare_needs: bool
    notes: Notes | None = None


class MappingPublic(BaseModel):
    version: int
    recorded_by_agency: str
    recorded_on: date
    education_level: EducationLevelCode
    work_experience_sectors: list[str]
    wished_sectors: list[str]
    interests: list[str]
    norwegian_levels: NorwegianLevels
    has_driving_licence: bool
    childcare_needs: bool
    notes: str | None


class MappingsPublic(BaseModel):
    items: list[MappingPublic] = Field(description="every version, newest first")
