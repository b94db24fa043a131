"""The participant's chain, from settlement to work, education and a social network.

Plain Python. The stage and every link are derived from what is known, never stored as
the sum of the order events arrived in, so the projection converges whatever the arrival
order: each transition only fills in facts, keeps the newest version of a versioned
fact, or merges into a set keyed by the placement, match or consent id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from helhet_common.consent import model as consent_model
from helhet_common.consent.model import Consent
from reporting_service.domain.organisation import Responsibility

_T = TypeVar("_T")


class Stage(StrEnum):
    """The links of the chain the overview counts, in order."""

    UNKNOWN = "unknown"  # an event arrived before the settlement event
    SETTLED = "settled"
    PROGRAMME = "programme"
    PLAN = "plan"


STAGE_ORDER = [Stage.SETTLED, Stage.PROGRAMME, Stage.PLAN]

STAGE_LABELS = {
    "nb": {
        Stage.UNKNOWN: "Ukjent",
        Stage.SETTLED: "Bosatt",
        Stage.PROGRAMME: "I introduksjonsprogram",
        Stage.PLAN: "Har integreringsplan",
    },
    "en": {
        Stage.UNKNOWN: "Unknown",
        Stage.SETTLED: "Settled",
        Stage.PROGRAMME: "In the programme",
        Stage.PLAN: "Has an integration plan",
    },
}

CEFR_ORDER = ("A0", "A1", "A2", "B1", "B2", "C1")
NAV_KINDS = frozenset({"nav_work_training", "wage_subsidy"})
JOB_KINDS = frozenset({"municipal_job", "ordinary_job"})
NO_NEXT_STEP = frozenset({"", "undecided"})
FLAG_OUTSIDE_WISHES = "outside-wishes"
TRANSITION_DIALOGUE = "transition_dialogue"


@dataclass(frozen=True)
class ChainFacts:
    settlement_date: date | None
    programme_start: date | None
    plan_version: int | None


def derive_stage(facts: ChainFacts) -> Stage:
    """The furthest link reached. A participant not yet seen settled is unknown."""
    if facts.settlement_date is None:
        return Stage.UNKNOWN
    if facts.plan_version:
        return Stage.PLAN
    if facts.programme_start is not None:
        return Stage.PROGRAMME
    return Stage.SETTLED


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


# -- the state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainState:
    """What the overview knows of one participant's chain.

    Every transition below only fills in or moves forward what its event knows, so
    the state is the same whatever order the events arrive in.
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


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(x for x in (a, b) if x is not None) if (a or b) else None


def _latest(a: date | None, b: date | None) -> date | None:
    return max(x for x in (a, b) if x is not None) if (a or b) else None


def _adopt(state: ChainState, municipality: str | None) -> ChainState:
    return state if state.municipality else replace(state, municipality=municipality)


# -- plan-service: participants, programme, mapping, plan, tests, outcomes, consents ------


def settled(
    state: ChainState, *, municipality: str, settlement_date: date, household_type: str | None
) -> ChainState:
    return replace(
        state,
        municipality=municipality,
        settlement_date=settlement_date,
        household_type=household_type,
    )


def programme_started(
    state: ChainState,
    *,
    municipality: str | None,
    regime: str,
    start_date: date,
    expected_end_date: date,
) -> ChainState:
    return replace(
        _adopt(state, municipality),
        programme_regime=regime,
        programme_start=start_date,
        programme_expected_end=expected_end_date,
    )


def programme_extended(
    state: ChainState, *, municipality: str | None, extension_number: int, expected_end_date: date
) -> ChainState:
    """The highest extension decides the expected end."""
    state = _adopt(state, municipality)
    if (state.programme_extension_number or 0) >= extension_number:
        return state
    return replace(
        state, programme_extension_number=extension_number, programme_extended_to=expected_end_date
    )


def programme_ended(
    state: ChainState,
    *,
    municipality: str | None,
    completion: str,
    end_date: date,
    reason: str,
    regime: str,
    start_date: date,
) -> ChainState:
    """The start event is authoritative for the start; the end fills in what is missing."""
    state = _adopt(state, municipality)
    return replace(
        state,
        programme_end_date=end_date,
        programme_completion=completion,
        programme_end_reason=reason,
        programme_regime=state.programme_regime or regime,
        programme_start=state.programme_start or start_date,
    )


def mapping_recorded(
    state: ChainState, *, municipality: str | None, version: int, recorded_on: date
) -> ChainState:
    state = _adopt(state, municipality)
    if state.mapping_version is not None and state.mapping_version >= version:
        return state
    return replace(state, mapping_version=version, mapping_recorded_on=recorded_on)


