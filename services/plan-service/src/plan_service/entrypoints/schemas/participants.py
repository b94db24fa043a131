"""Participants: settlement, the programme's start, the plan, moving away."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import (
    ActivityKindCode,
    CefrCode,
    EndGoalCode,
    GenderCode,
    HouseholdType,
    LanguageCode,
    Municipality,
    Name,
    ParticipantGroupCode,
    PersonSub,
    Reason,
    RegimeCode,
    SectionCode,
    Strict,
)


class ParticipantCreate(Strict):
    """Settle a participant (bosetting). Names stay in plan-service; they are never
    published."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "municipality": "3403",
                    "settlement_date": "2026-08-15",
                    "birth_year": 1994,
                    "household_type": "single",
                    "languages": ["ti", "ar"],
                    "given_name": "Ruta",
                    "family_name": "Haile",
                }
            ]
        },
    )

    municipality: Municipality = Field(description="kommunenummer of the settling municipality")
    settlement_date: Day
    birth_year: int = Field(ge=1900, le=2100)
    household_type: HouseholdType
    languages: list[LanguageCode] = Field(min_length=1, max_length=20, description="ISO 639 codes")
    gender: GenderCode = Field(
        default="unknown", description="coarse, used only for statistics; published as a code"
    )
    given_name: Name | None = None
    family_name: Name | None = None
    person_sub: PersonSub | None = Field(
        default=None,
        description="the participant's own login (the token subject), so they can read "
        "their access log; stored here, never published",
    )


class ProgrammeStart(Strict):
    """Start the introduction programme under a regime."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "regime": "integreringsloven",
                    "start_date": "2026-09-01",
                    "expected_end_date": "2028-08-31",
                }
            ]
        },
    )

    regime: RegimeCode
    start_date: Day
    expected_end_date: Day


class ActivityIn(Strict):
    kind: ActivityKindCode
    provider_unit: Name = Field(description="the unit that delivers the activity")
    hours_per_week: float = Field(gt=0, le=60)
    from_date: Day | None = None
    to_date: Day | None = None
    counts_as_programme_hours: bool = True


class PlanPut(Strict):
    """Create or update the integration plan (the plan's editor). ``version`` is the
    version the change is based on: 0 for a new plan, else the current version (a stale
    one gives 409). Every change after the first gives its ``reason``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "version": 0,
                    "end_goal": "work",
                    "norwegian_goal": "B1",
                    "activities": [
                        {
                            "kind": "norwegian",
                            "provider_unit": "Hamar læringssenter",
                            "hours_per_week": 20,
                        },
                        {
                            "kind": "language_practice",
                            "provider_unit": "Hamar læringssenter",
                            "hours_per_week": 15,
                        },
                    ],
                },
                {
                    "version": 1,
                    "reason": "Språkpraksis på sykehjem fra september, avtalt med deltakeren.",
                    "end_goal": "work",
                    "participant_group": "vocational",
                    "norwegian_goal": "B1",
                    "heavy_self_study": True,
                    "activities": [
                        {
                            "kind": "norwegian",
                            "provider_unit": "Hamar læringssenter",
                            "hours_per_week": 15,
                        },
                        {
                            "kind": "language_practice",
                            "provider_unit": "Hamar sykehjem",
                            "hours_per_week": 15,
                            "from_date": "2026-09-01",
                            "to_date": "2027-02-28",
                        },
                        {
                            "kind": "other",
                            "provider_unit": "Frivilligsentralen",
                            "hours_per_week": 2,
                            "counts_as_programme_hours": False,
                        },
                    ],
                },
            ]
        },
    )

    version: int = Field(ge=0)
    end_goal: EndGoalCode
    norwegian_goal: CefrCode
    activities: list[ActivityIn] = Field(max_length=50)
    participant_group: ParticipantGroupCode | None = Field(
        default=None, description="the participant's group (løp) the end goal is set for"
    )
    heavy_self_study: bool = Field(
        default=False, description="self-study is heavy: full time is 30 hours a week, not 37.5"
    )
    reason: Reason | None = Field(
        default=None,
        description="why the plan changes: required for every change after the first "
        "(422 reason-required); stored with the version, never published",
    )


