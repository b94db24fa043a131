"""The links of a participant's chain (settlement to follow-up), each with its status,
and the next step: the responsibility whose owner acts next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from reporting_service.domain.chain.parts import TRANSITION_DIALOGUE, PlacementLink, latest
from reporting_service.domain.organisation import Responsibility

if TYPE_CHECKING:
    from reporting_service.domain.chain.state import ChainState


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
        # the transition checklist's NAV dialogue, and the hand-overs (issue 16)
        + [d for d in [state.transition and state.transition.nav_dialogue_held_on] if d]
        + [h.created_on for h in state.hand_overs if h.created_on]
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
            latest(_date_of(state.plan_updated_at), state.last_reviewed_on),
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