def plan_updated(
    state: ChainState,
    *,
    municipality: str | None,
    version: int,
    end_goal: str | None,
    updated_at: datetime,
    norwegian_goal: str | None = None,
) -> ChainState:
    """A newer plan version replaces an older one; an older one arriving late only
    moves the date of the first plan earlier."""
    state = _adopt(state, municipality)
    first = updated_at if state.plan_first_at is None else min(state.plan_first_at, updated_at)
    state = replace(state, plan_first_at=first)
    if state.plan_version is not None and state.plan_version >= version:
        return state
    return replace(
        state,
        plan_version=version,
        plan_end_goal=end_goal,
        plan_norwegian_goal=norwegian_goal,
        plan_updated_at=updated_at,
    )


def _better(level: str, than: str | None) -> bool:
    if than is None:
        return True
    rank = {code: n for n, code in enumerate(CEFR_ORDER)}
    return rank.get(level, -1) > rank.get(than, -1)


def result_recorded(
    state: ChainState,
    *,
    municipality: str | None,
    test: str,
    taken_on: date,
    levels: dict[str, str],
    passed: bool | None,
) -> ChainState:
    """The best level per sub-test and whether social studies was ever passed: both
    are the same whatever order the results come in."""
    state = _adopt(state, municipality)
    best = dict(state.norwegian_levels)
    if test == "norwegian":
        for skill, level in levels.items():
            if _better(level, best.get(skill)):
                best[skill] = level
    passed_ever = state.social_studies_passed
    if test == "social_studies" and passed is not None:
        passed_ever = bool(passed_ever) or passed
    return replace(
        state,
        norwegian_levels=tuple(sorted(best.items())),
        last_test_on=_latest(state.last_test_on, taken_on),
        social_studies_passed=passed_ever,
    )


def outcome_recorded(
    state: ChainState, *, municipality: str | None, measured_at: str, status: str, status_on: date
) -> ChainState:
    """Per horizon, the latest status counts (on a tie, the larger code: deterministic)."""
    state = _adopt(state, municipality)
    new = Outcome(status, status_on)
    at_exit = measured_at == "at_exit"
    old = state.outcome_at_exit if at_exit else state.outcome_one_year_after
    if old is not None and (old.status_on, old.status) >= (new.status_on, new.status):
        return state
    if at_exit:
        return replace(state, outcome_at_exit=new)
    return replace(state, outcome_one_year_after=new)


def _with_consent(
    state: ChainState, consent_id: UUID, change: Callable[[Consent], Consent]
) -> ChainState:
    current = next((c for c in state.consents if c.consent_id == consent_id), None)
    participant = state.participant_id if isinstance(state.participant_id, UUID) else consent_id
    updated = change(current or Consent(consent_id=consent_id, participant_id=participant))
    others = [c for c in state.consents if c.consent_id != consent_id]
    ordered = sorted([*others, updated], key=lambda c: str(c.consent_id))
    return replace(state, consents=tuple(ordered))


def consent_granted(
    state: ChainState,
    *,
    municipality: str | None,
    consent_id: UUID,
    recipient_kind: str,
    recipient_id: str,
    purpose: str,
    granted_on: date,
    expires_on: date | None,
) -> ChainState:
    return _with_consent(
        _adopt(state, municipality),
        consent_id,
        lambda c: consent_model.granted(
            c,
            recipient_kind=recipient_kind,
            recipient_id=recipient_id,
            purpose=purpose,
            granted_on=granted_on,
            expires_on=expires_on,
        ),
    )


def consent_withdrawn(
    state: ChainState, *, municipality: str | None, consent_id: UUID, withdrawn_on: date
) -> ChainState:
    return _with_consent(
        _adopt(state, municipality),
        consent_id,
        lambda c: consent_model.withdrawn(c, withdrawn_on=withdrawn_on),
    )


# -- plan-service: reviews, meetings, actions, leave, moving away (decision 0003) ---------


def _keyed(items: tuple[_T, ...], new: _T, key: Callable[[_T], str]) -> tuple[_T, ...]:
    """``new`` merged into a set keyed by ``key``. Two versions of one id keep the larger
    (by their fields), so the result does not depend on the order they arrive in."""
    current = next((i for i in items if key(i) == key(new)), None)
    keep = new if current is None else max(current, new, key=_rank)
    others = [i for i in items if key(i) != key(new)]
    return tuple(sorted([*others, keep], key=key))


