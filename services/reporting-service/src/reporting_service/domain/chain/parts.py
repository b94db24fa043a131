"""The parts of a chain: the codes it reads, the records that come in many (placements,
NAV measures, matches, outcomes) and the follow-up of the plan (reviews, meetings,
actions, leave), each keyed by its own id so that merging them does not depend on the
order their events arrive in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reporting_service.domain.organisation import Responsibility

CEFR_ORDER = ("A0", "A1", "A2", "B1", "B2", "C1")
NAV_KINDS = frozenset({"nav_work_training", "wage_subsidy"})
JOB_KINDS = frozenset({"municipal_job", "ordinary_job"})
NO_NEXT_STEP = frozenset({"", "undecided"})
FLAG_OUTSIDE_WISHES = "outside-wishes"
TRANSITION_DIALOGUE = "transition_dialogue"


# -- the parts of a chain that come in many -----------------------------------------------


@dataclass(frozen=True)
class KindChange:
    effective_date: date
    from_kind: str
    to_kind: str


@dataclass(frozen=True)
class NavMeasure:
    measure_type: str
    role: str  # funds | continues
    period_from: date
    period_to: date


@dataclass(frozen=True)
class PlacementLink:
    """One placement as its events tell it; any of them may arrive first."""

    placement_id: str
    started_kind: str | None = None
    ended_kind: str | None = None
    sector: str | None = None
    start_date: date | None = None
    planned_end: date | None = None
    flags: tuple[str, ...] = ()
    kind_changes: tuple[KindChange, ...] = ()
    ended_on: date | None = None
    end_reason: str | None = None
    next_step: str | None = None
    hired_on: date | None = None
    nav_measures: tuple[NavMeasure, ...] = ()
    created_by_municipality: bool | None = None

    @property
    def kind(self) -> str | None:
        if self.kind_changes:
            return max(self.kind_changes, key=lambda c: (c.effective_date, c.to_kind)).to_kind
        return self.started_kind or self.ended_kind

    @property
    def ended(self) -> bool:
        return self.ended_on is not None

    @property
    def outside_wishes(self) -> bool:
        return FLAG_OUTSIDE_WISHES in self.flags

    @property
    def involves_nav(self) -> bool:
        kinds = {self.started_kind, self.ended_kind, *(c.to_kind for c in self.kind_changes)}
        return bool(self.nav_measures) or bool(kinds & NAV_KINDS)

    @property
    def responsibility(self) -> Responsibility:
        kind = self.kind
        if kind == "language_practice":
            return Responsibility.LANGUAGE_PRACTICE
        if kind in NAV_KINDS:
            return Responsibility.NAV_MEASURES
        return Responsibility.WORK_PRACTICE


@dataclass(frozen=True)
class MatchLink:
    match_id: str
    role: str | None = None
    started_on: date | None = None
    ended_on: date | None = None
    was_started: bool | None = None

    @property
    def ran(self) -> bool:
        """The match ran at some point (a declined proposal never did)."""
        return self.started_on is not None or bool(self.was_started)

    @property
    def running(self) -> bool:
        return self.ran and self.ended_on is None


@dataclass(frozen=True)
class Outcome:
    status: str
    status_on: date


# -- the follow-up of the plan (docs/decisions/0003) ----------------------------------------


@dataclass(frozen=True)
class PlanReview:
    """The plan reviewed together with the participant."""

    review_id: str
    reviewed_on: date
    plan_version: int
    nav_present: bool = False
    participant_acknowledged: bool | None = None
    disagreement_recorded: bool | None = None
    next_review_due: date | None = None


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    kind: str  # three_way_talk | case_meeting | plan_review | transition_dialogue
    held_on: date
    nav_present: bool = False

    @property
    def involves_nav(self) -> bool:
        """NAV took part, or it was the NAV transition dialogue."""
        return self.nav_present or self.kind == TRANSITION_DIALOGUE


@dataclass(frozen=True)
class ActionLink:
    """A decision with an owning unit and a due date. Its creation and its completion may
    arrive in either order; it is open from its creation until it is completed."""

    action_id: str
    meeting_id: str | None = None
    owner_agency: str | None = None
    owner_unit: str | None = None
    responsibility: str | None = None
    due_date: date | None = None
    created_on: date | None = None
    completed_on: date | None = None
    outcome: str | None = None  # done | cancelled

    @property
    def created(self) -> bool:
        return self.due_date is not None

    @property
    def is_open(self) -> bool:
        return self.created and self.completed_on is None

    def days_overdue(self, today: date) -> int:
        """Days past the due date while open (0 when not past due)."""
        if not self.is_open or self.due_date is None:
            return 0
        return max((today - self.due_date).days, 0)

    def past_due(self, today: date, grace_days: int = 0) -> bool:
        return self.days_overdue(today) > grace_days


@dataclass(frozen=True)
class Leave:
    """Leave from the programme: only its period (the reason may be health)."""

    leave_id: str
    from_date: date
    to_date: date

    def covers(self, day: date) -> bool:
        return self.from_date <= day <= self.to_date


# -- dates that may be missing ------------------------------------------------------------


def earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a <= b else b


def latest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b
