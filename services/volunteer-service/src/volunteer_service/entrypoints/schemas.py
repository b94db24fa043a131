"""The HTTP schemas of volunteer-service: a family per resource, never table rows."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from helhet_common.schema_types import (
    MULTI_LINE,
    ClockTime,
    Day,
    Id,
    PatchModel,
    RequestModel,
    ShortText,
)

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Name = ShortText
Text = Annotated[str, StringConstraints(max_length=2000), MULTI_LINE]
# No whitespace and no control characters (C0, DEL, C1) anywhere in an address.
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s\x00-\x1f\x7f-\x9f]{1,64}@[^@\s\x00-\x1f\x7f-\x9f]{1,190}"
        r"\.[^@\s\x00-\x1f\x7f-\x9f]{2,}$"
    ),
]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ]{5,20}$")]
RoleCode = Literal[
    "guide",
    "mentor",
    "host_family",
    "friend_family",
    "homework_help",
    "language_practice",
    "transport",
    "bridge_builder",
    "language_support",
]
OrganisationKindCode = Literal[
    "volunteer_centre",
    "red_cross",
    "sports_club",
    "culture",
    "faith",
    "immigrant_organisation",
    "humanitarian",
    "municipal",
    "other",
]
VolunteerKindCode = Literal["volunteer", "bridge_builder"]
EngagementCode = Literal["paid", "practice", "voluntary"]
AvailabilityCode = Literal["weekday_daytime", "weekday_evening", "weekend"]
TargetGroupCode = Literal["singles", "youth", "women", "families", "everyone"]
ActivityKindCode = Literal[
    "meeting_place",
    "language_cafe",
    "sport",
    "outdoor",
    "culture",
    "homework_help",
    "course",
    "other",
]
RecurrenceCode = Literal["once", "weekly", "biweekly", "monthly"]
WeekdayCode = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SettingCode = Literal[
    "everyday",
    "leisure",
    "home",
    "teaching",
    "public_services",
    "mapping_talk",
    "health_check",
]
VulnerableCode = Literal["minors", "developmental_disabilities"]
EndReasonCode = Literal[
    "completed",
    "participant_declined",
    "volunteer_declined",
    "participant_moved",
    "volunteer_unavailable",
    "not_a_good_fit",
    "consent_withdrawn",
    "other",
]
# The reason a match ended: the caller's codes, ``volunteer_left`` set by a volunteer's
# deactivation or erasure, ``consent_expired`` by the lapse of the consent and
# ``programme_ended`` by the participant's exit.
EndReasonPublicCode = Literal[
    "completed",
    "participant_declined",
    "volunteer_declined",
    "participant_moved",
    "volunteer_unavailable",
    "not_a_good_fit",
    "consent_withdrawn",
    "other",
    "volunteer_left",
    "consent_expired",
    "programme_ended",
]
MatchStatusCode = Literal["proposed", "active", "ended"]
DeactivationReasonCode = Literal["stopped", "moved", "not_suitable", "other"]
DeactivationReasonPublicCode = Literal[
    "stopped", "moved", "not_suitable", "other", "erasure_requested"
]
CancellationReasonCode = Literal[
    "no_longer_offered", "too_few_participants", "no_venue", "no_volunteers", "other"
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


class Strict(RequestModel):
    """A request body: strict types (no coercion), unknown fields refused."""


class Versioned(Strict):
    """A change based on the version the caller has seen: if the resource changed in the
    meantime, the answer is 409 ``stale-version`` with ``current_version``."""

    version: int = Field(ge=1, description="the version the change is based on")


class Patch(PatchModel, Versioned):
    """A partial change: a field left out stays as it is. Only the fields in
    ``removable`` may be ``null`` (which removes the value); a ``null`` anywhere else is
    a 422 naming the field."""


class Page(BaseModel):
    total: int
    limit: int
    offset: int


# -- organisations -------------------------------------------------------------------------


class ContactPerson(Strict):
    name: Name
    role: Name | None = None
    phone: Phone | None = None
    email: Email | None = None


class OrganisationCreate(Strict):
    """An organisation that offers volunteering: the volunteer centre, the Red Cross, a
    club. Contact persons stay in volunteer-service and are never published."""

    model_config = _examples(
        {
            "name": "Hamar frivilligsentral",
            "kind": "volunteer_centre",
            "offers": ["guide", "friend_family", "transport"],
            "contacts": [
                {
                    "name": "Kari Nordmann",
                    "role": "daglig leder",
                    "phone": "+47 62 00 00 00",
                    "email": "kari@example.org",
                }
            ],
            "description": "Recruits and coordinates volunteers; runs the Thursday café.",
        }
    )

    name: Name
    kind: OrganisationKindCode
    offers: list[RoleCode] = Field(default_factory=list, max_length=9)
    contacts: list[ContactPerson] = Field(min_length=1, max_length=10)
    description: Text = ""


class OrganisationUpdate(Patch):
    """Change an organisation: the fields given change, the others stay."""

    model_config = _examples(
        {
            "version": 1,
            "offers": ["guide", "friend_family"],
            "contacts": [{"name": "Kari Nordmann", "phone": "+47 62 00 00 00"}],
        }
    )

    name: Name | SkipJsonSchema[None] = None
    offers: Annotated[list[RoleCode], Field(max_length=9)] | SkipJsonSchema[None] = None
    contacts: (
        Annotated[list[ContactPerson], Field(min_length=1, max_length=10)] | SkipJsonSchema[None]
    ) = None
    description: Text | SkipJsonSchema[None] = None


class OrganisationDeactivation(Versioned):
    """Deactivate an organisation: it takes no new volunteers or activities; its
    volunteers and activities are kept as they are."""

    model_config = _examples({"version": 2})


class OrganisationPublic(BaseModel):
    id: UUID
    municipality: str
    name: str
    kind: OrganisationKindCode
    offers: list[RoleCode]
    contacts: list[ContactPerson]
    description: str
    version: int
    active: bool
    deactivated_on: date | None


class OrganisationsPublic(Page):
    items: list[OrganisationPublic]


# -- volunteers ----------------------------------------------------------------------------


class TrainingIn(Strict):
    model_config = _examples({"code": "mentor_course", "completed_on": "2026-10-14"})

    code: Code = Field(description="e.g. host_family_course, mentor_course")
    completed_on: Day


class BridgeBuilderIn(Strict):
    engagement: EngagementCode = Field(description="a paid post, as practice, or voluntary")
    former_participant: bool = Field(description="a former programme participant")


class VolunteerCreate(Strict):
    """A volunteer, or a bridge-builder (``kind: bridge_builder`` with ``bridge_builder``
    terms). Name and contact details stay in volunteer-service."""

    model_config = _examples(
        {
            "kind": "volunteer",
            "organisation_id": "01937a51-7d2c-7b35-9d0f-3c1e4a6b2f10",
            "name": "Ola Hansen",
            "phone": "+47 900 00 000",
            "languages": ["no", "en"],
            "skills": ["driving"],
            "interests": ["football", "hiking"],
            "availability": ["weekday_evening", "weekend"],
            "roles": ["guide", "transport"],
            "max_matches": 2,
            "trainings": [{"code": "guide_intro", "completed_on": "2026-09-10"}],
        },
        {
            "kind": "bridge_builder",
            "name": "Senait Tesfay",
            "languages": ["ti", "no", "en"],
            "interests": ["cooking"],
            "availability": ["weekday_daytime"],
            "roles": ["bridge_builder", "language_support"],
            "bridge_builder": {"engagement": "paid", "former_participant": True},
        },
    )

    kind: VolunteerKindCode
    organisation_id: Id | None = None
    name: Name
    phone: Phone | None = None
    email: Email | None = None
    languages: list[LanguageCode] = Field(min_length=1, max_length=20)
    skills: list[Code] = Field(default_factory=list, max_length=30)
    interests: list[Code] = Field(default_factory=list, max_length=30)
    availability: list[AvailabilityCode] = Field(default_factory=list, max_length=3)
    roles: list[RoleCode] = Field(min_length=1, max_length=9)
    max_matches: int = Field(1, ge=1, le=10)
    trainings: list[TrainingIn] = Field(default_factory=list, max_length=30)
    bridge_builder: BridgeBuilderIn | None = None


class VolunteerUpdate(Patch):
    """Change a volunteer: the fields given change, the others stay. ``organisation_id``,
    ``phone`` or ``email`` set to ``null`` removes it. The rules of registration hold."""

    model_config = _examples(
        {
            "version": 1,
            "languages": ["no", "en", "ar"],
            "availability": ["weekend"],
            "phone": "+47 900 00 001",
            "email": None,
        }
    )

    removable = frozenset({"organisation_id", "phone", "email"})

    organisation_id: Id | None = None
    name: Name | SkipJsonSchema[None] = None
    phone: Phone | None = None
    email: Email | None = None
    languages: (
        Annotated[list[LanguageCode], Field(min_length=1, max_length=20)] | SkipJsonSchema[None]
    ) = None
    skills: Annotated[list[Code], Field(max_length=30)] | SkipJsonSchema[None] = None
    interests: Annotated[list[Code], Field(max_length=30)] | SkipJsonSchema[None] = None
    availability: Annotated[list[AvailabilityCode], Field(max_length=3)] | SkipJsonSchema[None] = (
        None
    )
    roles: Annotated[list[RoleCode], Field(min_length=1, max_length=9)] | SkipJsonSchema[None] = (
        None
    )
    max_matches: Annotated[int, Field(ge=1, le=10)] | SkipJsonSchema[None] = None


class VolunteerDeactivation(Versioned):
    """The volunteer stops: no longer suggested, no new matches; open matches end with the
    reason ``volunteer_left``."""

    model_config = _examples({"version": 3, "reason": "moved"})

    reason: DeactivationReasonCode


class VolunteerErasure(Versioned):
    """Erase the volunteer's name and contact details on request (GDPR art. 17). Ids,
    codes and dates are kept, so statistics and past matches still hold; the volunteer is
    deactivated."""

    model_config = _examples({"version": 3})


class PoliceCertificateSeen(Strict):
    """Record that a police certificate was seen: when, and for which kind of task. The
    document is never uploaded or stored, nor its contents; who saw it is the caller."""

    model_config = _examples({"seen_on": "2026-10-01", "grounds": ["minors"]})

    seen_on: Day
    grounds: list[VulnerableCode] = Field(
        min_length=1,
        max_length=2,
        description="the tasks it was required for: only these make a certificate lawful",
    )


class VettingPublic(BaseModel):
    police_certificate_seen_on: date
    seen_by: str
    grounds: list[VulnerableCode]
    valid: bool


class VolunteerPublic(BaseModel):
    id: UUID
    municipality: str
    kind: VolunteerKindCode
    organisation_id: UUID | None
    name: str | None
    phone: str | None
    email: str | None
    languages: list[str]
    skills: list[str]
    interests: list[str]
    availability: list[str]
    roles: list[RoleCode]
    max_matches: int
    registered_on: date
    trainings: list[TrainingIn]
    vetting: VettingPublic | None
    bridge_builder: BridgeBuilderIn | None
    version: int
    active: bool
    deactivated_on: date | None
    deactivation_reason: DeactivationReasonPublicCode | None
    erased_on: date | None


class VolunteersPublic(Page):
    items: list[VolunteerPublic]


class MissingPublic(BaseModel):
    code: str
    message: str


class EligibilityPublic(BaseModel):
    volunteer_id: UUID
    role: RoleCode
    setting: SettingCode
    police_certificate_required: bool
    training_required: str | None
    may_take: bool
    missing: list[MissingPublic]


# -- activities ----------------------------------------------------------------------------


class ActivityCreate(Strict):
    """An activity or meeting place. ``counts_as_programme_hours``: attendance must then
    be registered. ``publish: true`` publishes it at once."""

    model_config = _examples(
        {
            "organisation_id": "01937a51-7d2c-7b35-9d0f-3c1e4a6b2f10",
            "title": "Språkkafé på biblioteket",
            "kind": "language_cafe",
            "description": "Norwegian conversation with local volunteers over coffee.",
            "target_groups": ["singles", "everyone"],
            "interests": ["reading"],
            "languages": ["ar", "ti"],
            "locals_take_part": True,
            "recurrence": "weekly",
            "weekday": "thu",
            "start_time": "18:00",
            "end_time": "20:00",
            "starts_on": "2026-09-03",
            "ends_on": "2027-06-17",
            "place": "Hamar bibliotek",
            "cost_nok": 0,
            "fee_support_available": False,
            "counts_as_programme_hours": True,
            "publish": True,
        }
    )

    organisation_id: Id | None = None
    title: Name
    kind: ActivityKindCode
    description: Text = ""
    target_groups: list[TargetGroupCode] = Field(min_length=1, max_length=5)
    interests: list[Code] = Field(default_factory=list, max_length=20)
    languages: list[LanguageCode] = Field(
        default_factory=list, max_length=20, description="support in these besides Norwegian"
    )
    locals_take_part: bool
    recurrence: RecurrenceCode
    weekday: WeekdayCode | None = None
    start_time: ClockTime
    end_time: ClockTime
    starts_on: Day
    ends_on: Day | None = None
    place: Name
    cost_nok: int = Field(0, ge=0, le=100_000)
    fee_support_available: bool = False
    counts_as_programme_hours: bool
    publish: bool = False


class ActivityUpdate(Patch):
    """Change an activity: the fields given change, the others stay (``organisation_id``,
    ``weekday`` or ``ends_on`` set to ``null`` removes it). Sessions with attendance stay
    within the schedule, and ``counts_as_programme_hours`` is fixed once attendance is
    recorded."""

    model_config = _examples(
        {"version": 2, "place": "Hamar bibliotek, 2. etasje", "start_time": "17:30"}
    )

    removable = frozenset({"organisation_id", "weekday", "ends_on"})

    organisation_id: Id | None = None
    title: Name | SkipJsonSchema[None] = None
    kind: ActivityKindCode | SkipJsonSchema[None] = None
    description: Text | SkipJsonSchema[None] = None
    target_groups: (
        Annotated[list[TargetGroupCode], Field(min_length=1, max_length=5)] | SkipJsonSchema[None]
    ) = None
    interests: Annotated[list[Code], Field(max_length=20)] | SkipJsonSchema[None] = None
    languages: Annotated[list[LanguageCode], Field(max_length=20)] | SkipJsonSchema[None] = None
    locals_take_part: bool | SkipJsonSchema[None] = None
    recurrence: RecurrenceCode | SkipJsonSchema[None] = None
    weekday: WeekdayCode | None = None
    start_time: ClockTime | SkipJsonSchema[None] = None
    end_time: ClockTime | SkipJsonSchema[None] = None
    starts_on: Day | SkipJsonSchema[None] = None
    ends_on: Day | None = None
    place: Name | SkipJsonSchema[None] = None
    cost_nok: Annotated[int, Field(ge=0, le=100_000)] | SkipJsonSchema[None] = None
    fee_support_available: bool | SkipJsonSchema[None] = None
    counts_as_programme_hours: bool | SkipJsonSchema[None] = None


class ActivityCancellation(Versioned):
    """Cancel an activity: no longer suggested, no new attendance; what was recorded stays."""

    model_config = _examples({"version": 2, "reason": "no_venue"})

    reason: CancellationReasonCode


class ActivityPublic(BaseModel):
    id: UUID
    municipality: str
    organisation_id: UUID | None
    title: str
    kind: ActivityKindCode
    description: str
    target_groups: list[TargetGroupCode]
    interests: list[str]
    languages: list[str]
    locals_take_part: bool
    recurrence: RecurrenceCode
    weekday: WeekdayCode | None
    start_time: ClockTime
    end_time: ClockTime
    starts_on: date
    ends_on: date | None
    place: str
    cost_nok: int
    fee_support_available: bool
    counts_as_programme_hours: bool
    attendance_required: bool
    status: Literal["draft", "published", "cancelled"]
    published_on: date | None
    version: int
    cancelled_on: date | None
    cancellation_reason: CancellationReasonCode | None


class ActivitiesPublic(Page):
    items: list[ActivityPublic]


class AttendanceIn(Strict):
    participant_id: Id
    present: bool
    hours: float | None = Field(
        None, ge=0, le=12, description="defaults to the session's length when counted"
    )


class AttendanceCreate(Strict):
    """Who came to one session."""

    model_config = _examples(
        {
            "attended_on": "2026-11-19",
            "participants": [
                {"participant_id": "01937a51-0000-7000-8000-000000000001", "present": True},
                {"participant_id": "01937a51-0000-7000-8000-000000000002", "present": False},
            ],
        }
    )

    attended_on: Day
    participants: list[AttendanceIn] = Field(min_length=1, max_length=200)


class AttendancePublic(BaseModel):
    activity_id: UUID
    attended_on: date
    participant_id: UUID
    present: bool
    hours: float | None


class AttendanceRecordedPublic(BaseModel):
    activity_id: UUID
    attended_on: date
    counts_as_programme_hours: bool
    items: list[AttendancePublic]


class AttendancesPublic(Page):
    items: list[AttendancePublic]


# -- matches -------------------------------------------------------------------------------


class MatchCreate(Strict):
    """Propose a participant and a volunteer for a role. Needs the participant's consent
    in force for the volunteer or the volunteer's organisation (from plan-service)."""

    model_config = _examples(
        {
            "participant_id": "01937a51-0000-7000-8000-000000000001",
            "volunteer_id": "01937a51-7d2c-7b35-9d0f-3c1e4a6b2f11",
            "role": "guide",
            "setting": "everyday",
            "involves_minors": False,
            "involves_developmental_disabilities": False,
        }
    )

    participant_id: Id
    volunteer_id: Id
    role: RoleCode
    setting: SettingCode = "everyday"
    involves_minors: bool = False
    involves_developmental_disabilities: bool = False
    police_certificate_required: bool = Field(
        False,
        description="ask for a police certificate; lawful only for tasks involving minors or "
        "people with developmental disabilities (which require one anyway)",
    )


