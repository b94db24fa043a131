"""The chain across the year and past the programme (issue 16): the latest week of the
participant's timetable checked against full time, the transition checklist, and the
hand-overs to receiving units with their acknowledgement.

Plain Python. As every transition of the chain, each function only keeps the newest
version of a fact or merges into a set keyed by an id, so the state is the same
whatever order the events arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reporting_service.domain.chain.parts import latest
from reporting_service.domain.chain.state import ChainState
from reporting_service.domain.chain.transitions import _adopt, replace


@dataclass(frozen=True)
class TimetableWeek:
    """The latest week of the timetable checked (``helhet.timetable_week.checked.v1``);
    ``checked_at`` orders two checks of the same week."""

    week_start: date
    minutes: int
    required_minutes: int
    full_time: bool
    checked_at: datetime

    @property
    def order(self) -> tuple[date, datetime]:
        return (self.week_start, self.checked_at)


@dataclass(frozen=True)
class TransitionLink:
    """The transition checklist as last set."""

    nav_dialogue_held_on: date | None
    next_step: str | None
    receiving_kind: str | None
    complete: bool
    updated_on: date
    at: datetime

    @property
    def order(self) -> tuple[date, datetime]:
        return (self.updated_on, self.at)


@dataclass(frozen=True)
class HandOverLink:
    """A hand-over to a receiving unit, and its acknowledgement (either event may come
    first)."""

    hand_over_id: str
    receiving_kind: str | None = None
    created_on: date | None = None
    acknowledged_on: date | None = None
    follow_up_owner: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_on is not None


def timetable_week_checked(
    state: ChainState,
    *,
    municipality: str | None,
    week_start: date,
    minutes: int,
    required_minutes: int,
    full_time: bool,
    checked_at: datetime,
) -> ChainState:
    """Keeps the latest week (a later check of the same week replaces it)."""
    state = _adopt(state, municipality)
    week = TimetableWeek(week_start, minutes, required_minutes, full_time, checked_at)
    current = state.timetable_week
    if current is not None and current.order >= week.order:
        return state
    return replace(state, timetable_week=week)


def transition_updated(
    state: ChainState,
    *,
    municipality: str | None,
    nav_dialogue_held_on: date | None,
    next_step: str | None,
    receiving_kind: str | None,
    complete: bool,
    updated_on: date,
    at: datetime,
) -> ChainState:
    """Keeps the checklist as last set."""
    state = _adopt(state, municipality)
    link = TransitionLink(nav_dialogue_held_on, next_step, receiving_kind, complete, updated_on, at)
    current = state.transition
    if current is not None and current.order >= link.order:
        return state
    return replace(state, transition=link)


def _merge(state: ChainState, link: HandOverLink) -> ChainState:
    found = {h.hand_over_id: h for h in state.hand_overs}
    before = found.get(link.hand_over_id)
    if before is not None:
        link = HandOverLink(
            link.hand_over_id,
            link.receiving_kind or before.receiving_kind,
            link.created_on or before.created_on,
            latest(before.acknowledged_on, link.acknowledged_on),
            link.follow_up_owner or before.follow_up_owner,
        )
    found[link.hand_over_id] = link
    return replace(state, hand_overs=tuple(found[k] for k in sorted(found)))


def hand_over_created(
    state: ChainState,
    *,
    municipality: str | None,
    hand_over_id: str,
    receiving_kind: str,
    created_on: date,
) -> ChainState:
    state = _adopt(state, municipality)
    return _merge(state, HandOverLink(hand_over_id, receiving_kind, created_on))


def hand_over_acknowledged(
    state: ChainState,
    *,
    municipality: str | None,
    hand_over_id: str,
    receiving_kind: str,
    acknowledged_on: date,
    follow_up_owner: str,
) -> ChainState:
    state = _adopt(state, municipality)
    return _merge(
        state,
        HandOverLink(
            hand_over_id,
            receiving_kind,
            acknowledged_on=acknowledged_on,
            follow_up_owner=follow_up_owner,
        ),
    )
