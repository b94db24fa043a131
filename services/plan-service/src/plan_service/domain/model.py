"""The participant aggregate: settlement, the programme and its lifecycle, the
integration plan, competence mappings, test results and outcomes.

Plain Python: no I/O, no framework. Every change checks the rules and records a domain
event that the unit of work turns into a published contract.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from plan_service.domain import events
from plan_service.domain.errors import (
    Conflict,
    InvalidRule,
    ProgrammeAlreadyStarted,
    StalePlanVersion,
)
from plan_service.domain.mapping import LanguageLevel, Mapping, Skill, check_mapping

FULL_TIME_HOURS_PER_WEEK = 37.5


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


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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

    def overlaps(self, other: Leave) -> bool:
        return self.from_date <= other.to_date and other.from_date <= self.to_date


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
class Plan:
    version: int
    end_goal: EndGoal
    norwegian_goal: CefrLevel
    activities: tuple[Activity, ...]

    @property
    def programme_hours_per_week(self) -> float:
        # Rounded: hours entered in tenths must not add up to 37.50000000000001.
        total = sum(a.hours_per_week for a in self.activities if a.counts_as_programme_hours)
        return round(total, 6)


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
            raise InvalidRule("settlement-in-future", "The settlement date is in the future.")
        if not 1900 <= birth_year <= settlement_date.year:
            raise InvalidRule("birth-year", "The birth year is not plausible.")
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

    def start_programme(self, programme: Programme) -> None:
        if self.programme is not None:
            raise ProgrammeAlreadyStarted()
        if programme.start_date < self.settlement_date:
            raise InvalidRule(
                "programme-before-settlement",
                "The programme cannot start before the participant was settled.",
            )
        if programme.expected_end_date <= programme.start_date:
            raise InvalidRule("dates-out-of-order", "The expected end must come after the start.")
        low, high = DURATION_MONTHS[programme.regime]
        # The expected end date is the last day in the programme (1 Sep - 31 Aug: a year).
        months = months_between(
            programme.start_date, programme.expected_end_date + timedelta(days=1)
        )
        if not low <= months <= high:
            raise InvalidRule(
                "duration-outside-regime",
                f"Under {programme.regime.value} the programme lasts {low} to {high} months; "
                f"this one lasts {months:.1f}.",
            )
        self.programme = programme
        self.events.append(events.ProgrammeStarted(self, programme))

    def update_plan(
        self,
        *,
        expected_version: int,
        end_goal: EndGoal,
        norwegian_goal: CefrLevel,
        activities: tuple[Activity, ...],
    ) -> Plan:
        current = self.plan.version if self.plan else 0
        if expected_version != current:
            raise StalePlanVersion(current=current, given=expected_version)
        for activity in activities:
            if activity.hours_per_week <= 0:
                raise InvalidRule("hours", "Hours per week must be more than zero.")
            if activity.from_date and activity.to_date and activity.to_date < activity.from_date:
                raise InvalidRule("dates-out-of-order", "An activity ends before it starts.")
        plan = Plan(
            version=current + 1,
            end_goal=end_goal,
            norwegian_goal=norwegian_goal,
            activities=activities,
        )
        if plan.programme_hours_per_week > FULL_TIME_HOURS_PER_WEEK:
            raise InvalidRule(
                "hours-over-full-time",
                f"The activities add up to {plan.programme_hours_per_week} programme hours a "
                f"week; full time is {FULL_TIME_HOURS_PER_WEEK}.",
            )
        self.plan = plan
        self.events.append(events.PlanUpdated(self, plan))
        return plan

    # The programme after its start ---------------------------------------------------

    def _running_programme(self) -> Programme:
        if self.programme is None:
            raise Conflict("programme-not-started", "The participant's programme has not started.")
        if self.programme.exit is not None:
            raise Conflict("programme-ended", "The participant's programme has ended.")
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
        if decided_on > today:
            raise InvalidRule(
                "decision-in-future", "The extension cannot be decided in the future."
            )
        if decided_on < programme.start_date:
            raise InvalidRule(
                "dates-out-of-order", "The extension cannot be decided before the start."
            )
        if new_expected_end_date <= programme.expected_end_date:
            raise InvalidRule(
                "extension-not-later",
                f"The new expected end must come after {programme.expected_end_date}.",
            )
        first_end = programme.first_expected_end_date
        longest = MAX_MONTHS_WITH_EXTENSION[programme.regime]
        months = months_between(programme.start_date, new_expected_end_date + timedelta(days=1))
        if new_expected_end_date > add_months(first_end, EXTENSION_MONTHS) or months > longest:
            raise InvalidRule(
                "extension-too-long",
                f"Under {programme.regime.value} a programme can be extended by at most "
                f"{EXTENSION_MONTHS} months in all and last at most {longest} months.",
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
        """Leave (permisjon) is recorded; it does not move the expected end (an
        extension does that, explicitly)."""
        programme = self._running_programme()
        if leave.to_date < leave.from_date:
            raise InvalidRule("dates-out-of-order", "The leave ends before it starts.")
        if not programme.start_date <= leave.from_date <= programme.expected_end_date:
            raise InvalidRule(
                "leave-outside-programme", "The leave must start within the programme period."
            )
        if any(leave.overlaps(other) for other in programme.leaves):
            raise Conflict("leave-overlaps", "The leave overlaps a leave already recorded.")
        self.programme = replace(programme, leaves=(*programme.leaves, leave))

    def end_programme(self, exit: Exit, *, today: date) -> None:
        programme = self._running_programme()
        if exit.end_date < programme.start_date:
            raise InvalidRule("dates-out-of-order", "The programme cannot end before it starts.")
        if exit.end_date > today:
            raise InvalidRule("exit-in-future", "An exit is recorded when it has happened.")
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
            raise InvalidRule("test-in-future", "A test result cannot be from the future.")
        if result.taken_on < self.settlement_date:
            raise InvalidRule(
                "test-before-settlement", "A test result cannot predate the settlement."
            )
        if result.test is TestKind.NORWEGIAN and (not result.levels or result.passed is not None):
            raise InvalidRule(
                "test-result-shape",
                "A Norwegian test has a level per sub-test (levels) and no passed.",
            )
        if result.test is TestKind.SOCIAL_STUDIES and (result.levels or result.passed is None):
            raise InvalidRule(
                "test-result-shape", "The social-studies test is passed or not, with no levels."
            )
        self.events.append(events.TestResultRecorded(self, result))

    def record_outcome(self, outcome: Outcome, *, today: date) -> None:
        programme = self.programme
        if programme is None or programme.exit is None:
            raise Conflict(
                "programme-not-ended", "An outcome is recorded after the programme has ended."
            )
        if outcome.measured_at in self.outcomes:
            raise Conflict(
                "outcome-already-recorded",
                f"The outcome {outcome.measured_at.value} is already recorded.",
            )
        ended = programme.exit.end_date
        if outcome.status_on > today:
            raise InvalidRule("outcome-in-future", "An outcome cannot be dated in the future.")
        if outcome.status_on < ended:
            raise InvalidRule("outcome-before-exit", "An outcome cannot predate the exit.")
        if outcome.measured_at is MeasurePoint.AT_EXIT and (
            outcome.status_on > ended + timedelta(days=AT_EXIT_WINDOW_DAYS)
        ):
            raise InvalidRule(
                "outcome-not-at-exit",
                f"Status at exit is measured within {AT_EXIT_WINDOW_DAYS} days of the exit.",
            )
        if outcome.measured_at is MeasurePoint.ONE_YEAR_AFTER and (
            outcome.status_on.year < ended.year + 1
        ):
            raise InvalidRule(
                "outcome-too-early",
                "Status one year after is measured in the year after the exit or later.",
            )
        self.outcomes[outcome.measured_at] = outcome
        self.events.append(events.OutcomeRecorded(self, outcome))
