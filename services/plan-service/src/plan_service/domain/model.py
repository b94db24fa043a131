"""The participant aggregate: settlement, the programme and its lifecycle (extension,
leave, exit, moving away), the integration plan as a living document (sections with
their contributors, versions with a reason, contributions an editor accepts or
rejects, reviews with the participant), competence mappings, test results, outcomes,
and the data of the participation certificate.

Plain Python: no I/O, no framework. Every change checks the rules and records a domain
event that the unit of work turns into a published contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid, StaleVersion
from plan_service.domain import events
from plan_service.domain.follow_up import (
    REVIEW_INTERVAL_MONTHS,
    Review,
    add_months,
    check_review,
    unique,
)
from plan_service.domain.mapping import LanguageLevel, Mapping, Skill, check_mapping
from plan_service.domain.sharing import REFUGEE_SERVICE

# Full time and full year: 37.5 hours a week, or 30 where self-study is heavy.
FULL_TIME_HOURS_PER_WEEK = 37.5
HEAVY_SELF_STUDY_HOURS_PER_WEEK = 30.0
# The reason of a first plan whose author gave none (every later change needs one).
FIRST_PLAN_REASON = "first plan"


class ProgrammeAlreadyStarted(Conflict):
    code = "programme-already-started"

    def __init__(self) -> None:
        super().__init__("The participant's programme has already started.")


def stale_plan(*, current: int, given: int) -> StaleVersion:
    """The plan is at ``current``; the update was based on ``given`` (409)."""
    return StaleVersion(
        f"The plan is at version {current}; the update was based on version {given}.",
        current=current,
        given=given,
    )


class HouseholdType(StrEnum):
    SINGLE = "single"
    FAMILY = "family"


class Regime(StrEnum):
    """The law the participant's programme runs under."""

    INTEGRATION_ACT = "integreringsloven"  # since 2021
    INTRODUCTION_ACT = "introduksjonsloven"  # started before 2021


class EndGoal(StrEnum):
    """The plan's sluttmål."""

    WORK = "work"
    EDUCATION = "education"
    QUALIFICATION = "qualification"


class ParticipantGroup(StrEnum):
    """The participant's group (løp) the end goal is set for (report 004 §2.2)."""

    WORK_ORIENTED = "work_oriented"  # arbeidsrettet
    SCHOOL_ORIENTED = "school_oriented"  # skolerettet
    VOCATIONAL = "vocational"  # fagrettet, e.g. towards a trade certificate


class Section(StrEnum):
    """The parts of the plan, each with its own contributors."""

    END_GOAL = "end_goal"  # sluttmål, with the participant's group
    NORWEGIAN_GOAL = "norwegian_goal"  # norskmål
    ACTIVITIES = "activities"  # what is done, by which unit, how many hours a week


