"""Outcome cohorts: the share in work or education by exit year (at exit, IMDi's
measure; one year after, SSB's) and by years since settlement (1 to 5, the yearly
follow-up), each split by the coarse gender, against the national targets.

Plain Python over the chains, as ``kpis``; the exact definitions are in
``docs/kpis.md`` ("Outcome cohorts"). Small groups are suppressed as everywhere
(``domain/suppression.py``): a cell of 1 to 4 persons is never shown, nor a cell that
would let someone compute one from the margins. The exit-year tables are additive (one
person, one exit year), so each measure is one table of gender groups by exit years
with margins. The years since settlement are not (a person has a status in several
years): each year is protected alone, as gender groups with their total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reporting_service.domain.chain import ChainState
from reporting_service.domain.chain.follow_up import FOLLOW_UP_YEARS, gender_of
from reporting_service.domain.kpis import WORK_OR_EDUCATION, _left_before_exit
from reporting_service.domain.suppression import Key, protect

__all__ = ["FOLLOW_UP_YEARS", "CohortReport", "CohortValue", "report"]

ALL = "*"
# The gender groups shown: other and unknown together (both small, and unknown is not a
# gender anyone chose).
GROUPS = (ALL, "female", "male", "other_or_unknown")
AT_EXIT_TARGET = 0.55  # report-004 §5.1: 55 % directly after the programme
ONE_YEAR_TARGET = 0.70  # report-004 §5.1: 70 % one year after, the national goal
TARGET_SOURCE = "report-004 §5.1 (national targets, BLD allocation letters)"
NOT_COUNTED = frozenset({"moved_away"})  # a yearly status outside the denominator


def group_of(state: ChainState) -> str:
    gender = gender_of(state)
    return gender if gender in ("female", "male") else "other_or_unknown"


@dataclass(frozen=True)
class Counted:
    """One person in one measure: their group, the column (exit year or years since
    settlement) and whether they were in work or education."""

    person: object
    group: str
    column: str
    hit: bool


@dataclass(frozen=True, kw_only=True)
class CohortValue:
    """A share for one group and column; all None when ``suppressed``."""

    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    target: float | None
    meets_target: bool | None


@dataclass(frozen=True)
class CohortReport:
    municipality: str
    as_of: date
    exit_years: tuple[int, ...]  # oldest first
    # (group, exit year or ALL) -> value
    at_exit: Mapping[tuple[str, str], CohortValue]
    one_year_after: Mapping[tuple[str, str], CohortValue]
    # (group, years since settlement as text "1".."5") -> value
    years_since_settlement: Mapping[tuple[str, str], CohortValue]


def _exit_measure(states: Iterable[ChainState], horizon: str, today: date) -> list[Counted]:
    found = []
    for state in states:
        end = state.programme_end_date
        outcome = state.outcome_at_exit if horizon == "at_exit" else state.outcome_one_year_after
        if end is None or outcome is None or _left_before_exit(state):
            continue
        if (end if horizon == "at_exit" else outcome.status_on) > today:
            continue
        found.append(
            Counted(
                state.participant_id,
                group_of(state),
                str(end.year),
                outcome.status in WORK_OR_EDUCATION,
            )
        )
    return found


def _yearly(states: Iterable[ChainState], today: date) -> list[Counted]:
    return [
        Counted(state.participant_id, group_of(state), str(f.years), f.status in WORK_OR_EDUCATION)
        for state in states
        for f in state.follow_up
        if f.status not in NOT_COUNTED and f.status_on <= today
    ]


def _cells(counted: Sequence[Counted]) -> dict[Key, list[Counted]]:
    cells: dict[Key, list[Counted]] = {}
    for c in counted:
        for key in ((c.group, c.column), (c.group, ALL), (ALL, c.column), (ALL, ALL)):
            cells.setdefault(key, []).append(c)
    return cells


def _value(found: Sequence[Counted], hidden: bool, target: float | None) -> CohortValue:
    if hidden or not found:
        return CohortValue(
            value=None,
            numerator=None,
            denominator=None if hidden else 0,
            suppressed=hidden,
            target=target,
            meets_target=None,
        )
    hits = sum(1 for c in found if c.hit)
    value = round(hits / len(found), 4)
    return CohortValue(
        value=value,
        numerator=hits,
        denominator=len(found),
        suppressed=False,
        target=target,
        meets_target=None if target is None else value >= target,
    )


def _by_exit_year(
    counted: Sequence[Counted], years: Sequence[str], target: float
) -> dict[tuple[str, str], CohortValue]:
    cells = _cells(counted)
    columns = (ALL, *years)
    persons = {k: len({c.person for c in v}) for k, v in cells.items()}
    published = {(g, c) for g in GROUPS for c in columns}
    hidden = protect(persons, GROUPS, columns, published)
    return {k: _value(cells.get(k, []), k in hidden, target) for k in published}


def _by_years_since_settlement(counted: Sequence[Counted]) -> dict[tuple[str, str], CohortValue]:
    """Each year alone: the gender groups and their total, with the complementary
    suppression of a split (the inner column repeats the total, unpublished)."""
    values: dict[tuple[str, str], CohortValue] = {}
    for years in FOLLOW_UP_YEARS:
        column = str(years)
        found = [c for c in counted if c.column == column]
        cells = _cells(found)
        persons: dict[Key, int] = {}
        for group in GROUPS:
            n = len({c.person for c in cells.get((group, ALL), [])})
            persons[(group, ALL)] = persons[(group, column)] = n
        published = {(g, ALL) for g in GROUPS}
        hidden = protect(persons, GROUPS, (ALL, column), published)
        for group in GROUPS:
            values[(group, column)] = _value(
                cells.get((group, ALL), []), (group, ALL) in hidden, None
            )
    return values


def report(states: Sequence[ChainState], *, municipality: str, today: date) -> CohortReport:
    at_exit = _exit_measure(states, "at_exit", today)
    one_year = _exit_measure(states, "one_year_after", today)
    years = sorted({c.column for c in (*at_exit, *one_year)})
    return CohortReport(
        municipality=municipality,
        as_of=today,
        exit_years=tuple(int(y) for y in years),
        at_exit=_by_exit_year(at_exit, years, AT_EXIT_TARGET),
        one_year_after=_by_exit_year(one_year, years, ONE_YEAR_TARGET),
        years_since_settlement=_by_years_since_settlement(_yearly(states, today)),
    )
