"""The year-round parts of a ``ChainState`` to and from their ``participant_chain``
columns (JSON): the latest timetable week checked, the transition checklist, the
hand-overs (``domain/chain/year.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from reporting_service.domain.chain import ChainState
from reporting_service.domain.chain.year import HandOverLink, TimetableWeek, TransitionLink

COLUMNS = ["timetable_week", "transition", "hand_overs"]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_row(state: ChainState) -> dict[str, Any]:
    week, transition = state.timetable_week, state.transition
    return {
        "timetable_week": None
        if week is None
        else {
            "week_start": week.week_start.isoformat(),
            "minutes": week.minutes,
            "required_minutes": week.required_minutes,
            "full_time": week.full_time,
            "checked_at": week.checked_at.isoformat(),
        },
        "transition": None
        if transition is None
        else {
            "nav_dialogue_held_on": _iso(transition.nav_dialogue_held_on),
            "next_step": transition.next_step,
            "receiving_kind": transition.receiving_kind,
            "complete": transition.complete,
            "updated_on": transition.updated_on.isoformat(),
            "at": transition.at.isoformat(),
        },
        "hand_overs": [
            {
                "hand_over_id": h.hand_over_id,
                "receiving_kind": h.receiving_kind,
                "created_on": _iso(h.created_on),
                "acknowledged_on": _iso(h.acknowledged_on),
                "follow_up_owner": h.follow_up_owner,
            }
            for h in state.hand_overs
        ],
    }


def from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The ``ChainState`` fields of these columns (absent columns: none known)."""
    week, transition = row.get("timetable_week"), row.get("transition")
    return {
        "timetable_week": None
        if not week
        else TimetableWeek(
            week_start=date.fromisoformat(week["week_start"]),
            minutes=week["minutes"],
            required_minutes=week["required_minutes"],
            full_time=week["full_time"],
            checked_at=datetime.fromisoformat(week["checked_at"]),
        ),
        "transition": None
        if not transition
        else TransitionLink(
            nav_dialogue_held_on=_day(transition.get("nav_dialogue_held_on")),
            next_step=transition.get("next_step"),
            receiving_kind=transition.get("receiving_kind"),
            complete=transition["complete"],
            updated_on=date.fromisoformat(transition["updated_on"]),
            at=datetime.fromisoformat(transition["at"]),
        ),
        "hand_overs": tuple(
            HandOverLink(
                hand_over_id=h["hand_over_id"],
                receiving_kind=h.get("receiving_kind"),
                created_on=_day(h.get("created_on")),
                acknowledged_on=_day(h.get("acknowledged_on")),
                follow_up_owner=h.get("follow_up_owner"),
            )
            for h in row.get("hand_overs") or ()
        ),
    }