def _rank(item: object) -> tuple[str, ...]:
    return tuple(repr(v) for v in vars(item).values())


def plan_reviewed(
    state: ChainState,
    *,
    municipality: str | None,
    review_id: str,
    reviewed_on: date,
    plan_version: int,
    nav_present: bool,
    participant_acknowledged: bool | None,
    disagreement_recorded: bool | None,
    next_review_due: date | None,
) -> ChainState:
    review = PlanReview(
        review_id=review_id,
        reviewed_on=reviewed_on,
        plan_version=plan_version,
        nav_present=nav_present,
        participant_acknowledged=participant_acknowledged,
        disagreement_recorded=disagreement_recorded,
        next_review_due=next_review_due,
    )
    state = _adopt(state, municipality)
    return replace(state, reviews=_keyed(state.reviews, review, lambda r: r.review_id))


def meeting_held(
    state: ChainState,
    *,
    municipality: str | None,
    meeting_id: str,
    kind: str,
    held_on: date,
    nav_present: bool,
) -> ChainState:
    meeting = Meeting(meeting_id=meeting_id, kind=kind, held_on=held_on, nav_present=nav_present)
    state = _adopt(state, municipality)
    return replace(state, meetings=_keyed(state.meetings, meeting, lambda m: m.meeting_id))


def _action(state: ChainState, action_id: str) -> ActionLink:
    found = next((a for a in state.actions if a.action_id == action_id), None)
    return found or ActionLink(action_id=action_id)


def _with_action(state: ChainState, updated: ActionLink) -> ChainState:
    others = [a for a in state.actions if a.action_id != updated.action_id]
    return replace(state, actions=tuple(sorted([*others, updated], key=lambda a: a.action_id)))


def action_created(
    state: ChainState,
    *,
    municipality: str | None,
    action_id: str,
    meeting_id: str | None,
    owner_agency: str,
    owner_unit: str,
    responsibility: str | None,
    due_date: date,
    created_on: date,
) -> ChainState:
    """Fills in the action's creation; a completion seen before it stays."""
    state = _adopt(state, municipality)
    return _with_action(
        state,
        replace(
            _action(state, action_id),
            meeting_id=meeting_id,
            owner_agency=owner_agency,
            owner_unit=owner_unit,
            responsibility=responsibility,
            due_date=due_date,
            created_on=created_on,
        ),
    )


def action_completed(
    state: ChainState,
    *,
    municipality: str | None,
    action_id: str,
    outcome: str,
    completed_on: date,
) -> ChainState:
    """Closes the action, whether or not its creation has arrived yet. Of two
    completions the later one counts (on a tie, the larger outcome code)."""
    state = _adopt(state, municipality)
    current = _action(state, action_id)
    if current.completed_on is not None and (current.completed_on, current.outcome or "") >= (
        completed_on,
        outcome,
    ):
        return state
    return _with_action(state, replace(current, completed_on=completed_on, outcome=outcome))


def leave_granted(
    state: ChainState,
    *,
    municipality: str | None,
    leave_id: str,
    from_date: date,
    to_date: date,
) -> ChainState:
    leave = Leave(leave_id=leave_id, from_date=from_date, to_date=to_date)
    state = _adopt(state, municipality)
    return replace(state, leaves=_keyed(state.leaves, leave, lambda x: x.leave_id))


def participant_moved(
    state: ChainState,
    *,
    municipality: str | None,
    moved_on: date,
    from_municipality: str | None,
    to_municipality: str | None,
) -> ChainState:
    """The latest move counts (on a tie, the larger destination code)."""
    state = _adopt(state, municipality)
    new = (moved_on, to_municipality or "", from_municipality or "")
    if (
        state.moved_on is not None
        and (
            state.moved_on,
            state.moved_to or "",
            state.moved_from or "",
        )
        >= new
    ):
        return state
    return replace(state, moved_on=moved_on, moved_from=from_municipality, moved_to=to_municipality)


# -- placement-service --------------------------------------------------------------------


def _with_placement(state: ChainState, placement_id: str, **changes: object) -> ChainState:
    current = next((p for p in state.placements if p.placement_id == placement_id), None)
    updated = replace(current or PlacementLink(placement_id=placement_id), **changes)  # type: ignore[arg-type]
    others = [p for p in state.placements if p.placement_id != placement_id]
    return replace(
        state, placements=tuple(sorted([*others, updated], key=lambda p: p.placement_id))
    )


def _placement(state: ChainState, placement_id: str) -> PlacementLink:
    found = next((p for p in state.placements if p.placement_id == placement_id), None)
    return found or PlacementLink(placement_id=placement_id)


