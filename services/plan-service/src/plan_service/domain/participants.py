"""The participant aggregate: settlement, the programme and its lifecycle (extension,
leave, exit, moving away), the integration plan as a living document (versions with a
reason, contributions an editor accepts, reviews with the participant), competence
mappings, test results, outcomes, and the data of the participation certificate.

Plain Python: no I/O, no framework. Every change checks the rules and records a domain
event (a value, ``events.py``) that the unit of work turns into a published contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import (
    CefrLevel,
    ContributionStatus,
    EndGoal,
    ExtensionReason,
    Gender,
    HouseholdType,
    LanguageLevel,
    MeasurePoint,
    ParticipantGroup,
    Section,
    Skill,
    TestKind,
)
from plan_service.domain.follow_up import (
    REVIEW_INTERVAL_MONTHS,
    Review,
    add_months,
    check_review,
    unique,
)
from plan_service.domain.mapping import Mapping, check_mapping
from plan_service.domain.plans import (
    FIRST_PLAN_REASON,
    FULL_TIME_HOURS_PER_WEEK,
    SYSTEM,
    Activity,
    Contribution,
    Contributor,
    Plan,
    SectionProposal,
    check_activities,
    stale_plan,
    unique_contributors,
)
from plan_service.domain.programmes import (
    DURATION_MONTHS,
    EXTENSION_MONTHS,
    MAX_MONTHS_WITH_EXTENSION,
    Exit,
    Extension,
    Leave,
    Programme,
    months_between,
)
from plan_service.domain.results import (
    AT_EXIT_WINDOW_DAYS,
    FOLLOW_UP_YEARS,
    Certificate,
    Outcome,
    TestResult,
)


class ProgrammeAlreadyStarted(Conflict):
    code = "programme-already-started"

    def __init__(self) -> None:
        super().__init__("The participant's programme has already started.")


@dataclass(frozen=True)
class Move:
    """The participant moved away: to another municipality, or abroad or unknown
    (``to_municipality`` None)."""

    moved_on: date
    to_municipality: str | None


def personal_changes(held: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """The names of the personal fields whose value in ``given`` differs from ``held``."""
    return sorted(k for k, v in given.items() if held.get(k) != v)


@dataclass(frozen=True, kw_only=True)
class SettledRecord:
    """What an import compares a record with: the participant's settlement facts and
    personal data, read without the rest of the aggregate (and never saved), so that a
    record that changes nothing costs one read."""

    id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    personal: dict[str, Any]
    person_sub: str | None

    def published_differences(
        self,
        *,
        settlement_date: date,
        birth_year: int,
        household_type: HouseholdType,
        languages: Iterable[str],
    ) -> list[str]:
        """The published settlement facts that differ from these (``Participant``'s)."""
        given = {
            "settlement_date": settlement_date,
            "birth_year": birth_year,
            "household_type": household_type,
            "languages": frozenset(languages),
        }
        held = {
            "settlement_date": self.settlement_date,
            "birth_year": self.birth_year,
            "household_type": self.household_type,
            "languages": frozenset(self.languages),
        }
        return [name for name in given if given[name] != held[name]]

    def personal_changes(self, personal: dict[str, Any]) -> list[str]:
        return personal_changes(self.personal, personal)


@dataclass
class Participant:
    id: UUID
    municipality: str
    settlement_date: date
    birth_year: int
    household_type: HouseholdType
    languages: tuple[str, ...]
    gender: Gender = Gender.UNKNOWN  # for statistics only
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
        gender: Gender = Gender.UNKNOWN,
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
            gender=gender,
            personal=dict(personal or {}),
            person_sub=person_sub,
        )
        participant.events.append(
            events.ParticipantSettled(
                participant_id=participant.id,
                municipality=municipality,
                settlement_date=settlement_date,
                birth_year=birth_year,
                household_type=household_type,
                languages=languages,
                gender=gender,
            )
        )
        return participant

    def published_differences(
        self,
        *,
        settlement_date: date,
        birth_year: int,
        household_type: HouseholdType,
        languages: Iterable[str],
    ) -> list[str]:
        """The settlement facts (published in ``helhet.participant.settled.v1``) that
        differ from these; a change to them is not made by a correction of records."""
        return self.settled_record().published_differences(
            settlement_date=settlement_date,
            birth_year=birth_year,
            household_type=household_type,
            languages=languages,
        )

    def set_gender(self, gender: Gender, *, today: date) -> None:
        """Set the coarse gender (statistics only); the same again changes nothing."""
        if gender is self.gender:
            return
        self.gender = gender
        self.events.append(
            events.ParticipantGenderSet(participant_id=self.id, gender=gender, set_on=today)
        )

    def correct_personal(self, personal: dict[str, Any]) -> list[str]:
        """Take ``personal``'s values (names, identity numbers: kept here, never
        published) over the ones held; the names of the fields that changed."""
        changed = personal_changes(self.personal, personal)
        if changed:
            self.personal = {**self.personal, **personal}
        return changed

    def settled_record(self) -> SettledRecord:
        return SettledRecord(
            id=self.id,
            municipality=self.municipality,
            settlement_date=self.settlement_date,
            birth_year=self.birth_year,
            household_type=self.household_type,
            languages=self.languages,
            personal=dict(self.personal),
            person_sub=self.person_sub,
        )

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
        self.events.append(
            events.ProgrammeStarted(
                participant_id=self.id,
                regime=programme.regime,
                start_date=programme.start_date,
                expected_end_date=programme.expected_end_date,
            )
        )

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
        self, draft: Plan, *, author: Contributor, sections: list[Section], today: date
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
        self.events.append(
            events.PlanUpdated(
                participant_id=self.id,
                plan_version=plan.version,
                end_goal=plan.end_goal,
                norwegian_goal=plan.norwegian_goal,
                activity_kinds=tuple(a.kind for a in plan.activities),
                programme_hours_per_week=plan.programme_hours_per_week,
                saved_on=today,
            )
        )
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
        today: date,
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
        self.events.append(
            events.PlanReviewed(
                participant_id=self.id,
                review_id=review.id,
                plan_version=review.plan_version,
                reviewed_on=review.reviewed_on,
                agencies_present=review.agencies_present,
                nav_present=review.nav_present,
                participant_acknowledged=review.participant_acknowledged,
                participant_disagrees=review.participant_disagrees,
                next_review_due=review.next_review_due,
            )
        )
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
        self.events.append(
            events.ParticipantMoved(
                participant_id=self.id,
                moved_on=moved_on,
                from_municipality=self.municipality,
                to_municipality=to_municipality,
            )
        )
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
        recorded_by: str,
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
            recorded_by=recorded_by,
        )
        self.programme = replace(
            programme,
            expected_end_date=new_expected_end_date,
            original_expected_end_date=first_end,
            extensions=(*programme.extensions, extension),
        )
        self.events.append(
            events.ProgrammeExtended(
                participant_id=self.id,
                extension_number=extension.number,
                previous_expected_end_date=extension.previous_expected_end_date,
                new_expected_end_date=extension.new_expected_end_date,
                reason=extension.reason,
                decided_on=extension.decided_on,
            )
        )
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
        self.events.append(
            events.LeaveGranted(
                participant_id=self.id,
                leave_id=leave.id,
                reason=leave.reason,
                from_date=leave.from_date,
                to_date=leave.to_date,
            )
        )

    def end_programme(self, exit: Exit, *, today: date) -> None:
        programme = self._running_programme()
        if exit.end_date < programme.start_date:
            raise Invalid("The programme cannot end before it starts.", code="dates-out-of-order")
        if exit.end_date > today:
            raise Invalid("An exit is recorded when it has happened.", code="exit-in-future")
        self.programme = replace(programme, exit=exit)
        self.events.append(
            events.ProgrammeEnded(
                participant_id=self.id,
                completion=exit.completion,
                end_date=exit.end_date,
                reason=exit.reason,
                regime=programme.regime,
                start_date=programme.start_date,
            )
        )

    # Mapping, tests and outcomes ------------------------------------------------------

    def record_mapping(self, mapping: Mapping, *, today: date) -> Mapping:
        """A new mapping version (the given ``version`` is ignored: the next one)."""
        check_mapping(mapping, settlement_date=self.settlement_date, today=today)
        recorded = replace(mapping, version=self.mapping_version + 1)
        self.mapping_version = recorded.version
        self.events.append(
            events.MappingRecorded(
                participant_id=self.id,
                mapping_version=recorded.version,
                recorded_by_agency=recorded.recorded_by_agency,
                recorded_on=recorded.recorded_on,
                education_level=recorded.education_level,
                work_experience_sectors=recorded.work_experience_sectors,
                wished_sectors=recorded.wished_sectors,
                interests=recorded.interests,
                norwegian_levels=dict(recorded.norwegian_levels),
                has_driving_licence=recorded.has_driving_licence,
                childcare_needs=recorded.childcare_needs,
            )
        )
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
        self.events.append(
            events.TestResultRecorded(
                participant_id=self.id,
                test_result_id=result.id,
                test=result.test,
                taken_on=result.taken_on,
                levels=dict(result.levels),
                passed=result.passed,
            )
        )

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
        if outcome.status_on < ended:
            raise Invalid("An outcome cannot predate the exit.", code="outcome-before-exit")
        if outcome.status_on > add_years(self.settlement_date, FOLLOW_UP_YEARS):
            raise Invalid(
                f"The follow-up ends {FOLLOW_UP_YEARS} years after settlement.",
                code="outcome-past-follow-up",
            )
        year = outcome.measured_at.years_since_settlement
        if year is not None and not (
            add_years(self.settlement_date, year - 1)
            < outcome.status_on
            <= add_years(self.settlement_date, year)
        ):
            raise Invalid(
                f"The follow-up of year {year} is dated in the year up to the settlement's "
                f"anniversary number {year}.",
                code="outcome-outside-year",
            )
        if outcome.status_on > today:
            raise Invalid("An outcome cannot be dated in the future.", code="outcome-in-future")
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
        self.events.append(
            events.OutcomeRecorded(
                participant_id=self.id,
                measured_at=outcome.measured_at,
                status=outcome.status,
                status_on=outcome.status_on,
                programme_end_date=ended,
                still_in_municipality=outcome.still_in_municipality,
            )
        )

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


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
