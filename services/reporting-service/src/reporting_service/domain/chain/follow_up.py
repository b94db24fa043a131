"""The chain for statistics and the follow-up after the programme (issue 16, decision
0020): the coarse gender, the yearly status up to five years after settlement, and the
ledger's recent days for the invalid-absence share.

Plain Python. As every transition of the chain, each function keeps the newest version
of a fact or merges into a set keyed by an id, so the state is the same whatever order
the events arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reporting_service.domain.chain.state import ChainState
from reporting_service.domain.chain.transitions import _adopt, replace

GENDERS = ("female", "male", "other", "unknown")
FOLLOW_UP_YEARS = range(1, 6)
# The ledger's days kept: those within this many days of the newest entry (the
# invalid-absence rule looks at the last four weeks; a correction is in the same month).
LEDGER_DAYS_KEPT = 92
INVALID_EFFECT = "reduces"  # what an invalid absence does to the benefit (docs/benefit.md)


@dataclass(frozen=True)
class Gender:
    """The coarse gender and where it came from: the settlement (rank 0) or a later
    ``gender_set`` (rank 1). The latest by date counts; on the same day the later kind,
    then the larger code (deterministic)."""

    code: str
    on: date
    rank: int

    @property
    def order(self) -> tuple[date, int, str]:
        return (self.on, self.rank, self.code)


@dataclass(frozen=True)
class FollowUpYear:
    """The status n years after settlement (``year_n``), as last recorded."""

    years: int
    status: str
    status_on: date
    still_in_municipality: bool | None = None


@dataclass(frozen=True)
class LedgerDay:
    """One ledger entry: minutes of attendance or absence, invalid or not, and the entry
    it corrects (which then no longer counts)."""

    entry_id: str
    entry_date: date
    minutes: int
    absence: bool
    invalid: bool
    corrects: str | None = None


def gender_of(state: ChainState) -> str:
    """The participant's coarse gender; ``unknown`` when never given."""
    gender = state.gender
    return gender.code if gender is not None and gender.code in GENDERS else "unknown"


def gender_recorded(
    state: ChainState, *, municipality: str | None, gender: str | None, on: date, rank: int
) -> ChainState:
    """Keeps the latest gender (a settled event without one changes nothing)."""
    if gender is None:
        return state
    state = _adopt(state, municipality)
    new = Gender(gender, on, rank)
    if state.gender is not None and state.gender.order >= new.order:
        return state
    return replace(state, gender=new)


def follow_up_recorded(
    state: ChainState,
    *,
    municipality: str | None,
    years: int | None,
    status: str,
    status_on: date,
    still_in_municipality: bool | None,
) -> ChainState:
    """Per year after settlement, the latest status counts (on a tie, the larger code)."""
    if years is None or years not in FOLLOW_UP_YEARS:
        return state
    state = _adopt(state, municipality)
    found = {f.years: f for f in state.follow_up}
    old = found.get(years)
    if old is not None and (old.status_on, old.status) >= (status_on, status):
        return state
    found[years] = FollowUpYear(years, status, status_on, still_in_municipality)
    return replace(state, follow_up=tuple(found[k] for k in sorted(found)))


def ledger_entry_recorded(
    state: ChainState,
    *,
    municipality: str | None,
    entry_id: str,
    kind: str,
    entry_date: date,
    minutes: int,
    code: str | None,
    effect: str | None,
    corrects: str | None,
) -> ChainState:
    """Adds the entry and keeps the days within ``LEDGER_DAYS_KEPT`` of the newest one
    (the same set whatever order the entries come in)."""
    state = _adopt(state, municipality)
    absence = kind == "absence"
    invalid = absence and (effect == INVALID_EFFECT or (effect is None and code == "ugyldig"))
    days = {d.entry_id: d for d in state.ledger}
    days[entry_id] = LedgerDay(entry_id, entry_date, minutes, absence, invalid, corrects)
    newest = max(d.entry_date for d in days.values())
    oldest = newest - timedelta(days=LEDGER_DAYS_KEPT)
    kept = sorted(
        (d for d in days.values() if d.entry_date >= oldest),
        key=lambda d: (d.entry_date, d.entry_id),
    )
    return replace(state, ledger=tuple(kept))


def invalid_absence(state: ChainState, first: date, last: date) -> tuple[int, int]:
    """(invalid absence minutes, all minutes recorded) from ``first`` to ``last``,
    over the entries no later entry corrects."""
    corrected = {d.corrects for d in state.ledger if d.corrects}
    invalid = total = 0
    for day in state.ledger:
        if day.entry_id in corrected or not first <= day.entry_date <= last:
            continue
        total += day.minutes
        if day.invalid:
            invalid += day.minutes
    return invalid, total
