"""Employers, openings and placements: the rules, in plain Python.

No I/O, no framework. Every change checks the rules and records a domain event that the
unit of work turns into a published contract. Capacity is checked here from counts the
handler reads under a lock on the employer, so two concurrent starts cannot both take
the last seat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.organisation_numbers import is_valid_org_number
from placement_service.domain import events
from placement_service.domain.errors import Conflict, InvalidRule, StaleVersion

# -- codes ---------------------------------------------------------------------------------

SECTORS: dict[str, str] = {
    "A": "agriculture, forestry and fishing",
    "B": "mining and quarrying",
    "C": "manufacturing",
    "D": "electricity and gas supply",
    "E": "water supply and waste management",
    "F": "construction",
    "G": "wholesale and retail trade",
    "H": "transport and storage",
    "I": "accommodation and food service",
    "J": "information and communication",
    "K": "financial and insurance activities",
    "L": "real estate",
    "M": "professional, scientific and technical activities",
    "N": "administrative and support services",
    "O": "public administration",
    "P": "education",
    "Q": "health and social work",
    "R": "arts, entertainment and recreation",
    "S": "other service activities",
    "T": "households as employers",
    "U": "extraterritorial organisations",
}


class Ownership(StrEnum):
    MUNICIPAL = "municipal"
    PRIVATE = "private"


class ContactRole(StrEnum):
    MANAGER = "manager"
    DAILY_SUPERVISOR = "daily_supervisor"
    HR = "hr"
    MENTOR = "mentor"
    SIGNATORY = "signatory"


class AgreementKind(StrEnum):
    NONE = "none"
    ORAL = "oral"
    LETTER_OF_INTENT = "letter_of_intent"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    IA_AGREEMENT = "ia_agreement"


class Anchoring(StrEnum):
    """How high in the employer the agreement is anchored (the research: a person who
    leaves takes the agreement with them unless it sits higher)."""

    INDIVIDUAL = "individual"
    DEPARTMENT = "department"
    TOP_MANAGEMENT = "top_management"
    SECTOR = "sector"


class HistoryKind(StrEnum):
    CONTACT = "contact"
    VISIT = "visit"
    INCIDENT = "incident"
    AGREEMENT = "agreement"
    CONTACT_ADDED = "contact_added"
    CONTACT_LEFT = "contact_left"
    NOTE = "note"


class OpeningKind(StrEnum):
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_WORK_TRAINING = "nav_work_training"
    WAGE_SUBSIDY = "wage_subsidy"
    MUNICIPAL_JOB = "municipal_job"
    ORDINARY_JOB = "ordinary_job"


class OpeningStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class Skill(StrEnum):
    LISTENING = "listening"
    READING = "reading"
    SPEAKING = "speaking"
    WRITING = "writing"


CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1")


def cefr_rank(level: str) -> int:
    try:
        return CEFR_LEVELS.index(level)
    except ValueError:
        raise InvalidRule("cefr-level", f"{level!r} is not a CEFR level.") from None


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class Purpose(StrEnum):
    LANGUAGE_LEARNING = "language_learning"
    WORK_EXPERIENCE = "work_experience"
    QUALIFICATION = "qualification"
    CLARIFICATION = "clarification"
    RECRUITMENT = "recruitment"


class AssessmentMethod(StrEnum):
    ASSESSMENT_FORM = "assessment_form"
    TEACHER_OBSERVATION = "teacher_observation"
    EMPLOYER_EVALUATION = "employer_evaluation"
    NORWEGIAN_TEST = "norwegian_test"


class FollowUpKind(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    THREE_WAY_TALK = "three_way_talk"
    EVALUATION = "evaluation"


class FollowUpOutcome(StrEnum):
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"


class PlacementStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    COMPLETED = "completed"
    HIRED = "hired"
    ENDED_BY_PARTICIPANT = "ended_by_participant"
    ENDED_BY_EMPLOYER = "ended_by_employer"
    MOVED = "moved"


class NextStep(StrEnum):
    NEW_PLACEMENT = "new_placement"
    NAV_MEASURE = "nav_measure"
    EDUCATION = "education"
    WORK = "work"
    NORWEGIAN_TRAINING = "norwegian_training"
    QUALIFICATION_PROGRAMME = "qualification_programme"
    UNDECIDED = "undecided"


class ExtensionReason(StrEnum):
    LEARNING_GOALS_NOT_MET = "learning_goals_not_met"
    HIRING_PROSPECT = "hiring_prospect"
    PARTICIPANT_WISH = "participant_wish"
    SUBSIDY_CONTINUES = "subsidy_continues"


class NavMeasureType(StrEnum):
    WORK_TRAINING = "work_training"  # arbeidstrening
    TEMPORARY_WAGE_SUBSIDY = "temporary_wage_subsidy"  # midlertidig lønnstilskudd
    PERMANENT_WAGE_SUBSIDY = "permanent_wage_subsidy"
    MENTOR = "mentor"
    FOLLOW_UP = "follow_up"  # oppfølging
    QUALIFICATION_PROGRAMME = "qualification_programme"  # kvalifiseringsprogrammet


class NavMeasureRole(StrEnum):
    FUNDS = "funds"  # pays for the placement while it runs
    CONTINUES = "continues"  # carries it on after the programme's benefit ends


# Flags: codes the reporting service counts and caseworkers see.
FLAG_OUTSIDE_WISHES = "outside-wishes"
FLAG_THIRD_UNRELATED_SECTOR = "third-unrelated-sector"
FLAG_SUBSIDY_DRIVEN_EXTENSION = "subsidy-driven-extension"

MAX_HOURS_PER_DAY = 12.0
SUBSIDY_ALIGNMENT_DAYS = 14
FOLLOW_UP_LOOKBACK_DAYS = 60


# -- organisation numbers ------------------------------------------------------------------

# Nine digits, the last a modulus-11 check digit (Brønnøysund's rule); the HTTP schema
# checks the same (helhet_common.schema_types.OrgNumber), the domain keeps its own rule.
org_number_is_valid = is_valid_org_number


# -- employers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Location:
    id: UUID
    name: str
    address: str
    point: GeoPoint | None = None
    public_transport: bool = False


@dataclass(frozen=True)
class ContactPerson:
    id: UUID
    name: str
    role: ContactRole
    phone: str | None = None
    email: str | None = None
    login_sub: str | None = None  # the ``sub`` of this person's employer token, if any
    left_on: date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class Agreement:
    kind: AgreementKind
    anchored_at: Anchoring
    signed_on: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class MunicipalContact:
    """The one person in the municipality the employer calls."""

    name: str
    unit: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    id: UUID
    occurred_on: date
    kind: HistoryKind
    summary: str
    recorded_by: str


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass
class Employer:
    id: UUID
    municipality: str
    org_number: str
    name: str
    sector: str
    nace_code: str | None
    ownership: Ownership
    capacity_cap: int | None
    agreement: Agreement
    responsible: MunicipalContact | None = None
    locations: list[Location] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        employer_id: UUID,
        municipality: str,
        org_number: str,
        name: str,
        sector: str,
        nace_code: str | None,
        ownership: Ownership,
        capacity_cap: int | None,
        agreement: Agreement,
        responsible: MunicipalContact | None,
        locations: Sequence[Location],
        contacts: Sequence[ContactPerson],
    ) -> Employer:
        if not org_number_is_valid(org_number):
            raise InvalidRule(
                "invalid-org-number",
                "The organisation number must be 9 digits with a valid modulus-11 check digit.",
            )
        _check_sector(sector, nace_code)
        _check_capacity(capacity_cap)
        _check_agreement(agreement)
        employer = cls(
            id=employer_id,
            municipality=municipality,
            org_number=org_number,
            name=name,
            sector=sector,
            nace_code=nace_code,
            ownership=ownership,
            capacity_cap=capacity_cap,
            agreement=agreement,
            responsible=responsible,
            locations=list(locations),
            contacts=list(contacts),
        )
        employer.events.append(events.EmployerRegistered(employer))
        return employer

    @property
    def active_contacts(self) -> list[ContactPerson]:
        return [c for c in self.contacts if c.active]

    def location(self, location_id: UUID) -> Location:
        for location in self.locations:
            if location.id == location_id:
                return location
        raise InvalidRule("unknown-location", "The employer has no such location.")

    def contact(self, contact_id: UUID) -> ContactPerson:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise InvalidRule("unknown-contact", "The employer has no such contact person.")

    def update(
        self,
        *,
        expected_version: int,
        name: str | None = None,
        capacity_cap: int | None = None,
        clear_capacity_cap: bool = False,
        agreement: Agreement | None = None,
        responsible: MunicipalContact | None = None,
    ) -> None:
        if expected_version != self.version:
            raise StaleVersion(current=self.version, given=expected_version)
        if capacity_cap is not None:
            _check_capacity(capacity_cap)
            self.capacity_cap = capacity_cap
        if clear_capacity_cap:
            self.capacity_cap = None
        if agreement is not None:
            _check_agreement(agreement)
            self.agreement = agreement
        if name is not None:
            self.name = name
        if responsible is not None:
            self.responsible = responsible

    def add_location(self, location: Location) -> None:
        self.locations.append(location)

    def add_contact(
        self, contact: ContactPerson, *, today: date, recorded_by: str, entry_id: UUID
    ) -> None:
        if contact.login_sub and any(
            c.login_sub == contact.login_sub and c.active for c in self.contacts
        ):
            raise Conflict("login-in-use", "Another active contact person has this login.")
        self.contacts.append(contact)
        self.history.append(
            HistoryEntry(
                entry_id,
                today,
                HistoryKind.CONTACT_ADDED,
                f"{contact.name} ({contact.role.value}) became a contact person.",
                recorded_by,
            )
        )

    def contact_leaves(
        self, contact_id: UUID, *, left_on: date, today: date, recorded_by: str, entry_id: UUID
    ) -> list[Warning]:
        contact = self.contact(contact_id)
        if not contact.active:
            raise Conflict("contact-already-left", "This contact person has already left.")
        if left_on > today:
            raise InvalidRule("date-in-future", "The leaving date is in the future.")
        self.contacts = [
            replace(c, left_on=left_on) if c.id == contact_id else c for c in self.contacts
        ]
        self.history.append(
            HistoryEntry(
                entry_id,
                left_on,
                HistoryKind.CONTACT_LEFT,
                f"{contact.name} ({contact.role.value}) left the employer.",
                recorded_by,
            )
        )
        return [w for w in self.warnings(today) if w.code == "no-active-contact"]

    def log(self, entry: HistoryEntry, *, today: date) -> None:
        if entry.occurred_on > today:
            raise InvalidRule("date-in-future", "A history entry cannot be in the future.")
        self.history.append(entry)

    def warnings(self, today: date) -> list[Warning]:
        out: list[Warning] = []
        if not self.active_contacts:
            out.append(
                Warning(
                    "no-active-contact",
                    "The employer has no active contact person: the relationship "
                    "depends on finding a new one.",
                )
            )
        if self.responsible is None:
            out.append(
                Warning(
                    "no-responsible-contact",
                    "No one in the municipality is named as the employer's contact.",
                )
            )
        if self.agreement.valid_to is not None and self.agreement.valid_to < today:
            out.append(Warning("agreement-expired", "The agreement with the employer has expired."))
        if self.agreement.anchored_at is Anchoring.INDIVIDUAL:
            out.append(
                Warning(
                    "agreement-anchored-in-one-person",
                    "The agreement rests on one person; anchor it with management.",
                )
            )
        return out


def _check_sector(sector: str, nace_code: str | None) -> None:
    if sector not in SECTORS:
        raise InvalidRule("invalid-sector", f"{sector!r} is not a NACE section letter (A-U).")
    if nace_code is not None:
        digits = nace_code.replace(".", "")
        if not digits.isdigit() or not 2 <= len(digits) <= 5:
            raise InvalidRule("invalid-nace-code", "A NACE code looks like 87.101 or 56.")


def _check_capacity(capacity_cap: int | None) -> None:
    if capacity_cap is not None and not 1 <= capacity_cap <= 500:
        raise InvalidRule("capacity", "A capacity cap is between 1 and 500 participants.")


def _check_agreement(agreement: Agreement) -> None:
    if agreement.signed_on and agreement.valid_to and agreement.valid_to < agreement.signed_on:
        raise InvalidRule("dates-out-of-order", "The agreement ends before it was signed.")


# -- openings ------------------------------------------------------------------------------

KINDERGARTEN_OPENS = time(7, 30)
KINDERGARTEN_CLOSES = time(16, 30)
WORKING_DAYS = frozenset({Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI})


@dataclass(frozen=True)
class Schedule:
    days: tuple[Weekday, ...]
    starts_at: time
    ends_at: time
    hours_per_week: float

    def check(self) -> None:
        if not self.days:
            raise InvalidRule("schedule", "A schedule has at least one day.")
        if self.ends_at <= self.starts_at:
            raise InvalidRule("schedule", "The working day ends before it starts.")
        if not 0 < self.hours_per_week <= 37.5:
            raise InvalidRule("schedule", "Hours per week are more than 0 and at most 37.5.")

    def fits_kindergarten(self, travel_minutes: int = 30) -> bool:
        """Weekdays only, and time to get to and from a kindergarten's opening hours."""
        margin = timedelta(minutes=travel_minutes)
        start = _add(KINDERGARTEN_OPENS, margin)
        end = _add(KINDERGARTEN_CLOSES, -margin)
        return set(self.days) <= WORKING_DAYS and self.starts_at >= start and self.ends_at <= end


