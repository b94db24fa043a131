"""The HTTP schemas of plan-service: a family per resource, never table rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common import schema_types
from helhet_common.schema_types import MULTI_LINE, Day, LongText, RequestModel

Municipality = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
PersonSub = Annotated[str, StringConstraints(pattern=r"^[!-~]{1,200}$")]
# Text refuses control characters (NUL, ESC, ...): names on one line, free text with
# line breaks and tabs.
Name = schema_types.ShortText
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


ParticipantGroupCode = Literal["work_oriented", "school_oriented", "vocational"]
SectionCode = Literal["end_goal", "norwegian_goal", "activities"]
Reason = LongText
FreeText = Annotated[
    str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True), MULTI_LINE
]
Notes = Annotated[str, StringConstraints(max_length=4000), MULTI_LINE]


class Strict(RequestModel):
    """A request body: strict types (no coercion), unknown fields refused."""


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


# Programme lifecycle ---------------------------------------------------------------

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
        description="an employer's organisation number (nine digits, the last a modulus-11 "
        "check digit; else 422 `recipient-id`), or the recipient's id in the service that "
        "owns it"
    )
    purpose: ConsentPurposeCode
    granted_on: Day | None = Field(default=None, description="default: today")
    expires_on: Day | None = None


class ConsentWithdrawal(Strict):
    withdrawn_on: Day | None = Field(default=None, description="default: today")


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
    valid_from: Day | None = Field(default=None, description="default: today")
    valid_to: Day | None = None


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


# The plan's versions, contributions and reviews ------------------------------------


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


# Meetings and actions --------------------------------------------------------------

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
ShortText = Name


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


# Moving away, contact persons, the certificate -------------------------------------


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


Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ]{4,19}$")]
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s\x00-\x1f\x7f-\x9f]{1,64}@[^@\s\x00-\x1f\x7f-\x9f]{1,189}"
        r"\.[A-Za-z]{2,24}$",
        max_length=254,
    ),
]


class ContactCreate(Strict):
    """The participant's contact person in an agency. Replacing an agency's current
    contact requires a hand-over note for the new one; the previous contact is kept in
    the history. Employees' names and phone numbers are never published."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "agency": "nav",
                    "name": "Ola Veileder",
                    "role": "veileder, flyktningteamet",
                    "phone": "+47 62 00 00 00",
                    "email": "ola.veileder@nav.example",
                    "handover_note": "Ruta venter svar på søknad om arbeidstrening.",
                }
            ]
        },
    )

    agency: AgencyCode
    name: Name
    role: ShortText | None = None
    phone: Phone | None = None
    email: Email | None = None
    assigned_on: Day | None = Field(default=None, description="default: today")
    handover_note: FreeText | None = Field(
        default=None,
        description="required when the agency already has a contact person "
        "(422 handover-note-required)",
    )


class ContactPublic(BaseModel):
    id: UUID
    agency: str
    name: str
    role: str | None
    phone: str | None
    email: str | None
    assigned_on: date
    ended_on: date | None
    handover_note: str | None
    current: bool


class ContactsPublic(BaseModel):
    items: list[ContactPublic]


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
