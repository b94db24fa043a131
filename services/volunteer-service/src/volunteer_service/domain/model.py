"""Organisations, volunteers and bridge-builders, activities with attendance, and matches.

Plain Python: no I/O, no framework. Every change checks its rules and records a domain
event that the unit of work turns into a published contract. Names and contact details
live in ``personal`` and never leave this service.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from enum import Enum, StrEnum
from typing import Any, Final, Literal, TypeVar
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from volunteer_service.domain import events, vetting
from volunteer_service.domain.vetting import Role, TaskRequirements


class OrganisationKind(StrEnum):
    VOLUNTEER_CENTRE = "volunteer_centre"  # frivillighetssentral
    RED_CROSS = "red_cross"
    SPORTS_CLUB = "sports_club"
    CULTURE = "culture"
    FAITH = "faith"
    IMMIGRANT_ORGANISATION = "immigrant_organisation"
    HUMANITARIAN = "humanitarian"
    MUNICIPAL = "municipal"
    OTHER = "other"


class VolunteerKind(StrEnum):
    VOLUNTEER = "volunteer"
    BRIDGE_BUILDER = "bridge_builder"  # former participants and other bilingual residents


class Engagement(StrEnum):
    """How a bridge-builder is engaged: the research recommends (part-time) paid posts."""

    PAID = "paid"
    PRACTICE = "practice"  # as language or work practice within their own programme
    VOLUNTARY = "voluntary"


class TargetGroup(StrEnum):
    SINGLES = "singles"
    YOUTH = "youth"  # 13-25
    WOMEN = "women"
    FAMILIES = "families"
    EVERYONE = "everyone"


class ActivityKind(StrEnum):
    MEETING_PLACE = "meeting_place"  # café, open house
    LANGUAGE_CAFE = "language_cafe"
    SPORT = "sport"
    OUTDOOR = "outdoor"
    CULTURE = "culture"
    HOMEWORK_HELP = "homework_help"
    COURSE = "course"
    OTHER = "other"


class Recurrence(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ActivityStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class CancellationReason(StrEnum):
    NO_LONGER_OFFERED = "no_longer_offered"
    TOO_FEW_PARTICIPANTS = "too_few_participants"
    NO_VENUE = "no_venue"
    NO_VOLUNTEERS = "no_volunteers"
    OTHER = "other"


class DeactivationReason(StrEnum):
    """Why a volunteer stopped: codes only, never free text."""

    STOPPED = "stopped"  # no longer volunteers
    MOVED = "moved"
    NOT_SUITABLE = "not_suitable"
    OTHER = "other"
    ERASURE_REQUESTED = "erasure_requested"  # set by an erasure, not chosen by the caller


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"


class Party(StrEnum):
    PARTICIPANT = "participant"
    VOLUNTEER = "volunteer"


class EndReason(StrEnum):
    COMPLETED = "completed"
    PARTICIPANT_DECLINED = "participant_declined"
    VOLUNTEER_DECLINED = "volunteer_declined"
    PARTICIPANT_MOVED = "participant_moved"
    VOLUNTEER_UNAVAILABLE = "volunteer_unavailable"
    NOT_A_GOOD_FIT = "not_a_good_fit"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OTHER = "other"
    VOLUNTEER_LEFT = "volunteer_left"  # set when the volunteer is deactivated or erased


class _Keep(Enum):
    KEEP = "keep"


# "Leave this as it is" in a partial update (``None`` can be a value: "remove it").
KEEP: Final = _Keep.KEEP
Keep = Literal[_Keep.KEEP]

T = TypeVar("T")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AVAILABILITY = ("weekday_daytime", "weekday_evening", "weekend")
NORWEGIAN = frozenset({"no", "nb", "nn"})
MAX_ATTENDANCE_HOURS = 12.0


# -- organisations -------------------------------------------------------------------------


@dataclass
class Organisation:
    id: UUID
    municipality: str
    name: str
    kind: OrganisationKind
    offers: tuple[Role, ...]
    contacts: tuple[dict[str, str], ...]  # contact persons: personal data, kept here
    description: str = ""
    version: int = 1
    deactivated_on: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        organisation_id: UUID,
        municipality: str,
        name: str,
        kind: OrganisationKind,
        offers: Sequence[Role],
        contacts: Sequence[dict[str, str]],
        description: str = "",
    ) -> Organisation:
        _check_contacts(contacts)
        return cls(
            id=organisation_id,
            municipality=municipality,
            name=name,
            kind=kind,
            offers=_unique(offers),
            contacts=tuple(dict(c) for c in contacts),
            description=description,
        )

    @property
    def active(self) -> bool:
        return self.deactivated_on is None

    def update(
        self,
        *,
        expected_version: int,
        name: str | Keep = KEEP,
        offers: Sequence[Role] | Keep = KEEP,
        contacts: Sequence[dict[str, str]] | Keep = KEEP,
        description: str | Keep = KEEP,
    ) -> None:
        """Change what the coordinator keeps up to date; a deactivated one stays as it was."""
        _check_version("organisation", self.version, expected_version)
        _check_something_changed(name, offers, contacts, description)
        if not self.active:
            raise Conflict(
                "The organisation is deactivated: it is not changed.",
                code="organisation-deactivated",
            )
        if contacts is not KEEP:
            _check_contacts(contacts)
            self.contacts = tuple(dict(c) for c in contacts)
        if name is not KEEP:
            self.name = name
        if offers is not KEEP:
            self.offers = _unique(offers)
        if description is not KEEP:
            self.description = description
        self.version += 1

    def deactivate(self, *, expected_version: int, today: date) -> None:
        """It takes no new volunteers or activities; those it has are kept as they are."""
        _check_version("organisation", self.version, expected_version)
        if not self.active:
            raise Conflict(
                "The organisation is already deactivated.", code="organisation-already-deactivated"
            )
        self.deactivated_on = today
        self.version += 1


def _check_contacts(contacts: Sequence[dict[str, str]]) -> None:
    if not contacts:
        raise Invalid(
            "An organisation needs at least one contact person.", code="contact-person-required"
        )


# -- volunteers and bridge-builders --------------------------------------------------------


@dataclass(frozen=True)
class BridgeBuilderTerms:
    engagement: Engagement
    former_participant: bool


@dataclass
class Volunteer:
    id: UUID
    municipality: str
    kind: VolunteerKind
    organisation_id: UUID | None
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    availability: tuple[str, ...]
    roles: tuple[Role, ...]
    max_matches: int
    registered_on: date
    trainings: dict[str, date] = field(default_factory=dict)
    certificate: vetting.CertificateSeen | None = None
    bridge: BridgeBuilderTerms | None = None
    personal: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    deactivated_on: date | None = None
    deactivation_reason: DeactivationReason | None = None
    erased_on: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        volunteer_id: UUID,
        municipality: str,
        kind: VolunteerKind,
        organisation_id: UUID | None,
        languages: Sequence[str],
        skills: Sequence[str],
        interests: Sequence[str],
        availability: Sequence[str],
        roles: Sequence[Role],
        max_matches: int,
        bridge: BridgeBuilderTerms | None,
        personal: dict[str, Any],
        today: date,
        trainings: Iterable[tuple[str, date]] = (),
    ) -> Volunteer:
        roles = _unique(roles)
        done = dict(trainings)
        if any(on > today for on in done.values()):
            raise Invalid("A training is completed in the future.", code="training-in-future")
        _check_profile(
            kind=kind,
            bridge=bridge,
            languages=languages,
            availability=availability,
            roles=roles,
            max_matches=max_matches,
        )
        volunteer = cls(
            id=volunteer_id,
            municipality=municipality,
            kind=kind,
            organisation_id=organisation_id,
            languages=_unique(languages),
            skills=_unique(skills),
            interests=_unique(interests),
            availability=_unique(availability),
            roles=roles,
            max_matches=max_matches,
            registered_on=today,
            bridge=bridge,
            personal=dict(personal),
            trainings=done,
        )
        volunteer.events.append(events.VolunteerRegistered(volunteer))
        return volunteer

    @property
    def active(self) -> bool:
        return self.deactivated_on is None

    @property
    def erased(self) -> bool:
        return self.erased_on is not None

    def _require_active(self) -> None:
        if not self.active:
            raise Conflict(
                "The volunteer is deactivated: nothing more is recorded.",
                code="volunteer-deactivated",
            )

    def update(
        self,
        *,
        expected_version: int,
        languages: Sequence[str] | Keep = KEEP,
        skills: Sequence[str] | Keep = KEEP,
        interests: Sequence[str] | Keep = KEEP,
        availability: Sequence[str] | Keep = KEEP,
        roles: Sequence[Role] | Keep = KEEP,
        max_matches: int | Keep = KEEP,
        organisation_id: UUID | Keep | None = KEEP,
        contact: dict[str, str | None] | Keep = KEEP,
    ) -> None:
        """Change the profile and contact details; the same rules as at registration.
        In ``contact`` (name, phone, email) ``None`` removes a detail; a name stays."""
        _check_version("volunteer", self.version, expected_version)
        _check_something_changed(
            languages, skills, interests, availability, roles, max_matches, organisation_id, contact
        )
        self._require_active()
        new_languages = self.languages if languages is KEEP else _unique(languages)
        new_roles = self.roles if roles is KEEP else _unique(roles)
        new_availability = self.availability if availability is KEEP else _unique(availability)
        new_max = self.max_matches if max_matches is KEEP else max_matches
        _check_profile(
            kind=self.kind,
            bridge=self.bridge,
            languages=new_languages,
            availability=new_availability,
            roles=new_roles,
            max_matches=new_max,
        )
        personal = dict(self.personal)
        if contact is not KEEP:
            unknown = sorted(set(contact) - set(CONTACT_DETAILS))
            if unknown:
                raise Invalid(f"Unknown contact details: {unknown}.", code="contact-details")
            if "name" in contact and not contact["name"]:
                raise Invalid("A volunteer keeps a name.", code="name-required")
            for key, value in contact.items():
                if value is None:
                    personal.pop(key, None)
                else:
                    personal[key] = value
        self.languages = new_languages
        self.roles = new_roles
        self.availability = new_availability
        self.max_matches = new_max
        if skills is not KEEP:
            self.skills = _unique(skills)
        if interests is not KEEP:
            self.interests = _unique(interests)
        if organisation_id is not KEEP:
            self.organisation_id = organisation_id
        self.personal = personal
        self.version += 1

    def deactivate(
        self,
        *,
        expected_version: int,
        reason: DeactivationReason,
        open_matches: Iterable[Match],
        today: date,
    ) -> list[Match]:
        """The volunteer stops: not suggested, no new matches, and the open matches end
        (reason ``volunteer_left``). Returns the matches it ended."""
        _check_version("volunteer", self.version, expected_version)
        if not self.active:
            raise Conflict(
                "The volunteer is already deactivated.", code="volunteer-already-deactivated"
            )
        ended = self._stop(reason, open_matches, today)
        self.version += 1
        return ended

    def erase(
        self, *, expected_version: int, open_matches: Iterable[Match], today: date
    ) -> list[Match]:
        """Erasure on request (GDPR art. 17): names and contact details go; ids, codes and
        dates stay, so statistics and past matches still hold. An erased volunteer is
        deactivated (if still active, with the reason ``erasure_requested``)."""
        _check_version("volunteer", self.version, expected_version)
        if self.erased:
            raise Conflict("The volunteer is already erased.", code="volunteer-already-erased")
        ended: list[Match] = []
        if self.active:
            ended = self._stop(DeactivationReason.ERASURE_REQUESTED, open_matches, today)
        self.personal = {}
        self.erased_on = today
        self.version += 1
        return ended

    def _stop(
        self, reason: DeactivationReason, open_matches: Iterable[Match], today: date
    ) -> list[Match]:
        ended = []
        for match in open_matches:
            if match.volunteer_id != self.id or not match.is_open:
                continue
            match.end(EndReason.VOLUNTEER_LEFT, today=max(today, match.proposed_on))
            ended.append(match)
        self.deactivated_on = today
        self.deactivation_reason = reason
        self.events.append(events.VolunteerDeactivated(self, matches_ended=len(ended)))
        return ended

    def record_certificate_seen(self, seen: vetting.CertificateSeen, *, today: date) -> None:
        """A police certificate was shown: record that, by whom and when; never the document."""
        self._require_active()
        vetting.check_certificate_record(seen, today=today)
        self.certificate = seen
        self.version += 1
        self.events.append(events.VolunteerVetted(self))

    def record_training(self, code: str, completed_on: date, *, today: date) -> None:
        self._require_active()
        if completed_on > today:
            raise Invalid("The training is completed in the future.", code="training-in-future")
        self.trainings[code] = completed_on
        self.version += 1

    def eligibility(self, task: TaskRequirements, *, today: date) -> list[vetting.Missing]:
        return vetting.missing_for(
            roles=self.roles,
            trainings=self.trainings,
            certificate=self.certificate,
            task=task,
            today=today,
        )

    @property
    def is_bridge_builder(self) -> bool:
        return self.kind is VolunteerKind.BRIDGE_BUILDER


CONTACT_DETAILS = ("name", "phone", "email")


def _check_profile(
    *,
    kind: VolunteerKind,
    bridge: BridgeBuilderTerms | None,
    languages: Sequence[str],
    availability: Sequence[str],
    roles: Sequence[Role],
    max_matches: int,
) -> None:
    """The rules a volunteer's profile keeps, at registration and at every change."""
    if not roles:
        raise Invalid("Say which roles the volunteer takes.", code="roles-required")
    if not 1 <= max_matches <= 10:
        raise Invalid("A volunteer takes 1 to 10 matches at a time.", code="max-matches")
    unknown = sorted(set(availability) - set(AVAILABILITY))
    if unknown:
        raise Invalid(f"Unknown availability codes: {', '.join(unknown)}.", code="availability")
    if kind is VolunteerKind.BRIDGE_BUILDER:
        if bridge is None:
            raise Invalid(
                "A bridge-builder needs its engagement (paid, practice or voluntary).",
                code="bridge-builder-terms",
            )
        if len(set(languages)) < 2:
            raise Invalid(
                "A bridge-builder speaks at least two languages.", code="bridge-builder-bilingual"
            )
    else:
        if bridge is not None:
            raise Invalid("Only bridge-builders have an engagement.", code="bridge-builder-terms")
        if Role.BRIDGE_BUILDER in roles:
            raise Invalid(
                "Only a bridge-builder takes the bridge-builder role.", code="bridge-builder-role"
            )