def _add(moment: time, delta: timedelta) -> time:
    minutes = moment.hour * 60 + moment.minute + int(delta.total_seconds() // 60)
    return time(minutes // 60, minutes % 60)


@dataclass
class Opening:
    id: UUID
    municipality: str
    employer_id: UUID
    location_id: UUID | None
    kind: OpeningKind
    sector: str
    title: str
    schedule: Schedule
    language_requirements: dict[Skill, str]
    capacity: int
    created_by_municipality: bool
    status: OpeningStatus
    published_on: date
    closed_on: date | None = None
    close_reason: str | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def publish(
        cls,
        *,
        opening_id: UUID,
        employer: Employer,
        location_id: UUID | None,
        kind: OpeningKind,
        sector: str | None,
        title: str,
        schedule: Schedule,
        language_requirements: Mapping[Skill, str],
        capacity: int,
        created_by_municipality: bool,
        today: date,
    ) -> Opening:
        if location_id is not None:
            employer.location(location_id)
        sector = sector or employer.sector
        _check_sector(sector, None)
        schedule.check()
        for level in language_requirements.values():
            cefr_rank(level)
        if not 1 <= capacity <= 100:
            raise InvalidRule("capacity", "An opening has room for 1 to 100 participants.")
        if employer.capacity_cap is not None and capacity > employer.capacity_cap:
            raise InvalidRule(
                "capacity-over-employer-cap",
                f"The employer takes at most {employer.capacity_cap} participants at once.",
            )
        if created_by_municipality and employer.ownership is not Ownership.MUNICIPAL:
            raise InvalidRule(
                "not-a-municipal-employer",
                "Only a municipal employer's opening can be created by the municipality.",
            )
        opening = cls(
            id=opening_id,
            municipality=employer.municipality,
            employer_id=employer.id,
            location_id=location_id,
            kind=kind,
            sector=sector,
            title=title,
            schedule=schedule,
            language_requirements=dict(language_requirements),
            capacity=capacity,
            created_by_municipality=created_by_municipality,
            status=OpeningStatus.OPEN,
            published_on=today,
        )
        opening.events.append(events.OpeningPublished(opening))
        return opening

    def seat_taken(self, *, active_after: int) -> None:
        if active_after >= self.capacity and self.status is OpeningStatus.OPEN:
            self.status = OpeningStatus.FILLED
            self.events.append(events.OpeningFilled(self))

    def seat_freed(self, *, active_after: int) -> None:
        if active_after < self.capacity and self.status is OpeningStatus.FILLED:
            self.status = OpeningStatus.OPEN
            self.events.append(events.OpeningReopened(self))

    def close(self, *, reason: str, today: date) -> None:
        if self.status is OpeningStatus.CLOSED:
            raise Conflict("opening-closed", "The opening is already closed.")
        self.status = OpeningStatus.CLOSED
        self.closed_on = today
        self.close_reason = reason
        self.events.append(events.OpeningClosed(self))


# -- placements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageAgreement:
    """The Norwegian level agreed with the employer, and how it is assessed."""

    levels: dict[Skill, str]
    assessment: AssessmentMethod


@dataclass(frozen=True)
class FollowUpPlan:
    every_days: int
    by_unit: str
    employer_contact_id: UUID | None = None


@dataclass(frozen=True)
class KindChange:
    id: UUID
    from_kind: OpeningKind
    to_kind: OpeningKind
    effective_date: date
    reason: str | None


@dataclass(frozen=True)
class FollowUp:
    id: UUID
    visited_on: date
    kind: FollowUpKind
    by_unit: str
    outcome: FollowUpOutcome
    note: str | None = None


@dataclass(frozen=True)
class Extension:
    id: UUID
    previous_end: date
    new_end: date
    reason: ExtensionReason
    flags: tuple[str, ...]


@dataclass(frozen=True)
class HoursEntry:
    id: UUID
    worked_on: date
    hours: float
    confirmed_by_employer: bool = False


@dataclass(frozen=True)
class NavMeasure:
    id: UUID
    type: NavMeasureType
    role: NavMeasureRole
    period_from: date
    period_to: date
    rate_percent: float | None = None


@dataclass(frozen=True)
class Ledger:
    total_hours: float
    confirmed_hours: float
    by_kind: dict[str, float]
    by_month: dict[str, float]


@dataclass
class Placement:
    id: UUID
    municipality: str
    participant_id: UUID
    opening_id: UUID
    employer_id: UUID
    kind: OpeningKind
    sector: str
    purpose: Purpose
    learning_goals: tuple[str, ...]
    plan_end_goal: str | None
    plan_version: int | None
    language_agreement: LanguageAgreement
    follow_up_plan: FollowUpPlan
    start_date: date
    planned_end: date
    flags: tuple[str, ...] = ()
    created_by_municipality: bool = False
    actual_end: date | None = None
    end_reason: EndReason | None = None
    next_step: NextStep | None = None
    kind_changes: list[KindChange] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    hours: list[HoursEntry] = field(default_factory=list)
    nav_measures: list[NavMeasure] = field(default_factory=list)
    version: int = 1
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def start(
        cls,
        *,
        placement_id: UUID,
        participant_id: UUID,
        opening: Opening,
        employer: Employer,
        active_in_opening: int,
        active_at_employer: int,
        purpose: Purpose,
        learning_goals: Sequence[str],
        plan_end_goal: str | None,
        plan_version: int | None,
        language_agreement: LanguageAgreement,
        follow_up_plan: FollowUpPlan,
        start_date: date,
        planned_end: date,
        flags: Sequence[str],
    ) -> Placement:
        if opening.status is not OpeningStatus.OPEN:
            raise Conflict("opening-not-open", f"The opening is {opening.status.value}.")
        if active_in_opening >= opening.capacity:
            raise Conflict("opening-full", "Every seat of the opening is taken.")
        if employer.capacity_cap is not None and active_at_employer >= employer.capacity_cap:
            raise Conflict(
                "employer-capacity-reached",
                f"The employer follows up at most {employer.capacity_cap} participants at once.",
            )
        if planned_end <= start_date:
            raise InvalidRule("dates-out-of-order", "The planned end must come after the start.")
        if planned_end - start_date > timedelta(days=3 * 366):
            raise InvalidRule("too-long", "A placement is planned for at most three years.")
        if not learning_goals:
            raise InvalidRule("learning-goals", "A placement needs at least one learning goal.")
        for level in language_agreement.levels.values():
            cefr_rank(level)
        _check_follow_up_plan(follow_up_plan, employer)
        placement = cls(
            id=placement_id,
            municipality=opening.municipality,
            participant_id=participant_id,
            opening_id=opening.id,
            employer_id=employer.id,
            kind=opening.kind,
            sector=opening.sector,
            purpose=purpose,
            learning_goals=tuple(learning_goals),
            plan_end_goal=plan_end_goal,
            plan_version=plan_version,
            language_agreement=language_agreement,
            follow_up_plan=follow_up_plan,
            start_date=start_date,
            planned_end=planned_end,
            flags=tuple(flags),
            created_by_municipality=opening.created_by_municipality,
        )
        placement.events.append(events.PlacementStarted(placement))
        opening.seat_taken(active_after=active_in_opening + 1)
        return placement

    # -- reading ---------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.actual_end is not None

    def status(self, today: date) -> PlacementStatus:
        if self.ended:
            return PlacementStatus.ENDED
        return PlacementStatus.PLANNED if self.start_date > today else PlacementStatus.ACTIVE

    def kind_on(self, day: date) -> OpeningKind:
        """The kind of the placement on ``day``, from its history of changes."""
        changes = sorted(self.kind_changes, key=lambda c: c.effective_date)
        kind = changes[0].from_kind if changes else self.kind
        for change in changes:
            if change.effective_date <= day:
                kind = change.to_kind
        return kind

    def next_follow_up_due(self) -> date | None:
        if self.ended:
            return None
        visits = [f.visited_on for f in self.follow_ups]
        last = max(visits) if visits else self.start_date
        return last + timedelta(days=self.follow_up_plan.every_days)

    def ledger(self) -> Ledger:
        total = confirmed = 0.0
        by_kind: dict[str, float] = {}
        by_month: dict[str, float] = {}
        for entry in self.hours:
            total += entry.hours
            if entry.confirmed_by_employer:
                confirmed += entry.hours
            kind = self.kind_on(entry.worked_on).value
            by_kind[kind] = round(by_kind.get(kind, 0.0) + entry.hours, 2)
            month = entry.worked_on.strftime("%Y-%m")
            by_month[month] = round(by_month.get(month, 0.0) + entry.hours, 2)
        return Ledger(round(total, 2), round(confirmed, 2), by_kind, dict(sorted(by_month.items())))

    def funding_after(self, programme_end: date) -> NavMeasure | None:
        """The NAV measure that carries the placement past the programme's end, if any."""
        after = [m for m in self.nav_measures if m.period_to > programme_end]
        return max(after, key=lambda m: m.period_to) if after else None

    # -- changing --------------------------------------------------------------------------

    def _require_running(self) -> None:
        if self.ended:
            raise Conflict("placement-ended", "The placement has ended.")

    def change_kind(
        self,
        *,
        change_id: UUID,
        to_kind: OpeningKind,
        effective_date: date,
        reason: str | None,
        follow_up_by_unit: str | None,
    ) -> None:
        self._require_running()
        if to_kind is self.kind:
            raise InvalidRule("same-kind", f"The placement already is {to_kind.value}.")
        if effective_date < self.start_date or effective_date > self.planned_end:
            raise InvalidRule(
                "date-outside-placement", "The change must take effect within the placement."
            )
        if self.kind_changes and effective_date < max(c.effective_date for c in self.kind_changes):
            raise InvalidRule(
                "dates-out-of-order", "A kind change cannot take effect before an earlier one."
            )
        previous = self.kind
        self.kind_changes.append(KindChange(change_id, previous, to_kind, effective_date, reason))
        self.kind = to_kind
        if follow_up_by_unit:
            self.follow_up_plan = replace(self.follow_up_plan, by_unit=follow_up_by_unit)
        self.events.append(events.KindChanged(self, previous, to_kind, effective_date))

    def log_follow_up(self, follow_up: FollowUp, *, today: date) -> None:
        if follow_up.visited_on > today:
            raise InvalidRule("date-in-future", "A follow-up cannot be logged ahead of time.")
        if follow_up.visited_on < self.start_date - timedelta(days=30):
            raise InvalidRule(
                "date-outside-placement", "A follow-up is at most 30 days before the start."
            )
        self.follow_ups.append(follow_up)
        self.events.append(
            events.FollowUpLogged(
                self, follow_up.visited_on, follow_up.kind.value, follow_up.outcome.value
            )
        )

    def log_hours(self, entries: Sequence[HoursEntry], *, today: date) -> None:
        # Hours may be logged after the end too, for the days the placement ran.
        if not entries:
            raise InvalidRule("hours", "Give at least one day of hours.")
        last_day = min(self.actual_end or self.planned_end, today)
        logged = {e.worked_on for e in self.hours}
        for entry in entries:
            if not 0 < entry.hours <= MAX_HOURS_PER_DAY:
                raise InvalidRule(
                    "hours", f"Hours in a day are more than 0 and at most {MAX_HOURS_PER_DAY:g}."
                )
            if entry.worked_on < self.start_date or entry.worked_on > last_day:
                raise InvalidRule(
                    "date-outside-placement",
                    f"{entry.worked_on} is outside the placement's days so far "
                    f"({self.start_date} to {last_day}).",
                )
            if entry.worked_on in logged:
                raise Conflict(
                    "hours-already-logged", f"Hours for {entry.worked_on} are already logged."
                )
            logged.add(entry.worked_on)
        self.hours.extend(entries)

    def extend(
        self, *, extension_id: UUID, new_end: date, reason: ExtensionReason, today: date
    ) -> Extension:
        self._require_running()
        if new_end <= self.planned_end:
            raise InvalidRule("not-an-extension", "The new end must come after the planned end.")
        if new_end - self.start_date > timedelta(days=3 * 366):
            raise InvalidRule("too-long", "A placement is planned for at most three years.")
        flags = subsidy_extension_flags(self, new_end=new_end, reason=reason, today=today)
        extension = Extension(extension_id, self.planned_end, new_end, reason, flags)
        self.extensions.append(extension)
        self.planned_end = new_end
        self.flags = tuple(dict.fromkeys([*self.flags, *flags]))
        self.events.append(
            events.PlacementExtended(self, extension.previous_end, new_end, reason.value, flags)
        )
        return extension

    def link_nav_measure(self, measure: NavMeasure) -> None:
        if measure.period_to < measure.period_from:
            raise InvalidRule("dates-out-of-order", "The measure's period ends before it starts.")
        if measure.rate_percent is not None and not 0 <= measure.rate_percent <= 100:
            raise InvalidRule("rate", "A subsidy rate is a percentage from 0 to 100.")
        if measure.period_to < self.start_date:
            raise InvalidRule(
                "date-outside-placement", "The measure ends before the placement starts."
            )
        if any(
            m.type is measure.type and m.period_from == measure.period_from
            for m in self.nav_measures
        ):
            raise Conflict("measure-already-linked", "This measure is already linked.")
        self.nav_measures.append(measure)
        self.events.append(events.NavMeasureLinked(self, measure))

    def end(self, *, actual_end: date, reason: EndReason, next_step: NextStep, today: date) -> None:
        self._require_running()
        if actual_end < self.start_date:
            raise InvalidRule("dates-out-of-order", "A placement cannot end before it starts.")
        if actual_end > today:
            raise InvalidRule("date-in-future", "Record the end when it has happened.")
        if reason is EndReason.HIRED and next_step is not NextStep.WORK:
            raise InvalidRule("next-step", "A participant who is hired goes on to work.")
        self.actual_end = actual_end
        self.end_reason = reason
        self.next_step = next_step
        self.events.append(events.PlacementEnded(self, reason, next_step))
        if reason is EndReason.HIRED:
            self.events.append(events.ParticipantHired(self))


def _check_follow_up_plan(plan: FollowUpPlan, employer: Employer) -> None:
    if not 1 <= plan.every_days <= 92:
        raise InvalidRule("follow-up-plan", "Follow up at least every 92 days (and at most daily).")
    if plan.employer_contact_id is not None:
        contact = employer.contact(plan.employer_contact_id)
        if not contact.active:
            raise InvalidRule("contact-left", "That contact person has left the employer.")


def subsidy_extension_flags(
    placement: Placement, *, new_end: date, reason: ExtensionReason, today: date
) -> tuple[str, ...]:
    """Flag an extension that only keeps a subsidy running.

    Either the reason says so, or the new end lines up with the end of a linked NAV
    measure while nobody has followed the placement up lately and no hire is in view.
    """
    if reason is ExtensionReason.SUBSIDY_CONTINUES:
        return (FLAG_SUBSIDY_DRIVEN_EXTENSION,)
    if reason is ExtensionReason.HIRING_PROSPECT:
        return ()
    window = timedelta(days=SUBSIDY_ALIGNMENT_DAYS)
    aligned = any(abs(m.period_to - new_end) <= window for m in placement.nav_measures)
    recent = today - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS)
    followed_up = any(f.visited_on >= recent for f in placement.follow_ups)
    if aligned and not followed_up:
        return (FLAG_SUBSIDY_DRIVEN_EXTENSION,)
    return ()