class ProgrammePublic(BaseModel):
    regime: RegimeCode
    start_date: date
    expected_end_date: date


class ContributorPublic(BaseModel):
    agency: str
    sub: str = Field(description="the contributor's login")


class SectionPublic(BaseModel):
    section: SectionCode
    contributors: list[ContributorPublic] = Field(description="in the order they contributed")


class PlanPublic(BaseModel):
    version: int
    end_goal: EndGoalCode
    norwegian_goal: CefrCode
    activities: list[ActivityIn]
    programme_hours_per_week: float
    participant_group: ParticipantGroupCode | None = None
    heavy_self_study: bool = False
    required_hours_per_week: float = Field(
        description="full time: 37.5, or 30 with heavy self-study"
    )
    full_time: bool = Field(
        description="the programme hours reach full time; a plan below it is accepted but "
        "flagged (the law asks for full time)"
    )
    sections: list[SectionPublic]
    started_on: date | None = Field(description="the day the first version was made")
    next_review_due: date | None = Field(
        description="when the plan is next to be reviewed with the participant: as the "
        "last review set it, else six months after the first version"
    )
    review_overdue: bool


class MovePublic(BaseModel):
    moved_on: date
    to_municipality: str | None = Field(description="kommunenummer; null: abroad or unknown")


class ParticipantPublic(BaseModel):
    id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: list[str]
    gender: GenderCode = "unknown"
    programme: ProgrammePublic | None = None
    plan: PlanPublic | None = None
    programme_status: Literal["not_started", "active", "on_leave", "completed", "interrupted"] = (
        "not_started"
    )
    mapping_version: int = Field(default=0, description="the latest mapping; 0: not mapped")
    has_login: bool = Field(default=False, description="a person_sub was given at settlement")
    moved: MovePublic | None = Field(
        default=None, description="the participant moved away; their plan is then read-only"
    )


class ParticipantsPublic(BaseModel):
    items: list[ParticipantPublic]
    total: int
    limit: int
    offset: int


def national_id_is_valid(number: str) -> bool:
    """11 digits whose two check digits (modulus 11) are right: a fødselsnummer or a
    D-number (also the synthetic ones test environments use)."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    digits = [int(d) for d in number]
    for weights, position in (
        ((3, 7, 6, 1, 8, 9, 4, 5, 2), 9),
        ((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 10),
    ):
        remainder = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check == 10 or check != digits[position]:
            return False
    return True


class GenderPut(Strict):
    """The participant's coarse gender, used only for statistics."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"gender": "male"}]})

    gender: GenderCode


class NationalIdPut(Strict):
    """The national identity number the participant signs in with through ID-porten.
    Stored only in plan-service; never returned, published or logged."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"national_id": "01817010055"}]}
    )

    national_id: str = Field(
        min_length=11,
        max_length=11,
        pattern=r"^[0-9]{11}$",
        description="fødselsnummer or D-number: 11 digits, the last two modulus-11 check "
        "digits (weights 3, 7, 6, 1, 8, 9, 4, 5, 2 and 5, 4, 3, 2, 7, 6, 5, 4, 3, 2). Wrong "
        "check digits are a 422.",
    )

    @field_validator("national_id")
    @classmethod
    def _check_digits(cls, value: str) -> str:
        if not national_id_is_valid(value):
            raise PydanticCustomError(
                "national_id_check_digits",
                "The national identity number's check digits (modulus 11) do not match",
            )
        return value


class MoveCreate(Strict):
    """The participant moved away from the municipality. Their plan and follow-up are
    read-only here afterwards; end the programme with the exit reason ``moved``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"moved_on": "2026-11-15", "to_municipality": "0301"},
                {"to_municipality": None},
            ]
        },
    )

    moved_on: Day | None = Field(default=None, description="default: today")
    to_municipality: Municipality | None = Field(
        description="kommunenummer of the destination; null when abroad or unknown"
    )