# -- activities and attendance -------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    recurrence: Recurrence
    weekday: str | None
    start_time: time
    end_time: time
    starts_on: date
    ends_on: date | None = None

    @property
    def session_hours(self) -> float:
        minutes = (self.end_time.hour * 60 + self.end_time.minute) - (
            self.start_time.hour * 60 + self.start_time.minute
        )
        return round(minutes / 60, 2)

    def check(self) -> None:
        if self.end_time <= self.start_time:
            raise Invalid("An activity ends before it starts.", code="times-out-of-order")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise Invalid(
                "The activity's last date is before its first.", code="dates-out-of-order"
            )
        if self.recurrence is Recurrence.ONCE:
            if self.ends_on not in (None, self.starts_on):
                raise Invalid("A one-off activity has a single date.", code="dates-out-of-order")
        elif self.weekday not in WEEKDAYS:
            raise Invalid("A recurring activity needs its weekday.", code="weekday-required")

    def runs_on(self, day: date) -> bool:
        last = self.starts_on if self.recurrence is Recurrence.ONCE else self.ends_on
        return self.starts_on <= day and (last is None or day <= last)


@dataclass(frozen=True)
class Attendance:
    participant_id: UUID
    present: bool
    hours: float | None = None


@dataclass
class Activity:
    id: UUID
    municipality: str
    organisation_id: UUID | None
    title: str
    kind: ActivityKind
    description: str
    target_groups: tuple[TargetGroup, ...]
    interests: tuple[str, ...]
    languages: tuple[str, ...]  # languages spoken there besides Norwegian (support)
    locals_take_part: bool
    schedule: Schedule
    place: str
    cost_nok: int
    fee_support_available: bool
    counts_as_programme_hours: bool
    status: ActivityStatus = ActivityStatus.DRAFT
    published_on: date | None = None
    version: int = 1
    cancelled_on: date | None = None
    cancellation_reason: CancellationReason | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, **values: Any) -> Activity:
        activity = cls(**values)
        activity._check()
        activity.target_groups = _unique(activity.target_groups)
        return activity

    def _check(self) -> None:
        self.schedule.check()
        if not self.target_groups:
            raise Invalid("Say whom the activity is for.", code="target-groups-required")
        if self.cost_nok < 0:
            raise Invalid("The cost cannot be negative.", code="cost")

    @property
    def cancelled(self) -> bool:
        return self.status is ActivityStatus.CANCELLED

    def _require_not_cancelled(self) -> None:
        if self.cancelled:
            raise Conflict("The activity is cancelled.", code="activity-cancelled")

    def update(
        self,
        *,
        expected_version: int,
        attended_on: Collection[date],
        changes: ActivityChanges,
    ) -> None:
        """Change the activity. Sessions already attended stay within its schedule, and
        whether it counts in programme hours is fixed once attendance is recorded."""
        _check_version("activity", self.version, expected_version)
        values = changes.given()
        if not values:
            raise Invalid("Name at least one field to change.", code="no-changes")
        self._require_not_cancelled()
        schedule_fields = {k: values.pop(k) for k in SCHEDULE_FIELDS if k in values}
        schedule = replace(self.schedule, **schedule_fields)
        counts = values.get("counts_as_programme_hours", self.counts_as_programme_hours)
        if attended_on and counts != self.counts_as_programme_hours:
            raise Conflict(
                "Attendance is recorded: whether it counts in programme hours cannot change.",
                code="attendance-recorded",
            )
        outside = sorted(d for d in attended_on if not schedule.runs_on(d))
        if outside:
            raise Conflict(
                f"Attendance is recorded on {outside[0]}, outside the changed schedule.",
                code="attendance-outside-schedule",
            )
        updated = replace(self, schedule=schedule, events=[], **values)
        updated._check()
        for name in ACTIVITY_FIELDS:
            setattr(self, name, getattr(updated, name))
        self.target_groups = _unique(self.target_groups)
        self.version += 1

    def cancel(self, *, expected_version: int, reason: CancellationReason, today: date) -> None:
        """Not suggested any more, and no new attendance; what was recorded stays."""
        _check_version("activity", self.version, expected_version)
        if self.cancelled:
            raise Conflict("The activity is already cancelled.", code="activity-already-cancelled")
        was_published = self.status is ActivityStatus.PUBLISHED
        self.status = ActivityStatus.CANCELLED
        self.cancelled_on = today
        self.cancellation_reason = reason
        self.version += 1
        self.events.append(events.ActivityCancelled(self, was_published=was_published))

    @property
    def attendance_required(self) -> bool:
        """Activities counted in programme hours must have their attendance registered."""
        return self.counts_as_programme_hours

    def publish(self, *, today: date) -> None:
        self._require_not_cancelled()
        if self.status is ActivityStatus.PUBLISHED:
            raise Conflict("The activity is already published.", code="activity-already-published")
        self.status = ActivityStatus.PUBLISHED
        self.published_on = today
        self.version += 1
        self.events.append(events.ActivityPublished(self))

    def record_attendance(
        self, attended_on: date, entries: Sequence[Attendance], *, today: date
    ) -> list[Attendance]:
        """Who came on ``attended_on``. Hours count in the programme only for activities
        that count; they default to the session's length for those present."""
        self._require_not_cancelled()
        if self.status is not ActivityStatus.PUBLISHED:
            raise Conflict(
                "Attendance is recorded for published activities.", code="activity-not-published"
            )
        if attended_on > today:
            raise Invalid("Attendance cannot be recorded ahead.", code="attendance-in-future")
        if not self.schedule.runs_on(attended_on):
            raise Invalid("The activity does not run on that date.", code="not-a-session-date")
        if not entries:
            raise Invalid("Name at least one participant.", code="attendance-empty")
        ids = [e.participant_id for e in entries]
        if len(set(ids)) != len(ids):
            raise Invalid("A participant is named twice.", code="attendance-duplicate")
        recorded = []
        for entry in entries:
            hours = entry.hours
            if not entry.present:
                if hours:
                    raise Invalid("An absent participant has no hours.", code="hours-when-absent")
                hours = 0.0 if self.counts_as_programme_hours else None
            elif self.counts_as_programme_hours:
                hours = self.schedule.session_hours if hours is None else hours
            if hours is not None and not 0 <= hours <= MAX_ATTENDANCE_HOURS:
                raise Invalid(f"Hours must be 0 to {MAX_ATTENDANCE_HOURS:g}.", code="hours")
            record = Attendance(entry.participant_id, entry.present, hours)
            recorded.append(record)
            self.events.append(
                events.AttendanceRecorded(
                    self, record.participant_id, attended_on, record.present, record.hours
                )
            )
        return recorded