class MatchAccept(Strict):
    model_config = _examples({"party": "participant"})

    party: Literal["participant", "volunteer"]


class MatchEnd(Strict):
    model_config = _examples({"reason": "completed"})

    reason: EndReasonCode


class MatchPublic(BaseModel):
    id: UUID
    municipality: str
    participant_id: UUID
    volunteer_id: UUID
    volunteer_kind: VolunteerKindCode
    role: RoleCode
    setting: SettingCode
    involves_minors: bool
    involves_developmental_disabilities: bool
    status: MatchStatusCode
    proposed_on: date
    participant_accepted_on: date | None
    volunteer_accepted_on: date | None
    started_on: date | None
    ended_on: date | None
    end_reason: EndReasonPublicCode | None


class MatchesPublic(Page):
    items: list[MatchPublic]


# -- participants --------------------------------------------------------------------------


class ReasonPublic(BaseModel):
    code: str
    detail: str
    points: int


class VolunteerSuggestionPublic(BaseModel):
    volunteer_id: UUID
    kind: VolunteerKindCode
    organisation_id: UUID | None
    roles: list[RoleCode]
    languages: list[str]
    score: int
    reasons: list[ReasonPublic]
    consent_in_force: bool = Field(description="a match can be proposed right now")


class ActivitySuggestionPublic(BaseModel):
    activity_id: UUID
    title: str
    kind: ActivityKindCode
    place: str
    weekday: WeekdayCode | None
    start_time: ClockTime
    score: int
    reasons: list[ReasonPublic]


class ParticipantProfilePublic(BaseModel):
    participant_id: UUID
    household_type: str | None
    settlement_date: date | None
    languages: list[str]
    interests: list[str]


class SuggestionsPublic(BaseModel):
    participant: ParticipantProfilePublic
    volunteers: list[VolunteerSuggestionPublic]
    activities: list[ActivitySuggestionPublic]


class WithoutNetworkPublic(Page):
    """Single participants with no open match and no activity attended in 90 days."""

    items: list[ParticipantProfilePublic]
