"""The HTTP schemas of plan-service: a family per resource, never table rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Municipality = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
PersonSub = Annotated[str, StringConstraints(pattern=r"^[!-~]{1,200}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
HouseholdType = Literal["single", "family"]
RegimeCode = Literal["integreringsloven", "introduksjonsloven"]
EndGoalCode = Literal["work", "education", "qualification"]
CefrCode = Literal["A1", "A2", "B1", "B2", "C1"]
ActivityKindCode = Literal[
    "norwegian",
    "social_studies",
    "language_practice",
    "work_practice",
    "nav_measure",
    "education",
    "parenting_guidance",
    "health",
    "other",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    settlement_date: date
    birth_year: int = Field(ge=1900, le=2100)
    household_type: HouseholdType
    languages: list[LanguageCode] = Field(min_length=1, max_length=20, description="ISO 639 codes")
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
    start_date: date
    expected_end_date: date


class ActivityIn(Strict):
    kind: ActivityKindCode
    provider_unit: Name = Field(description="the unit that delivers the activity")
    hours_per_week: float = Field(gt=0, le=60)
    from_date: date | None = None
    to_date: date | None = None
    counts_as_programme_hours: bool = True


class PlanPut(Strict):
    """Create or update the integration plan. ``version`` is the version the change is
    based on: 0 for a new plan, else the current version (a stale one gives 409)."""

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
                }
            ]
        },
    )

    version: int = Field(ge=0)
    end_goal: EndGoalCode
    norwegian_goal: CefrCode
    activities: list[ActivityIn] = Field(max_length=50)


class ProgrammePublic(BaseModel):
    regime: RegimeCode
    start_date: date
    expected_end_date: date


class PlanPublic(BaseModel):
    version: int
    end_goal: EndGoalCode
    norwegian_goal: CefrCode
    activities: list[ActivityIn]
    programme_hours_per_week: float


class ParticipantPublic(BaseModel):
    id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: list[str]
    programme: ProgrammePublic | None = None
    plan: PlanPublic | None = None
    programme_status: Literal["not_started", "active", "on_leave", "completed", "interrupted"] = (
        "not_started"
    )
    mapping_version: int = Field(default=0, description="the latest mapping; 0: not mapped")
    has_login: bool = Field(default=False, description="a person_sub was given at settlement")


class ParticipantsPublic(BaseModel):
    items: list[ParticipantPublic]
    total: int
    limit: int
    offset: int


# Programme lifecycle ---------------------------------------------------------------

ExtensionReasonCode = Literal[
    "expected_to_reach_end_goal",
    "education_in_progress",
    "work_training_in_progress",
    "norwegian_training",
    "other",
]
LeaveReasonCode = Literal["parental", "illness", "care_for_relative", "welfare", "other"]
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

    new_expected_end_date: date
    reason: ExtensionReasonCode
    decided_on: date | None = Field(default=None, description="default: today")


class LeaveCreate(Strict):
    """Leave (permisjon) from the programme. It does not move the expected end."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"from_date": "2026-10-01", "to_date": "2026-12-31", "reason": "parental"}]
        },
    )

    from_date: date
    to_date: date
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
    end_date: date
    reason: ExitReasonCode


class ExtensionPublic(BaseModel):
    number: int
    previous_expected_end_date: date
    new_expected_end_date: date
    reason: ExtensionReasonCode
    decided_on: date


class LeavePublic(BaseModel):
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


# Competence mapping --------------------------------------------------------------

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

    recorded_on: date | None = Field(default=None, description="default: today")
    education_level: EducationLevelCode
    work_experience_sectors: list[NaceSection] = Field(max_length=21)
    wished_sectors: list[NaceSection] = Field(
        max_length=21, description="in the participant's order of preference"
    )
    interests: list[InterestCode] = Field(max_length=22)
    norwegian_levels: NorwegianLevels
    has_driving_licence: bool
    childcare_needs: bool
    notes: Annotated[str, StringConstraints(max_length=4000)] | None = None


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


# Tests and outcomes --------------------------------------------------------------

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
    taken_on: date
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
    status_on: date


class OutcomePublic(BaseModel):
    measured_at: MeasurePointCode
    status: OutcomeStatusCode
    status_on: date
    recorded_by_agency: str


class OutcomesPublic(BaseModel):
    items: list[OutcomePublic]


# Consent and sharing bases ---------------------------------------------------------

RecipientKindCode = Literal["employer", "volunteer", "mentor", "organisation"]
ConsentPurposeCode = Literal["placement", "matching", "mentoring", "social_network"]
ConsentStatusCode = Literal["in_force", "expired", "withdrawn"]
AgencyCode = Literal["refugee-service", "learning-centre", "nav", "county", "employer", "volunteer"]
SharingPurposeCode = Literal[
    "programme_coordination",
    "mapping",
    "plan",
    "norwegian_training",
    "work_training",
    "nav_measures",
    "education",
    "transition",
    "follow_up",
]
LegalBasisCode = Literal[
    "integreringsloven",
    "introduksjonsloven",
    "nav_loven",
    "sosialtjenesteloven",
    "opplaeringslova",
    "forvaltningsloven",
]
RecipientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


class ConsentCreate(Strict):
    """The participant's explicit consent to share with an employer, volunteer, mentor
    or organisation, for one purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "recipient_kind": "employer",
                    "recipient_id": "974760673",
                    "purpose": "placement",
                    "expires_on": "2027-06-30",
                }
            ]
        },
    )

    recipient_kind: RecipientKindCode
    recipient_id: RecipientId = Field(
        description="an employer's nine-digit organisation number, or the recipient's id "
        "in the service that owns it"
    )
    purpose: ConsentPurposeCode
    granted_on: date | None = Field(default=None, description="default: today")
    expires_on: date | None = None


class ConsentWithdrawal(Strict):
    withdrawn_on: date | None = Field(default=None, description="default: today")


class ConsentPublic(BaseModel):
    id: UUID
    recipient_kind: RecipientKindCode
    recipient_id: str
    purpose: ConsentPurposeCode
    granted_on: date
    expires_on: date | None
    withdrawn_on: date | None
    status: ConsentStatusCode = Field(description="today")


class ConsentsPublic(BaseModel):
    items: list[ConsentPublic]


class SharingBasisCreate(Strict):
    """A public agency's legal basis for seeing the participant's data, per purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "agency": "nav",
                    "purpose": "nav_measures",
                    "legal_basis": "integreringsloven",
                    "valid_from": "2026-09-01",
                }
            ]
        },
    )

    agency: AgencyCode
    purpose: SharingPurposeCode
    legal_basis: LegalBasisCode
    valid_from: date | None = Field(default=None, description="default: today")
    valid_to: date | None = None


class SharingBasisPublic(BaseModel):
    id: UUID
    agency: str
    purpose: SharingPurposeCode
    legal_basis: LegalBasisCode
    valid_from: date
    valid_to: date | None
    in_force: bool = Field(description="today")


class SharingBasesPublic(BaseModel):
    items: list[SharingBasisPublic]


# The access log --------------------------------------------------------------------


class AccessLogEntryPublic(BaseModel):
    at: datetime
    sub: str = Field(description="who read (the token's subject)")
    agency: str
    purpose: str
    endpoint: str


class AccessLogPublic(BaseModel):
    items: list[AccessLogEntryPublic] = Field(description="newest first")
    total: int
    limit: int
    offset: int
