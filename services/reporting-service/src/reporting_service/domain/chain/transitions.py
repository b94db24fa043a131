"""What each event does to a chain: one pure function per event, ``(state, *, facts) ->
state``.

Each transition only fills in facts, keeps the newest version of a versioned fact, or
merges into a set keyed by the placement, match, consent, review, meeting, action or
leave id, so the state is the same whatever order the events arrive in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from helhet_common.consent import model as consent_model
from helhet_common.consent.model import Consent
from reporting_service.domain.chain.parts import (
    CEFR_ORDER,
    ActionLink,
    KindChange,
    Leave,
    MatchLink,
    Meeting,
    NavMeasure,
    Outcome,
    PlacementLink,
    PlanReview,
    earliest,
    latest,
)
from reporting_service.domain.chain.state import ChainState

_T = TypeVar("_T")
_FIELDS: dict[type, frozenset[str]] = {}


def replace(obj: _T, /, **changes: Any) -> _T:
    """``dataclasses.replace`` for the chain's frozen dataclasses, without running
    ``__init__`` again: the instance's attributes are copied and the changes set over
    them. The same result for these classes (no ``__post_init__``, no slots, no
    defaults computed from other fields), about four times cheaper on the 40-field
    ``ChainState``, which every event copies."""
    cls = type(obj)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)}")
    new = object.__new__(cls)
    attributes = new.__dict__
    attributes.update(obj.__dict__)
    attributes.update(changes)
    return new


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
        last_test_on=latest(state.last_test_on, taken_on),
        social_studies_passed=passed_ever,
    )


def outcome_recorded(
    state: ChainState, *, municipality: str | None, measured_at: str, status: str, status_on: date
) -> ChainState:
    """Per horizon, the latest status counts (on a tie, the larger code: deterministic).
    The yearly follow-up after settlement (``year_n``) is not a horizon of the chain."""
    if measured_at not in ("at_exit", "one_year_after"):
        return state
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
    updated = replace(current or PlacementLink(placement_id=placement_id), **changes)
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
    updated = replace(current or MatchLink(match_id=match_id), **changes)
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
        first_attended_on=earliest(state.first_attended_on, attended_on),
        last_attended_on=latest(state.last_attended_on, attended_on),
    )
