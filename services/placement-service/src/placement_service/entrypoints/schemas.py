"""The HTTP schemas of placement-service: a family per resource, never table rows."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from helhet_common.schema_types import (
    NON_BLANK_TEXT,
    TRIMMED,
    ClockTime,
    Day,
    Id,
    LongText,
    OrgNumber,
    PatchModel,
    RequestModel,
    ShortText,
)

# One line, no control characters; LongText (free text) keeps line breaks and tabs.
Text = ShortText
SectorCode = Annotated[str, StringConstraints(pattern=r"^[A-U]$")]
NaceCode = Annotated[str, StringConstraints(pattern=r"^\d{2}(\.\d{1,3})?$")]
Cefr = Literal["A0", "A1", "A2", "B1", "B2", "C1"]
SkillCode = Literal["listening", "reading", "speaking", "writing"]
OpeningKindCode = Literal[
    "language_practice",
    "work_practice",
    "nav_work_training",
    "wage_subsidy",
    "municipal_job",
    "ordinary_job",
]
WeekdayCode = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Levels = dict[SkillCode, Cefr]
Flag = str


# An answer that adds to a request's schema is read as an answer: not strictly (its
# ids and dates come back from JSON as text).
AS_ANSWER = ConfigDict(strict=False)


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


# A stated reason, stored in a column of 500 characters.
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500), NON_BLANK_TEXT, TRIMMED]


class Strict(RequestModel):
    """A request body: strict types (no coercion), unknown fields refused."""


# -- employers ------------------------------------------------------------------------------


class GeoIn(Strict):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class LocationIn(Strict):
    model_config = _examples(
        {
            "name": "Avdeling Vikingskipet",
            "address": "Åkersvikvegen 1, 2321 Hamar",
            "point": {"latitude": 60.7879, "longitude": 11.0957},
            "public_transport": True,
        }
    )

    name: Text
    address: Text
    point: GeoIn | None = None
    public_transport: bool = False


class LocationPublic(LocationIn):
    model_config = AS_ANSWER

    id: UUID


class ContactIn(Strict):
    model_config = _examples(
        {
            "name": "Kari Nordmann",
            "role": "daily_supervisor",
            "phone": "+47 62 00 00 00",
            "login_sub": "kari@hamar-sykehjem",
        }
    )

    name: Text
    role: Literal["manager", "daily_supervisor", "hr", "mentor", "signatory"]
    phone: Text | None = None
    email: Text | None = None
    login_sub: Text | None = Field(
        default=None, description="the `sub` of this person's employer token, if they sign in"
    )


class ContactPublic(ContactIn):
    model_config = AS_ANSWER

    id: UUID
    left_on: date | None = None
    active: bool


class AgreementIn(Strict):
    kind: Literal["none", "oral", "letter_of_intent", "cooperation_agreement", "ia_agreement"]
    anchored_at: Literal["individual", "department", "top_management", "sector"]
    signed_on: Day | None = None
    valid_to: Day | None = None


class MunicipalContactIn(Strict):
    name: Text
    unit: Text
    phone: Text | None = None
    email: Text | None = None


EMPLOYER_EXAMPLE = {
    "org_number": "974760673",
    "name": "Hamar sykehjem",
    "sector": "Q",
    "nace_code": "87.101",
    "ownership": "municipal",
    "capacity_cap": 3,
    "agreement": {
        "kind": "cooperation_agreement",
        "anchored_at": "top_management",
        "signed_on": "2026-01-15",
        "valid_to": "2027-12-31",
    },
    "responsible": {"name": "Ola Hansen", "unit": "Hamar flyktningkontor"},
    "locations": [
        {
            "name": "Hovedbygget",
            "address": "Sykehjemsvegen 1, 2315 Hamar",
            "point": {"latitude": 60.7945, "longitude": 11.0680},
            "public_transport": True,
        }
    ],
    "contacts": [{"name": "Kari Nordmann", "role": "daily_supervisor"}],
}


class EmployerCreate(Strict):
    """Register an employer. The organisation number is checked (9 digits, modulus 11)."""

    model_config = _examples(EMPLOYER_EXAMPLE)

    org_number: OrgNumber
    name: Text
    sector: SectorCode = Field(description="NACE section letter")
    nace_code: NaceCode | None = None
    ownership: Literal["municipal", "private"]
    capacity_cap: int | None = Field(
        default=None, ge=1, le=500, description="participants followed up at once"
    )
    agreement: AgreementIn = AgreementIn(kind="none", anchored_at="individual")
    responsible: MunicipalContactIn | None = Field(
        default=None, description="the one contact in the municipality for this employer"
    )
    locations: list[LocationIn] = Field(default_factory=list, max_length=50)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)


class EmployerUpdate(PatchModel):
    """Change an employer: the fields given change, the others stay. ``version`` is the
    version the change is based on (409 if stale). ``capacity_cap: null`` removes the cap
    (as ``remove_capacity_cap: true`` does); ``null`` in any other field is a 422."""

    model_config = _examples(
        {"version": 1, "capacity_cap": 4}, {"version": 2, "capacity_cap": None}
    )

    removable = frozenset({"capacity_cap"})

    version: int = Field(ge=1)
    name: Text | SkipJsonSchema[None] = None
    capacity_cap: Annotated[int, Field(ge=1, le=500)] | None = None
    remove_capacity_cap: bool | SkipJsonSchema[None] = False
    agreement: AgreementIn | SkipJsonSchema[None] = None
    responsible: MunicipalContactIn | SkipJsonSchema[None] = None


class ContactLeft(Strict):
    model_config = _examples({"left_on": "2026-11-01"})

    left_on: Day


class HistoryIn(Strict):
    model_config = _examples(
        {"occurred_on": "2026-11-02", "kind": "visit", "summary": "Visited the ward manager."}
    )

    occurred_on: Day
    kind: Literal["contact", "visit", "incident", "agreement", "note"]
    summary: LongText
    # The participant the entry is about, placed at the employer (an erasure of the
    # participant deletes it).
    participant_id: Id | None = None


class HistoryPublic(BaseModel):
    id: UUID
    occurred_on: date
    kind: str
    summary: str
    recorded_by: str
    participant_id: UUID | None = None


class HistoriesPublic(BaseModel):
    items: list[HistoryPublic]
    total: int
    limit: int
    offset: int


class WarningPublic(BaseModel):
    code: str
    message: str


class EmployerPublic(BaseModel):
    id: UUID
    municipality: str
    org_number: str
    name: str
    sector: str
    nace_code: str | None
    ownership: str
    capacity_cap: int | None
    agreement: AgreementIn
    responsible: MunicipalContactIn | None
    locations: list[LocationPublic]
    contacts: list[ContactPublic]
    version: int
    warnings: list[WarningPublic]


class EmployersPublic(BaseModel):
    items: list[EmployerPublic]
    total: int
    limit: int
    offset: int


# -- openings -------------------------------------------------------------------------------


class ScheduleIn(Strict):
    days: list[WeekdayCode] = Field(min_length=1, max_length=7)
    starts_at: ClockTime
    ends_at: ClockTime
    hours_per_week: float = Field(gt=0, le=37.5)


class OpeningCreate(Strict):
    """Publish an opening at an employer."""

    model_config = _examples(
        {
            "employer_id": "0193a0e0-0000-7000-8000-000000000001",
            "location_id": None,
            "kind": "language_practice",
            "title": "Kitchen assistant",
            "schedule": {
                "days": ["mon", "tue", "wed"],
                "starts_at": "08:30",
                "ends_at": "14:30",
                "hours_per_week": 15,
            },
            "language_requirements": {"listening": "A2", "speaking": "A2"},
            "capacity": 2,
            "created_by_municipality": True,
        }
    )

    employer_id: Id
    location_id: Id | None = None
    kind: OpeningKindCode
    sector: SectorCode | None = Field(default=None, description="default: the employer's")
    title: Text
    schedule: ScheduleIn
    language_requirements: Levels = Field(default_factory=dict)
    capacity: int = Field(ge=1, le=100)
    created_by_municipality: bool = False


class OpeningClose(Strict):
    model_config = _examples({"reason": "The season is over."})

    reason: Reason


class OpeningPublic(BaseModel):
    id: UUID
    municipality: str
    employer_id: UUID
    location_id: UUID | None
    kind: OpeningKindCode
    sector: str
    title: str
    schedule: ScheduleIn
    language_requirements: Levels
    capacity: int
    created_by_municipality: bool
    status: Literal["open", "filled", "closed"]
    published_on: date
    closed_on: date | None
    close_reason: str | None


class OpeningsPublic(BaseModel):
    items: list[OpeningPublic]
    total: int
    limit: int
    offset: int


# -- placements -----------------------------------------------------------------------------


class LanguageAgreementIn(Strict):
    levels: Levels = Field(description="the level agreed with the employer, per skill")
    assessment: Literal[
        "assessment_form", "teacher_observation", "employer_evaluation", "norwegian_test"
    ]


class FollowUpPlanIn(Strict):
    every_days: int = Field(ge=1, le=92)
    by_unit: Text
    employer_contact_id: Id | None = None


class PlacementCreate(Strict):
    """Place a participant in an opening, with a purpose tied to the plan's goal."""

    model_config = _examples(
        {
            "participant_id": "0193a0e0-0000-7000-8000-0000000000aa",
            "opening_id": "0193a0e0-0000-7000-8000-000000000002",
            "purpose": "language_learning",
            "learning_goals": ["Take oral instructions in the kitchen", "Kitchen vocabulary"],
            "language_agreement": {"levels": {"speaking": "A2"}, "assessment": "assessment_form"},
            "follow_up_plan": {"every_days": 14, "by_unit": "Hamar læringssenter"},
            "start_date": "2026-11-02",
            "planned_end": "2027-01-29",
        }
    )

    participant_id: Id
    opening_id: Id
    purpose: Literal[
        "language_learning", "work_experience", "qualification", "clarification", "recruitment"
    ]
    learning_goals: list[LongText] = Field(min_length=1, max_length=20)
    language_agreement: LanguageAgreementIn
    follow_up_plan: FollowUpPlanIn
    start_date: Day
    planned_end: Day