def placement_started(
    state: ChainState,
    *,
    municipality: str | None,
    placement_id: str,
    kind: str,
    sector: str,
    start_date: date,
    planned_end: date,
    flags: tuple[str, ...],
    created_by_municipality: bool | None = None,
) -> ChainState:
    return _with_placement(
        _adopt(state, municipality),
        placement_id,
        started_kind=kind,
        sector=sector,
        start_date=start_date,
        planned_end=planned_end,
        flags=tuple(sorted(set(flags))),
        created_by_municipality=created_by_municipality,
    )


def placement_kind_changed(
    state: ChainState,
    *,
    municipality: str | None,
    placement_id: str,
    from_kind: str,
    to_kind: str,
    effective_date: date,
) -> ChainState:
    state = _adopt(state, municipality)
    change = KindChange(effective_date, from_kind, to_kind)
    changes = set(_placement(state, placement_id).kind_changes) | {change}
    ordered = tuple(sorted(changes, key=lambda c: (c.effective_date, c.from_kind, c.to_kind)))
    return _with_placement(state, placement_id, kind_changes=ordered)


def placement_ended(
    state: ChainState,
    *,
    municipality: str | None,
    placement_id: str,
    kind: str,
    sector: str,
    actual_end: date,
    reason: str,
    next_step: str,
) -> ChainState:
    state = _adopt(state, municipality)
    return _with_placement(
        state,
        placement_id,
        ended_kind=kind,
        sector=_placement(state, placement_id).sector or sector,
        ended_on=actual_end,
        end_reason=reason,
        next_step=next_step,
    )


def participant_hired(
    state: ChainState, *, municipality: str | None, placement_id: str, hired_on: date
) -> ChainState:
    return _with_placement(_adopt(state, municipality), placement_id, hired_on=hired_on)


def nav_measure_linked(
    state: ChainState,
    *,
    municipality: str | None,
    placement_id: str,
    measure_type: str,
    role: str,
    period_from: date,
    period_to: date,
) -> ChainState:
    state = _adopt(state, municipality)
    measure = NavMeasure(measure_type, role, period_from, period_to)
    measures = set(_placement(state, placement_id).nav_measures) | {measure}
    ordered = tuple(sorted(measures, key=lambda m: (m.period_from, m.measure_type, m.role)))
    return _with_placement(state, placement_id, nav_measures=ordered)


# -- volunteer-service --------------------------------------------------------------------


def _with_match(state: ChainState, match_id: str, **changes: object) -> ChainState:
    current = next((m for m in state.matches if m.match_id == match_id), None)
    updated = replace(current or MatchLink(match_id=match_id), **changes)  # type: ignore[arg-type]
    others = [m for m in state.matches if m.match_id != match_id]
    return replace(state, matches=tuple(sorted([*others, updated], key=lambda m: m.match_id)))


def match_started(
    state: ChainState, *, municipality: str | None, match_id: str, role: str, started_on: date
) -> ChainState:
    return _with_match(_adopt(state, municipality), match_id, role=role, started_on=started_on)


def match_ended(
    state: ChainState,
    *,
    municipality: str | None,
    match_id: str,
    role: str,
    ended_on: date,
    was_started: bool,
) -> ChainState:
    return _with_match(
        _adopt(state, municipality), match_id, role=role, ended_on=ended_on, was_started=was_started
    )


def attendance_recorded(
    state: ChainState, *, municipality: str | None, attended_on: date, present: bool
) -> ChainState:
    """Counts sessions attended; each event is applied once (processed-events table), and
    a count is the same in any order."""
    state = _adopt(state, municipality)
    if not present:
        return state
    return replace(
        state,
        sessions_attended=state.sessions_attended + 1,
        first_attended_on=_earliest(state.first_attended_on, attended_on),
        last_attended_on=_latest(state.last_attended_on, attended_on),
    )


# -- the links and the next step -----------------------------------------------------------


class LinkStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Link:
    responsibility: Responsibility
    status: LinkStatus
    started_on: date | None = None
    ended_on: date | None = None
    count: int = 0


def _placement_link(responsibility: Responsibility, placements: list[PlacementLink]) -> Link:
    if not placements:
        return Link(responsibility, LinkStatus.NOT_STARTED)
    starts = [p.start_date for p in placements if p.start_date is not None]
    ends = [p.ended_on for p in placements if p.ended_on is not None]
    running = any(not p.ended for p in placements)
    return Link(
        responsibility,
        LinkStatus.IN_PROGRESS if running else LinkStatus.DONE,
        min(starts) if starts else None,
        None if running or not ends else max(ends),
        len(placements),
    )


