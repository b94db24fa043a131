"""What the overview knows of one participant's chain (``ChainState``), and what it
derives from it: the stage, NAV's involvement, the review baseline, the open actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from helhet_common.consent.model import Consent
from reporting_service.domain.chain.links import next_step
from reporting_service.domain.chain.parts import (
    NAV_KINDS,
    ActionLink,
    Leave,
    MatchLink,
    Meeting,
    Outcome,
    PlacementLink,
    PlanReview,
)
from reporting_service.domain.chain.stages import ChainFacts, Stage, derive_stage
from reporting_service.domain.organisation import Responsibility

if TYPE_CHECKING:
    from reporting_service.domain.chain.follow_up import FollowUpYear, Gender, LedgerDay
    from reporting_service.domain.chain.year import HandOverLink, TimetableWeek, TransitionLink


@dataclass(frozen=True)
class ChainState:
    """What the overview knows of one participant's chain.

    Every transition (``transitions``) only fills in or moves forward what its event
    knows, so the state is the same whatever order the events arrive in.
    """

    participant_id: object
    municipality: str | None = None
    household_type: str | None = None
    settlement_date: date | None = None
    programme_regime: str | None = None
    programme_start: date | None = None
    programme_expected_end: date | None = None  # as the start decided it
    programme_extension_number: int | None = None
    programme_extended_to: date | None = None
    programme_end_date: date | None = None
    programme_completion: str | None = None
    programme_end_reason: str | None = None
    mapping_version: int | None = None
    mapping_recorded_on: date | None = None
    plan_version: int | None = None
    plan_end_goal: str | None = None
    plan_norwegian_goal: str | None = None
    plan_updated_at: datetime | None = None
    plan_first_at: datetime | None = None
    norwegian_levels: tuple[tuple[str, str], ...] = ()  # best level per sub-test
    last_test_on: date | None = None
    social_studies_passed: bool | None = None
    outcome_at_exit: Outcome | None = None
    outcome_one_year_after: Outcome | None = None
    consents: tuple[Consent, ...] = ()
    placements: tuple[PlacementLink, ...] = ()
    matches: tuple[MatchLink, ...] = ()
    sessions_attended: int = 0
    first_attended_on: date | None = None
    last_attended_on: date | None = None
    reviews: tuple[PlanReview, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    actions: tuple[ActionLink, ...] = ()
    leaves: tuple[Leave, ...] = ()
    moved_on: date | None = None
    moved_from: str | None = None
    moved_to: str | None = None
    # Across the year and past the programme (``year``): the latest timetable week
    # checked, the transition checklist, the hand-overs.
    timetable_week: TimetableWeek | None = None
    transition: TransitionLink | None = None
    hand_overs: tuple[HandOverLink, ...] = ()
    # For statistics and the follow-up (``follow_up``): the coarse gender, the yearly
    # status up to five years after settlement, the ledger's recent days.
    gender: Gender | None = None
    follow_up: tuple[FollowUpYear, ...] = ()
    ledger: tuple[LedgerDay, ...] = ()
    # plan-service erased the participant: the chain holds nothing, later events change
    # nothing, and the read model drops them (never written as a row).
    erased: bool = False

    @property
    def stage(self) -> Stage:
        return derive_stage(
            ChainFacts(self.settlement_date, self.programme_start, self.plan_version)
        )

    @property
    def expected_end(self) -> date | None:
        return self.programme_extended_to or self.programme_expected_end

    @property
    def programme_running(self) -> bool:
        return self.programme_start is not None and self.programme_end_date is None

    @property
    def has_nav_measure(self) -> bool:
        """A NAV measure is linked to a placement, or a placement is NAV-funded."""
        return any(p.involves_nav for p in self.placements)

    @property
    def nav_meetings(self) -> list[date]:
        """The days NAV took part: meetings with NAV present or the transition dialogue,
        and plan reviews with NAV present."""
        return sorted(
            [m.held_on for m in self.meetings if m.involves_nav]
            + [r.reviewed_on for r in self.reviews if r.nav_present]
        )

    @property
    def involves_nav(self) -> bool:
        """NAV is involved: a NAV measure, or NAV at a meeting (docs/decisions/0003)."""
        return self.has_nav_measure or bool(self.nav_meetings)

    @property
    def nav_involved_since(self) -> date | None:
        days = self.nav_meetings + [
            d
            for p in self.placements
            if p.involves_nav
            for d in [
                *(m.period_from for m in p.nav_measures),
                *([p.start_date] if p.start_date and (p.kind in NAV_KINDS) else []),
            ]
        ]
        return min(days) if days else None

    @property
    def has_social_network(self) -> bool:
        return self.sessions_attended > 0 or any(m.ran for m in self.matches)

    @property
    def plan_first_on(self) -> date | None:
        return self.plan_first_at.date() if self.plan_first_at is not None else None

    @property
    def last_reviewed_on(self) -> date | None:
        """The latest review of the plan with the participant."""
        return max((r.reviewed_on for r in self.reviews), default=None)

    @property
    def review_baseline(self) -> date | None:
        """When the plan was last gone through with the participant: the latest review,
        or the first plan if it was never reviewed. A new plan version is not a review."""
        return self.last_reviewed_on or self.plan_first_on

    @property
    def next_review_due(self) -> date | None:
        """The due day the latest review set, if any."""
        if not self.reviews:
            return None
        latest = max(self.reviews, key=lambda r: (r.reviewed_on, r.review_id))
        return latest.next_review_due

    @property
    def open_actions(self) -> list[ActionLink]:
        return sorted(
            (a for a in self.actions if a.is_open),
            key=lambda a: (a.due_date or date.max, a.action_id),
        )

    def moved_away(self, day: date) -> bool:
        """The participant has moved away from the municipality by ``day``."""
        return self.moved_on is not None and self.moved_on <= day

    def on_leave(self, day: date) -> Leave | None:
        return next((leave for leave in self.leaves if leave.covers(day)), None)

    def consents_in_force(self, day: date) -> int:
        return sum(1 for c in self.consents if c.in_force(day))

    @property
    def next_step(self) -> Responsibility | None:
        return next_step(self)