class KindChangeIn(Strict):
    model_config = _examples(
        {
            "to_kind": "work_practice",
            "effective_date": "2026-12-01",
            "reason": "Norwegian good enough for work tasks",
            "follow_up_by_unit": "Hamar flyktningkontor",
        }
    )

    to_kind: OpeningKindCode
    effective_date: Day
    reason: Reason | None = None
    follow_up_by_unit: Text | None = Field(
        default=None, description="the unit that takes over the follow-up, if it changes"
    )


class FollowUpIn(Strict):
    model_config = _examples(
        {
            "visited_on": "2026-11-16",
            "kind": "visit",
            "by_unit": "Hamar læringssenter",
            "outcome": "on_track",
        }
    )

    visited_on: Day
    kind: Literal["visit", "phone", "three_way_talk", "evaluation"]
    by_unit: Text
    outcome: Literal["on_track", "needs_attention", "at_risk"]
    note: LongText | None = None


class HoursDayIn(Strict):
    worked_on: Day
    hours: float = Field(gt=0, le=12)
    confirmed_by_employer: bool = False


class HoursIn(Strict):
    model_config = _examples(
        {"entries": [{"worked_on": "2026-11-02", "hours": 6, "confirmed_by_employer": True}]}
    )

    entries: list[HoursDayIn] = Field(min_length=1, max_length=62)