class CefrLevel(StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class ActivityKind(StrEnum):
    NORWEGIAN = "norwegian"
    SOCIAL_STUDIES = "social_studies"
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_MEASURE = "nav_measure"
    EDUCATION = "education"
    PARENTING_GUIDANCE = "parenting_guidance"
    HEALTH = "health"
    OTHER = "other"


# Duration rules per regime, in months: (minimum, maximum without extension).
DURATION_MONTHS = {
    Regime.INTEGRATION_ACT: (3, 36),
    Regime.INTRODUCTION_ACT: (1, 36),  # two years, a third under special conditions
}


# An extension adds at most this many months to the end set at the start, and the whole
# programme may then last at most (months): integration act 3 years + 1; introduction
# act 2 years and a third by decision, so 3 in all.
EXTENSION_MONTHS = 12
MAX_MONTHS_WITH_EXTENSION = {Regime.INTEGRATION_ACT: 48, Regime.INTRODUCTION_ACT: 36}
# Status "at exit" is measured within this many days of the exit.
AT_EXIT_WINDOW_DAYS = 92


def months_between(start: date, end: date) -> float:
    return (end.year - start.year) * 12 + (end.month - start.month) + (end.day - start.day) / 31


class ExtensionReason(StrEnum):
    EXPECTED_TO_REACH_END_GOAL = "expected_to_reach_end_goal"  # integreringsloven § 13
    EDUCATION_IN_PROGRESS = "education_in_progress"
    WORK_TRAINING_IN_PROGRESS = "work_training_in_progress"
    NORWEGIAN_TRAINING = "norwegian_training"
    OTHER = "other"


class LeaveReason(StrEnum):
    PARENTAL = "parental"
    ILLNESS = "illness"
    CARE_FOR_RELATIVE = "care_for_relative"
    WELFARE = "welfare"
    WORK = "work"  # e.g. a temporary job outside the programme
    OTHER = "other"


class Completion(StrEnum):
    """IMDi's two ways out: avsluttet (completed) or avbrutt (interrupted)."""

    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class ExitReason(StrEnum):
    END_GOAL_REACHED = "end_goal_reached"
    PERIOD_EXPIRED = "period_expired"
    WORK = "work"
    EDUCATION = "education"
    MOVED = "moved"
    HEALTH = "health"
    OWN_REQUEST = "own_request"
    INVALID_ABSENCE = "invalid_absence"
    OTHER = "other"


class ProgrammeStatus(StrEnum):
    NOT_STARTED = "not_started"
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class TestKind(StrEnum):
    __test__ = False  # not a pytest class

    NORWEGIAN = "norwegian"
    SOCIAL_STUDIES = "social_studies"


class OutcomeStatus(StrEnum):
    WORK = "work"
    EDUCATION = "education"
    NAV_MEASURE = "nav_measure"
    QUALIFICATION_PROGRAMME = "qualification_programme"
    SOCIAL_ASSISTANCE = "social_assistance"
    OTHER = "other"


class MeasurePoint(StrEnum):
    """IMDi measures status at exit; SSB in November the year after."""

    AT_EXIT = "at_exit"
    ONE_YEAR_AFTER = "one_year_after"


@dataclass(frozen=True)
class Extension:
    number: int
    previous_expected_end_date: date
    new_expected_end_date: date
    reason: ExtensionReason
    decided_on: date


@dataclass(frozen=True)
class Leave:
    from_date: date
    to_date: date
    reason: LeaveReason
    id: UUID | None = None  # given when recorded

    def overlaps(self, other: Leave) -> bool:
        return self.from_date <= other.to_date and other.from_date <= self.to_date

    def days_within(self, start: date, end: date) -> int:
        """The leave's days between ``start`` and ``end`` (both included)."""
        first, last = max(self.from_date, start), min(self.to_date, end)
        return max((last - first).days + 1, 0)


@dataclass(frozen=True)
class Move:
    """The participant moved away: to another municipality, or abroad or unknown
    (``to_municipality`` None)."""

    moved_on: date
    to_municipality: str | None


@dataclass(frozen=True)
class Exit:
    completion: Completion
    end_date: date
    reason: ExitReason


@dataclass(frozen=True)
class Programme:
    regime: Regime
    start_date: date
    expected_end_date: date
    original_expected_end_date: date | None = None  # None: never extended
    extensions: tuple[Extension, ...] = ()
    leaves: tuple[Leave, ...] = ()
    exit: Exit | None = None
    version: int = 1  # optimistic concurrency for lifecycle changes

    @property
    def first_expected_end_date(self) -> date:
        return self.original_expected_end_date or self.expected_end_date

    def status(self, on: date) -> ProgrammeStatus:
        if self.exit is not None:
            return ProgrammeStatus(self.exit.completion.value)
        if any(leave.from_date <= on <= leave.to_date for leave in self.leaves):
            return ProgrammeStatus.ON_LEAVE
        return ProgrammeStatus.ACTIVE


@dataclass(frozen=True)
class TestResult:
    """A Norwegian test (a CEFR level per sub-test) or the social-studies test (passed
    or not)."""

    __test__ = False  # not a pytest class

    id: UUID
    test: TestKind
    taken_on: date
    recorded_by_agency: str
    levels: dict[Skill, LanguageLevel] = field(default_factory=dict)
    passed: bool | None = None


@dataclass(frozen=True)
class Outcome:
    measured_at: MeasurePoint
    status: OutcomeStatus
    status_on: date
    recorded_by_agency: str


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind
    provider_unit: str
    hours_per_week: float
    from_date: date | None = None
    to_date: date | None = None
    counts_as_programme_hours: bool = True


@dataclass(frozen=True)
class Contributor:
    """Who wrote a part of the plan: an agency and the person's login (``sub``)."""

    agency: str
    sub: str


SYSTEM = Contributor(REFUGEE_SERVICE, "system")  # an internal change (the demo seed)


@dataclass(frozen=True)
class Plan:
    """One version of the integration plan. Every change is a new version with a
    reason, the person who made it and, when it came from a contribution, its id."""

    version: int
    end_goal: EndGoal
    norwegian_goal: CefrLevel
    activities: tuple[Activity, ...]
    participant_group: ParticipantGroup | None = None
    heavy_self_study: bool = False  # full time is then 30 hours a week
    contributors: dict[Section, tuple[Contributor, ...]] = field(default_factory=dict)
    started_on: date | None = None  # the day version 1 was made
    reason: str = ""
    changed_by: Contributor | None = None
    contribution_id: UUID | None = None

    @property
    def programme_hours_per_week(self) -> float:
        # Rounded: hours entered in tenths must not add up to 37.50000000000001.
        total = sum(a.hours_per_week for a in self.activities if a.counts_as_programme_hours)
        return round(total, 6)

    @property
    def required_hours_per_week(self) -> float:
        """Full time: 37.5 hours a week, or 30 where the plan marks self-study heavy."""
        return (
            HEAVY_SELF_STUDY_HOURS_PER_WEEK if self.heavy_self_study else (FULL_TIME_HOURS_PER_WEEK)
        )

    @property
    def full_time(self) -> bool:
        """The law asks for full time; a plan below it is accepted but flagged."""
        return self.programme_hours_per_week >= self.required_hours_per_week

    def contributors_of(self, section: Section) -> tuple[Contributor, ...]:
        return self.contributors.get(section, ())

    def changed_sections(self, other: Plan | None) -> list[Section]:
        """The sections whose content differs from ``other`` (all, without one)."""
        if other is None:
            return list(Section)
        changed = []
        if (self.end_goal, self.participant_group) != (other.end_goal, other.participant_group):
            changed.append(Section.END_GOAL)
        if self.norwegian_goal != other.norwegian_goal:
            changed.append(Section.NORWEGIAN_GOAL)
        if (self.activities, self.heavy_self_study) != (other.activities, other.heavy_self_study):
            changed.append(Section.ACTIVITIES)
        return changed


def check_activities(activities: tuple[Activity, ...]) -> None:
    for activity in activities:
        if activity.hours_per_week <= 0:
            raise Invalid("Hours per week must be more than zero.", code="hours")
        if activity.from_date and activity.to_date and activity.to_date < activity.from_date:
            raise Invalid("An activity ends before it starts.", code="dates-out-of-order")


class ContributionStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class SectionProposal:
    """What a contribution proposes for one section: a new end goal (and group), a new
    Norwegian goal, or activities to add."""

    section: Section
    end_goal: EndGoal | None = None
    participant_group: ParticipantGroup | None = None
    norwegian_goal: CefrLevel | None = None
    activities: tuple[Activity, ...] = ()

    def check(self) -> None:
        shape = {
            Section.END_GOAL: self.end_goal is not None
            and self.norwegian_goal is None
            and not self.activities,
            Section.NORWEGIAN_GOAL: self.norwegian_goal is not None
            and self.end_goal is None
            and self.participant_group is None
            and not self.activities,
            Section.ACTIVITIES: bool(self.activities)
            and self.end_goal is None
            and self.participant_group is None
            and self.norwegian_goal is None,
        }
        if not shape[self.section]:
            raise Invalid(
                "A contribution to end_goal has end_goal (and participant_group); to "
                "norwegian_goal, norwegian_goal; to activities, the activities to add; "
                "and nothing else.",
                code="contribution-shape",
            )
        check_activities(self.activities)


@dataclass
class Contribution:
    """Another unit's proposal for a section of the plan. The plan's editor accepts it
    (a new plan version, published as such) or rejects it with a reason. Nothing of the
    contribution itself is published: ``reason`` and the decision's reason are free
    text and stay here."""

    id: UUID
    participant_id: UUID
    municipality: str
    proposal: SectionProposal
    reason: str
    proposed_by: Contributor
    proposed_on: date
    based_on_version: int
    status: ContributionStatus = ContributionStatus.PROPOSED
    decided_by: Contributor | None = None
    decided_on: date | None = None
    decision_reason: str | None = None
    resulting_version: int | None = None

    def _undecided(self) -> None:
        if self.status is not ContributionStatus.PROPOSED:
            raise Conflict(
                f"The contribution is already {self.status.value}.", code="contribution-decided"
            )

    def reject(self, *, editor: Contributor, reason: str, today: date) -> None:
        self._undecided()
        if not reason.strip():
            raise Invalid("A rejection gives its reason.", code="reason-required")
        self.status = ContributionStatus.REJECTED
        self.decided_by = editor
        self.decided_on = today
        self.decision_reason = reason


@dataclass(frozen=True)
class Certificate:
    """What the participation certificate (deltakerbevis) states, issued at completion
    or interruption."""

    participant_id: UUID
    regime: Regime
    start_date: date
    end_date: date
    first_expected_end_date: date
    completion: Completion
    exit_reason: ExitReason
    extensions: int
    leaves: tuple[Leave, ...]
    leave_days: int
    plan: Plan | None
    norwegian_tests: tuple[TestResult, ...]
    best_norwegian_levels: dict[Skill, LanguageLevel]
    social_studies_tests: tuple[TestResult, ...]

    @property
    def social_studies_passed(self) -> bool | None:
        """Passed at some attempt; None when never taken."""
        if not self.social_studies_tests:
            return None
        return any(t.passed for t in self.social_studies_tests)


@dataclass
class Participant:
    id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    personal: dict[str, Any] = field(default_factory=dict)
    person_sub: str | None = None  # the participant's own login (token ``sub``)
    programme: Programme | None = None
    plan: Plan | None = None
    mapping_version: int = 0  # the latest mapping's version; 0: never mapped
    outcomes: dict[MeasurePoint, Outcome] = field(default_factory=dict)
    moved: Move | None = None
    last_review: Review | None = None  # the latest by date
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def settle(
        cls,
        *,
        participant_id: UUID,
        municipality: str,
        settlement_date: date,
        birth_year: int,
        household_type: HouseholdType,
        languages: tuple[str, ...],
        personal: dict[str, Any] | None = None,
        person_sub: str | None = None,
        today: date,
    ) -> Participant:
        if settlement_date > today:
            raise Invalid("The settlement date is in the future.", code="settlement-in-future")
        if not 1900 <= birth_year <= settlement_date.year:
            raise Invalid("The birth year is not plausible.", code="birth-year")
        participant = cls(
            id=participant_id,
            municipality=municipality,
            settlement_date=settlement_date,
            birth_year=birth_year,
            household_type=household_type,
            languages=languages,
            personal=dict(personal or {}),
            person_sub=person_sub,
        )
        participant.events.append(events.ParticipantSettled(participant))
        return participant

    def link_login(self, person_sub: str) -> None:
        """Give the participant their own login (token ``sub``) once."""
        if self.person_sub is not None and self.person_sub != person_sub:
            raise Conflict("The participant already has a login.", code="login-already-linked")
        self.person_sub = person_sub

    def start_programme(self, programme: Programme) -> None:
        if self.programme is not None:
            raise ProgrammeAlreadyStarted()
        if programme.start_date < self.settlement_date:
            raise Invalid(
                "The programme cannot start before the participant was settled.",
                code="programme-before-settlement",
            )
        if programme.expected_end_date <= programme.start_date:
            raise Invalid("The expected end must come after the start.", code="dates-out-of-order")
        low, high = DURATION_MONTHS[programme.regime]
        # The expected end date is the last day in the programme (1 Sep - 31 Aug: a year).
        months = months_between(
            programme.start_date, programme.expected_end_date + timedelta(days=1)
        )
        if not low <= months <= high:
            raise Invalid(
                f"Under {programme.regime.value} the programme lasts {low} to {high} months; "
                f"this one lasts {months:.1f}.",
                code="duration-outside-regime",
            )
        self.programme = programme
        self.events.append(events.ProgrammeStarted(self, programme))

    # The plan ------------------------------------------------------------------------

    def check_open_for_changes(self) -> None:
        """A participant who moved away is read-only here: the new municipality plans."""
        if self.moved is not None:
            raise Conflict(
                f"The participant moved away on {self.moved.moved_on}; their plan and "
                "follow-up are read-only here.",
                code="participant-moved",
            )

    def _current_plan(self) -> Plan:
        if self.plan is None:
            raise Conflict("The participant has no plan yet.", code="no-plan")
        return self.plan

    def _new_version(
        self, draft: Plan, *, author: Contributor, sections: list[Section], today: date | None
    ) -> Plan:
        """Version ``draft`` after the current plan: its author (the editor, or the
        contributor whose proposal was accepted) joins the contributors of the sections
        it changes; more than full time is refused."""
        previous = self.plan
        contributors = dict(previous.contributors) if previous else {}
        for section in sections:
            contributors[section] = unique_contributors((*contributors.get(section, ()), author))
        plan = replace(
            draft,
            version=(previous.version if previous else 0) + 1,
            contributors=contributors,
            started_on=previous.started_on if previous else today,
            changed_by=draft.changed_by or author,
        )
        if plan.programme_hours_per_week > FULL_TIME_HOURS_PER_WEEK:
            raise Invalid(
                f"The activities add up to {plan.programme_hours_per_week} programme hours a "
                f"week; full time is {FULL_TIME_HOURS_PER_WEEK}.",
                code="hours-over-full-time",
            )
        self.plan = plan
        self.events.append(events.PlanUpdated(self, plan, today or date.today()))
        return plan

    def update_plan(
        self,
        *,
        expected_version: int,
        end_goal: EndGoal,
        norwegian_goal: CefrLevel,
        activities: tuple[Activity, ...],
        participant_group: ParticipantGroup | None = None,
        heavy_self_study: bool = False,
        reason: str | None = None,
        editor: Contributor = SYSTEM,
        today: date | None = None,
    ) -> Plan:
        """The editor writes a new version of the whole plan. Every change after the
        first needs a reason; a plan below full time is accepted and flagged."""
        current = self.plan.version if self.plan else 0
        if expected_version != current:
            raise stale_plan(current=current, given=expected_version)
        self.check_open_for_changes()
        check_activities(activities)
        reason = (reason or "").strip()
        if not reason:
            if current:
                raise Invalid("Every change of the plan gives its reason.", code="reason-required")
            reason = FIRST_PLAN_REASON
        draft = Plan(
            version=current + 1,
            end_goal=end_goal,
            norwegian_goal=norwegian_goal,
            activities=activities,
            participant_group=participant_group,
            heavy_self_study=heavy_self_study,
            reason=reason,
        )
        return self._new_version(
            draft, author=editor, sections=draft.changed_sections(self.plan), today=today
        )

    def propose_contribution(
        self,
        *,
        contribution_id: UUID,
        proposal: SectionProposal,
        reason: str,
        proposed_by: Contributor,
        today: date,
    ) -> Contribution:
        """Another unit proposes a change to one section; the plan must exist."""
        self.check_open_for_changes()
        plan = self._current_plan()
        if not reason.strip():
            raise Invalid("A contribution gives its reason.", code="reason-required")
        proposal.check()
        return Contribution(
            id=contribution_id,
            participant_id=self.id,
            municipality=self.municipality,
            proposal=proposal,
            reason=reason,
            proposed_by=proposed_by,
            proposed_on=today,
            based_on_version=plan.version,
        )

    def accept_contribution(
        self,
        contribution: Contribution,
        *,
        editor: Contributor,
        reason: str | None,
        today: date,
    ) -> Plan:
        """The editor accepts: the proposal applied to the current plan is the next
        version, its contributor joins the section's contributors. Goals are replaced;
        activities are added."""
        contribution._undecided()
        self.check_open_for_changes()
        plan = self._current_plan()
        proposal = contribution.proposal
        match proposal.section:
            case Section.END_GOAL:
                assert proposal.end_goal is not None
                draft = replace(
                    plan, end_goal=proposal.end_goal, participant_group=proposal.participant_group
                )
            case Section.NORWEGIAN_GOAL:
                assert proposal.norwegian_goal is not None
                draft = replace(plan, norwegian_goal=proposal.norwegian_goal)
            case Section.ACTIVITIES:
                draft = replace(plan, activities=(*plan.activities, *proposal.activities))
        draft = replace(
            draft,
            reason=(reason or "").strip() or contribution.reason,
            changed_by=editor,
            contribution_id=contribution.id,
        )
        new = self._new_version(
            draft, author=contribution.proposed_by, sections=[proposal.section], today=today
        )
        contribution.status = ContributionStatus.ACCEPTED
        contribution.decided_by = editor
        contribution.decided_on = today
        contribution.decision_reason = reason
        contribution.resulting_version = new.version
        return new

    # Reviews with the participant -----------------------------------------------------

    def next_review_due(self) -> date | None:
        """After the latest review, when it said; a plan never reviewed is due six months
        after its first version. None without a plan, and when no review is due any more:
        the programme has ended or the participant moved away."""
        if self.plan is None or self.moved is not None:
            return None
        if self.programme is not None and self.programme.exit is not None:
            return None
        if self.last_review is not None:
            return self.last_review.next_review_due
        if self.plan.started_on is None:
            return None
        return add_months(self.plan.started_on, REVIEW_INTERVAL_MONTHS)

    def review_overdue(self, today: date) -> bool:
        due = self.next_review_due()
        return due is not None and due < today

    def review_plan(
        self,
        *,
        review_id: UUID,
        reviewed_on: date,
        agencies_present: tuple[str, ...],
        participant_acknowledged: bool,
        participant_disagrees: bool,
        participant_comment: str | None,
        municipality_justification: str | None,
        next_review_due: date | None,
        recorded_by_agency: str,
        today: date,
    ) -> Review:
        """The current plan reviewed with the participant; the next review is due six
        months later unless the reviewer sets another date."""
        self.check_open_for_changes()
        plan = self._current_plan()
        due = check_review(
            reviewed_on=reviewed_on,
            participant_disagrees=participant_disagrees,
            municipality_justification=municipality_justification,
            next_review_due=next_review_due,
            settled_on=self.settlement_date,
            today=today,
        )
        review = Review(
            id=review_id,
            plan_version=plan.version,
            reviewed_on=reviewed_on,
            agencies_present=unique(agencies_present),
            participant_acknowledged=participant_acknowledged,
            participant_disagrees=participant_disagrees,
            next_review_due=due,
            participant_comment=participant_comment,
            municipality_justification=municipality_justification,
            recorded_by_agency=recorded_by_agency,
        )
        if self.last_review is None or reviewed_on >= self.last_review.reviewed_on:
            self.last_review = review
        self.events.append(events.PlanReviewed(self, review))
        return review

    # Moving away ----------------------------------------------------------------------

    def move_away(self, *, moved_on: date, to_municipality: str | None, today: date) -> Move:
        if self.moved is not None:
            raise Conflict(
                f"The participant already moved away on {self.moved.moved_on}.",
                code="participant-moved",
            )
        if moved_on > today:
            raise Invalid("A move is recorded when it has happened.", code="move-in-future")
        if moved_on < self.settlement_date:
            raise Invalid("A move cannot predate the settlement.", code="move-before-settlement")
        if to_municipality == self.municipality:
            raise Invalid(
                "Moving within the municipality is not moving away.",
                code="move-within-municipality",
            )
        self.moved = Move(moved_on=moved_on, to_municipality=to_municipality)
        self.events.append(events.ParticipantMoved(self, self.moved))
        return self.moved

    # The programme after its start ---------------------------------------------------

    def _running_programme(self) -> Programme:
        if self.programme is None:
            raise Conflict(
                "The participant's programme has not started.", code="programme-not-started"
            )
        if self.programme.exit is not None:
            raise Conflict("The participant's programme has ended.", code="programme-ended")
        return self.programme

    def extend_programme(
        self,
        *,
        new_expected_end_date: date,
        reason: ExtensionReason,
        decided_on: date,
        today: date,
    ) -> Extension:
        programme = self._running_programme()
        self.check_open_for_changes()
        if decided_on > today:
            raise Invalid(
                "The extension cannot be decided in the future.", code="decision-in-future"
            )
        if decided_on < programme.start_date:
            raise Invalid(
                "The extension cannot be decided before the start.", code="dates-out-of-order"
            )
        if new_expected_end_date <= programme.expected_end_date:
            raise Invalid(
                f"The new expected end must come after {programme.expected_end_date}.",
                code="extension-not-later",
            )
        first_end = programme.first_expected_end_date
        longest = MAX_MONTHS_WITH_EXTENSION[programme.regime]
        months = months_between(programme.start_date, new_expected_end_date + timedelta(days=1))
        if new_expected_end_date > add_months(first_end, EXTENSION_MONTHS) or months > longest:
            raise Invalid(
                f"Under {programme.regime.value} a programme can be extended by at most "
                f"{EXTENSION_MONTHS} months in all and last at most {longest} months.",
                code="extension-too-long",
            )
        extension = Extension(
            number=len(programme.extensions) + 1,
            previous_expected_end_date=programme.expected_end_date,
            new_expected_end_date=new_expected_end_date,
            reason=reason,
            decided_on=decided_on,
        )
        self.programme = replace(
            programme,
            expected_end_date=new_expected_end_date,
            original_expected_end_date=first_end,
            extensions=(*programme.extensions, extension),
        )
        self.events.append(events.ProgrammeExtended(self, extension))
        return extension

    def record_leave(self, leave: Leave) -> None:
        """Leave (permisjon) is recorded inside the programme period; it does not move
        the expected end (an extension does that, explicitly)."""
        programme = self._running_programme()
        self.check_open_for_changes()
        if leave.to_date < leave.from_date:
            raise Invalid("The leave ends before it starts.", code="dates-out-of-order")
        if not (
            programme.start_date <= leave.from_date and leave.to_date <= programme.expected_end_date
        ):
            raise Invalid(
                f"The leave must lie within the programme period ({programme.start_date} to "
                f"{programme.expected_end_date}).",
                code="leave-outside-programme",
            )
        if any(leave.overlaps(other) for other in programme.leaves):
            raise Conflict("The leave overlaps a leave already recorded.", code="leave-overlaps")
        self.programme = replace(programme, leaves=(*programme.leaves, leave))
        self.events.append(events.LeaveGranted(self, leave))

    def end_programme(self, exit: Exit, *, today: date) -> None:
        programme = self._running_programme()
        if exit.end_date < programme.start_date:
            raise Invalid("The programme cannot end before it starts.", code="dates-out-of-order")
        if exit.end_date > today:
            raise Invalid("An exit is recorded when it has happened.", code="exit-in-future")
        self.programme = replace(programme, exit=exit)
        self.events.append(events.ProgrammeEnded(self, self.programme))

    # Mapping, tests and outcomes ------------------------------------------------------

    def record_mapping(self, mapping: Mapping, *, today: date) -> Mapping:
        """A new mapping version (the given ``version`` is ignored: the next one)."""
        check_mapping(mapping, settlement_date=self.settlement_date, today=today)
        recorded = replace(mapping, version=self.mapping_version + 1)
        self.mapping_version = recorded.version
        self.events.append(events.MappingRecorded(self, recorded))
        return recorded

    def record_test_result(self, result: TestResult, *, today: date) -> None:
        if result.taken_on > today:
            raise Invalid("A test result cannot be from the future.", code="test-in-future")
        if result.taken_on < self.settlement_date:
            raise Invalid(
                "A test result cannot predate the settlement.", code="test-before-settlement"
            )
        if result.test is TestKind.NORWEGIAN and (not result.levels or result.passed is not None):
            raise Invalid(
                "A Norwegian test has a level per sub-test (levels) and no passed.",
                code="test-result-shape",
            )
        if result.test is TestKind.SOCIAL_STUDIES and (result.levels or result.passed is None):
            raise Invalid(
                "The social-studies test is passed or not, with no levels.",
                code="test-result-shape",
            )
        self.events.append(events.TestResultRecorded(self, result))

    def record_outcome(self, outcome: Outcome, *, today: date) -> None:
        programme = self.programme
        if programme is None or programme.exit is None:
            raise Conflict(
                "An outcome is recorded after the programme has ended.", code="programme-not-ended"
            )
        if outcome.measured_at in self.outcomes:
            raise Conflict(
                f"The outcome {outcome.measured_at.value} is already recorded.",
                code="outcome-already-recorded",
            )
        ended = programme.exit.end_date
        if outcome.status_on > today:
            raise Invalid("An outcome cannot be dated in the future.", code="outcome-in-future")
        if outcome.status_on < ended:
            raise Invalid("An outcome cannot predate the exit.", code="outcome-before-exit")
        if outcome.measured_at is MeasurePoint.AT_EXIT and (
            outcome.status_on > ended + timedelta(days=AT_EXIT_WINDOW_DAYS)
        ):
            raise Invalid(
                f"Status at exit is measured within {AT_EXIT_WINDOW_DAYS} days of the exit.",
                code="outcome-not-at-exit",
            )
        if outcome.measured_at is MeasurePoint.ONE_YEAR_AFTER and (
            outcome.status_on.year < ended.year + 1
        ):
            raise Invalid(
                "Status one year after is measured in the year after the exit or later.",
                code="outcome-too-early",
            )
        self.outcomes[outcome.measured_at] = outcome
        self.events.append(events.OutcomeRecorded(self, outcome))

    # The participation certificate -----------------------------------------------------

    def certificate(self, test_results: Iterable[TestResult]) -> Certificate:
        """The certificate's data: only once the programme has ended."""
        programme = self.programme
        if programme is None or programme.exit is None:
            raise Conflict(
                "The participation certificate is issued when the programme has ended.",
                code="programme-not-ended",
            )
        end = programme.exit.end_date
        results = sorted(test_results, key=lambda r: r.taken_on)
        norwegian = tuple(r for r in results if r.test is TestKind.NORWEGIAN)
        order = list(LanguageLevel)
        best: dict[Skill, LanguageLevel] = {}
        for result in norwegian:
            for skill, level in result.levels.items():
                if skill not in best or order.index(level) > order.index(best[skill]):
                    best[skill] = level
        return Certificate(
            participant_id=self.id,
            regime=programme.regime,
            start_date=programme.start_date,
            end_date=end,
            first_expected_end_date=programme.first_expected_end_date,
            completion=programme.exit.completion,
            exit_reason=programme.exit.reason,
            extensions=len(programme.extensions),
            leaves=programme.leaves,
            leave_days=sum(v.days_within(programme.start_date, end) for v in programme.leaves),
            plan=self.plan,
            norwegian_tests=norwegian,
            best_norwegian_levels={s: best[s] for s in Skill if s in best},
            social_studies_tests=tuple(r for r in results if r.test is TestKind.SOCIAL_STUDIES),
        )


def unique_contributors(contributors: Iterable[Contributor]) -> tuple[Contributor, ...]:
    return tuple(dict.fromkeys(contributors))