def _date_of(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


def links(state: ChainState) -> list[Link]:
    """The state of every link of the chain, in chain order."""
    r, s = Responsibility, LinkStatus
    ended = state.programme_end_date

    def done_if(day: date | None, responsibility: Responsibility, count: int = 0) -> Link:
        return (
            Link(responsibility, s.DONE, day, day, count)
            if day
            else Link(responsibility, s.NOT_STARTED)
        )

    by_responsibility: dict[Responsibility, list[PlacementLink]] = {}
    for placement in state.placements:
        by_responsibility.setdefault(placement.responsibility, []).append(placement)
    nav_placements = [p for p in state.placements if p.involves_nav]

    if state.programme_start is None:
        norwegian = Link(r.NORWEGIAN_TRAINING, s.NOT_STARTED)
    else:
        norwegian = Link(
            r.NORWEGIAN_TRAINING,
            s.DONE if ended else s.IN_PROGRESS,
            state.programme_start,
            ended or state.last_test_on,
            len(state.norwegian_levels),
        )

    ran = [m for m in state.matches if m.ran]
    if any(m.running for m in ran) or state.sessions_attended:
        social_status = s.IN_PROGRESS
    else:
        social_status = s.DONE if ran else s.NOT_STARTED
    social_starts = [m.started_on for m in ran if m.started_on] + (
        [state.first_attended_on] if state.first_attended_on else []
    )
    social = Link(
        r.SOCIAL_NETWORK,
        social_status,
        min(social_starts) if social_starts else None,
        state.last_attended_on,
        len(ran) + state.sessions_attended,
    )

    continuing = (
        [m.period_from for p in state.placements for m in p.nav_measures if m.role == "continues"]
        + [p.hired_on for p in state.placements if p.hired_on]
        + [m.held_on for m in state.meetings if m.kind == TRANSITION_DIALOGUE]
    )
    if ended:
        transition = Link(r.TRANSITION, s.DONE, min(continuing, default=None), ended)
    elif continuing:
        transition = Link(r.TRANSITION, s.IN_PROGRESS, min(continuing))
    else:
        transition = Link(r.TRANSITION, s.NOT_STARTED)

    if state.outcome_one_year_after is not None:
        follow_up = Link(r.FOLLOW_UP, s.DONE, ended, state.outcome_one_year_after.status_on)
    elif ended is not None:
        follow_up = Link(r.FOLLOW_UP, s.IN_PROGRESS, ended)
    else:
        follow_up = Link(r.FOLLOW_UP, s.NOT_STARTED)

    plan = (
        Link(
            r.PLAN,
            s.DONE,
            _date_of(state.plan_first_at),
            _latest(_date_of(state.plan_updated_at), state.last_reviewed_on),
            state.plan_version or 0,
        )
        if state.plan_version
        else Link(r.PLAN, s.NOT_STARTED)
    )
    return [
        done_if(state.settlement_date, r.SETTLEMENT),
        done_if(state.mapping_recorded_on, r.MAPPING, state.mapping_version or 0),
        plan,
        norwegian,
        _placement_link(r.LANGUAGE_PRACTICE, by_responsibility.get(r.LANGUAGE_PRACTICE, [])),
        _placement_link(r.WORK_PRACTICE, by_responsibility.get(r.WORK_PRACTICE, [])),
        _placement_link(r.NAV_MEASURES, nav_placements),
        social,
        transition,
        done_if(ended, r.EXIT),
        follow_up,
    ]


def next_step(state: ChainState) -> Responsibility | None:
    """The responsibility whose owner acts next: the first missing link of the main
    chain (the social network runs alongside and is watched by the gap rules)."""
    r = Responsibility
    if state.moved_on is not None:
        return None  # moved away: the new municipality takes over
    if state.settlement_date is None:
        return r.SETTLEMENT
    if state.programme_end_date is not None:
        return None if state.outcome_one_year_after is not None else r.FOLLOW_UP
    if state.mapping_version is None:
        return r.MAPPING
    if not state.plan_version:
        return r.PLAN
    kinds = {p.responsibility for p in state.placements}
    if r.LANGUAGE_PRACTICE not in kinds:
        return r.LANGUAGE_PRACTICE
    if r.WORK_PRACTICE not in kinds and not state.has_nav_measure:
        return r.WORK_PRACTICE
    if not state.has_nav_measure:
        return r.NAV_MEASURES
    return r.TRANSITION