class AttendanceIn(Strict):
    """Attendance or absence on one day of the placement, for the participant's ledger."""

    model_config = _examples(
        {"date": "2026-11-02", "kind": "attendance", "hours": 6},
        {"date": "2026-11-03", "kind": "absence", "hours": 7.5, "code": "syk"},
    )

    date: Day = Field(
        description="the day: within the placement, not after the participant's exit nor "
        "ahead of today"
    )
    kind: Literal["attendance", "absence"]
    hours: float = Field(gt=0, le=24, multiple_of=0.25, allow_inf_nan=False)
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")] | None = Field(
        default=None,
        description="an absence's code from the municipality's list (plan-service's "
        "GET /absence-codes); none on attendance",
    )


class ExtensionIn(Strict):
    model_config = _examples({"new_end": "2027-03-31", "reason": "hiring_prospect"})

    new_end: Day
    reason: Literal[
        "learning_goals_not_met", "hiring_prospect", "participant_wish", "subsidy_continues"
    ]


class NavMeasureIn(Strict):
    model_config = _examples(
        {
            "type": "temporary_wage_subsidy",
            "role": "continues",
            "period_from": "2027-02-01",
            "period_to": "2027-07-31",
            "rate_percent": 40,
        }
    )

    type: Literal[
        "work_training",
        "temporary_wage_subsidy",
        "permanent_wage_subsidy",
        "mentor",
        "follow_up",
        "qualification_programme",
    ]
    role: Literal["funds", "continues"]
    period_from: Day
    period_to: Day
    rate_percent: float | None = Field(default=None, ge=0, le=100)


class PlacementEnd(Strict):
    model_config = _examples(
        {"actual_end": "2027-01-29", "reason": "completed", "next_step": "new_placement"}
    )

    actual_end: Day
    reason: Literal["completed", "hired", "ended_by_participant", "ended_by_employer", "moved"]
    next_step: Literal[
        "new_placement",
        "nav_measure",
        "education",
        "work",
        "norwegian_training",
        "qualification_programme",
        "undecided",
    ]