SCHEDULE_FIELDS = ("recurrence", "weekday", "start_time", "end_time", "starts_on", "ends_on")
ACTIVITY_FIELDS = (
    "organisation_id",
    "title",
    "kind",
    "description",
    "target_groups",
    "interests",
    "languages",
    "locals_take_part",
    "schedule",
    "place",
    "cost_nok",
    "fee_support_available",
    "counts_as_programme_hours",
)


@dataclass(frozen=True)
class ActivityChanges:
    """A partial change of an activity: ``KEEP`` leaves a field as it is."""

    organisation_id: UUID | Keep | None = KEEP
    title: str | Keep = KEEP
    kind: ActivityKind | Keep = KEEP
    description: str | Keep = KEEP
    target_groups: tuple[TargetGroup, ...] | Keep = KEEP
    interests: tuple[str, ...] | Keep = KEEP
    languages: tuple[str, ...] | Keep = KEEP
    locals_take_part: bool | Keep = KEEP
    recurrence: Recurrence | Keep = KEEP
    weekday: str | Keep | None = KEEP
    start_time: time | Keep = KEEP
    end_time: time | Keep = KEEP
    starts_on: date | Keep = KEEP
    ends_on: date | Keep | None = KEEP
    place: str | Keep = KEEP
    cost_nok: int | Keep = KEEP
    fee_support_available: bool | Keep = KEEP
    counts_as_programme_hours: bool | Keep = KEEP

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not KEEP}


# -- matches -------------------------------------------------------------------------------


@dataclass
class Match:
    """A participant and a volunteer (or a family and a family) for a role.

    Proposed, then accepted by both sides (which starts it), ended with a reason. Only
    with the participant's consent in force.
    """

    id: UUID
    municipality: str
    participant_id: UUID
    volunteer_id: UUID
    role: Role
    setting: vetting.Setting
    involves_minors: bool
    involves_developmental_disabilities: bool
    proposed_on: date
    status: MatchStatus = MatchStatus.PROPOSED
    participant_accepted_on: date | None = None
    volunteer_accepted_on: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    end_reason: EndReason | None = None
    version: int = 1
    volunteer_kind: VolunteerKind = VolunteerKind.VOLUNTEER
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def task(self) -> TaskRequirements:
        return TaskRequirements(
            role=self.role,
            setting=self.setting,
            involves_minors=self.involves_minors,
            involves_developmental_disabilities=self.involves_developmental_disabilities,
        )

    @property
    def is_open(self) -> bool:
        return self.status is not MatchStatus.ENDED

    @classmethod
    def propose(
        cls,
        *,
        match_id: UUID,
        volunteer: Volunteer,
        participant_id: UUID,
        participant_household: str | None,
        task: TaskRequirements,
        consent_in_force: bool,
        open_matches_of_volunteer: Iterable[Match],
        today: date,
    ) -> Match:
        if not volunteer.active:
            raise Conflict(
                "The volunteer is deactivated: no new matches.", code="volunteer-deactivated"
            )
        if not consent_in_force:
            raise Invalid(
                "The participant has no consent in force that lets this volunteer (or the "
                "volunteer's organisation) be matched with them.",
                code="consent-required",
            )
        vetting.check_not_interpreting(task, bridge_builder=volunteer.is_bridge_builder)
        missing = volunteer.eligibility(task, today=today)
        if missing:
            raise Invalid(
                "The volunteer may not take this task: "
                + "; ".join(m.message for m in missing)
                + ".",
                code="volunteer-not-eligible",
                missing=[m.code for m in missing],
            )
        if task.role is Role.FRIEND_FAMILY and participant_household == "single":
            raise Invalid(
                "A friend family is matched with a family, not a single.", code="household-mismatch"
            )
        open_matches = list(open_matches_of_volunteer)
        if any(m.participant_id == participant_id and m.role is task.role for m in open_matches):
            raise Conflict(
                "The participant and volunteer already have this match open.", code="match-exists"
            )
        if len(open_matches) >= volunteer.max_matches:
            raise Conflict(
                f"The volunteer already has {len(open_matches)} open matches "
                f"(at most {volunteer.max_matches}).",
                code="volunteer-at-capacity",
            )
        match = cls(
            id=match_id,
            municipality=volunteer.municipality,
            participant_id=participant_id,
            volunteer_id=volunteer.id,
            role=task.role,
            setting=task.setting,
            involves_minors=task.involves_minors,
            involves_developmental_disabilities=task.involves_developmental_disabilities,
            proposed_on=today,
            volunteer_kind=volunteer.kind,
        )
        match.events.append(events.MatchProposed(match))
        return match

    def accept(self, party: Party, *, consent_in_force: bool, today: date) -> None:
        if self.status is not MatchStatus.PROPOSED:
            raise Conflict(
                f"The match is {self.status.value}; only a proposal is accepted.",
                code="match-not-proposed",
            )
        if not consent_in_force:
            raise Invalid(
                "The participant's consent for this match is no longer in force.",
                code="consent-required",
            )
        if party is Party.PARTICIPANT:
            if self.participant_accepted_on is not None:
                raise Conflict("The participant has already accepted.", code="already-accepted")
            self.participant_accepted_on = today
        else:
            if self.volunteer_accepted_on is not None:
                raise Conflict("The volunteer has already accepted.", code="already-accepted")
            self.volunteer_accepted_on = today
        self.version += 1
        if self.participant_accepted_on and self.volunteer_accepted_on:
            self.status = MatchStatus.ACTIVE
            self.started_on = today
            self.events.append(events.MatchStarted(self))

    def end(self, reason: EndReason, *, today: date) -> None:
        if self.status is MatchStatus.ENDED:
            raise Conflict("The match has already ended.", code="match-already-ended")
        self.status = MatchStatus.ENDED
        self.ended_on = today
        self.end_reason = reason
        self.version += 1
        self.events.append(events.MatchEnded(self))


def _unique(values: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))


def _check_version(what: str, current: int, expected: int) -> None:
    """Optimistic concurrency: a change is based on the version the caller has seen."""
    if expected != current:
        raise stale_version(what, current=current)


def stale_version(what: str, *, current: int | None) -> StaleVersion:
    """The change lost to another one (409 ``stale-version``, with ``current_version``)."""
    return StaleVersion(
        f"The {what} was changed by someone else in the meantime: fetch it and try again.",
        current=current,
    )


def _check_something_changed(*values: object) -> None:
    if all(v is KEEP for v in values):
        raise Invalid("Name at least one field to change.", code="no-changes")