class KindChangePublic(BaseModel):
    from_kind: OpeningKindCode
    to_kind: OpeningKindCode
    effective_date: date
    reason: str | None


class FollowUpPublic(FollowUpIn):
    model_config = AS_ANSWER

    id: UUID


class ExtensionPublic(BaseModel):
    previous_end: date
    new_end: date
    reason: str
    flags: list[Flag]


class NavMeasurePublic(NavMeasureIn):
    model_config = AS_ANSWER

    id: UUID


class FundingChain(BaseModel):
    """What carries the placement when the programme's benefit ends."""

    programme_expected_end: date | None
    continued_by: NavMeasurePublic | None
    summary: str


class PlacementPublic(BaseModel):
    id: UUID
    municipality: str
    participant_id: UUID
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKindCode
    sector: str
    status: Literal["planned", "active", "ended"]
    purpose: str
    learning_goals: list[str]
    plan_end_goal: str | None
    plan_version: int | None
    language_agreement: LanguageAgreementIn
    follow_up_plan: FollowUpPlanIn
    next_follow_up_due: date | None
    start_date: date
    planned_end: date
    actual_end: date | None
    end_reason: str | None
    next_step: str | None
    created_by_municipality: bool
    flags: list[Flag]
    kind_history: list[KindChangePublic]
    follow_ups: list[FollowUpPublic]
    extensions: list[ExtensionPublic]
    nav_measures: list[NavMeasurePublic]
    hours_total: float
    funding_chain: FundingChain | None = None
    version: int


class PlacementsPublic(BaseModel):
    items: list[PlacementPublic]
    total: int
    limit: int
    offset: int


class HoursDayPublic(HoursDayIn):
    model_config = AS_ANSWER

    kind: OpeningKindCode = Field(description="the placement's kind on that day")


class AttendancePublic(BaseModel):
    id: UUID = Field(description="the entry's id; also the id of the participant's ledger entry")
    placement_id: UUID
    participant_id: UUID
    date: date
    kind: Literal["attendance", "absence"]
    hours: float
    code: str | None
    effect: Literal["keeps", "reduces", "unpaid_leave"] | None = Field(
        description="what the absence does to the introduction benefit"
    )
    recorded_by_agency: str


class LedgerPublic(BaseModel):
    placement_id: UUID
    total_hours: float
    confirmed_hours: float
    by_kind: dict[str, float]
    by_month: dict[str, float]
    items: list[HoursDayPublic]
    total: int
    limit: int
    offset: int


# -- matching, profiles, consents -----------------------------------------------------------


class MatchRequest(Strict):
    """Where the participant travels from (sent per request, never stored)."""

    model_config = _examples({"home": {"latitude": 60.7960, "longitude": 11.0750}})

    home: GeoIn | None = None


class FactorPublic(BaseModel):
    factor: str
    weight: int
    score: float = Field(description="0..1")
    points: float = Field(description="weight x score")
    reason: str
    explanation: str


class MatchPublic(BaseModel):
    opening_id: UUID
    employer_id: UUID
    employer_name: str
    title: str
    kind: OpeningKindCode
    sector: str
    score: float = Field(description="0..100")
    flags: list[Flag]
    factors: list[FactorPublic]


class MatchesPublic(BaseModel):
    participant_id: UUID
    wished_sectors: list[str]
    end_goal: str | None
    weights: dict[str, int]
    items: list[MatchPublic]
    total: int
    limit: int
    offset: int


class ProfilePublic(BaseModel):
    participant_id: UUID
    municipality: str | None
    settlement_date: date | None
    programme_expected_end: date | None
    end_goal: str | None
    plan_version: int | None
    mapping_version: int | None
    education_level: str | None
    work_experience_sectors: list[str]
    wished_sectors: list[str]
    interests: list[str]
    norwegian_levels: dict[str, str]
    has_driving_licence: bool | None
    childcare_needs: bool | None
    languages: list[str]


class ConsentPublic(BaseModel):
    consent_id: UUID
    recipient_kind: str | None
    recipient_id: str | None
    purpose: str | None
    granted_on: date | None
    expires_on: date | None
    withdrawn_on: date | None
    in_force: bool


class ConsentsPublic(BaseModel):
    participant_id: UUID
    items: list[ConsentPublic]


class CandidatePublic(BaseModel):
    """What an employer sees of a candidate who consented: no names, no contact details."""

    participant_id: UUID
    consent_id: UUID
    consent_expires_on: date | None
    education_level: str | None
    work_experience_sectors: list[str]
    wished_sectors: list[str]
    norwegian_levels: dict[str, str]
    has_driving_licence: bool | None
    languages: list[str]
