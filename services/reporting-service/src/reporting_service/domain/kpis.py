"""Key performance indicators per municipality, unit and exit cohort.

Plain Python. Each KPI is declared once (``KPIS``): an id, a label in Norwegian and
English, what it measures (a share, a median number of days, or a count), its target
with the source of the target, and a function that turns one participant's
``ChainState`` into the KPI's *items*: the things it counts (a participant who exited, a
placement that ended, a review deadline), each with the person, the day that places it
in time, the person's exit cohort and the responsibility whose owner answers for it.
Every figure is then a sum over items, so one definition gives the report for the whole
municipality, for one unit, for one exit cohort and for a month's trend alike. The exact
definitions, in prose, are in ``docs/kpis.md``.

Small groups are suppressed (``domain/suppression.py``): a cell with 1 to 4 persons is
never shown, nor are cells that would let someone compute a hidden one; a trend point
is hidden also when it differs from the previous shown point by 1 to 4 persons.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from helhet_common.domain_errors import NotFound
from reporting_service.domain import alerts as gap_rules
from reporting_service.domain.alerts import add_months
from reporting_service.domain.chain import CEFR_ORDER, ChainState
from reporting_service.domain.organisation import OrganisationModel, Responsibility
from reporting_service.domain.suppression import MIN_GROUP, Key, is_small, protect


class Measure(StrEnum):
    SHARE = "share"  # numerator / denominator, 0..1
    DAYS = "days"  # the median number of days
    COUNT = "count"  # how many


class Direction(StrEnum):
    HIGHER = "higher"  # at or above the target meets it
    LOWER = "lower"  # at or below the target meets it


UnitCode = Literal["share", "days", "count"]
DirectionCode = Literal["higher", "lower"]
UNIT_CODES: dict[Measure, UnitCode] = {
    Measure.SHARE: "share",
    Measure.DAYS: "days",
    Measure.COUNT: "count",
}
DIRECTION_CODES: dict[Direction, DirectionCode] = {
    Direction.HIGHER: "higher",
    Direction.LOWER: "lower",
}


class UnknownKpi(NotFound):
    """No KPI has this id."""

    code = "unknown-kpi"

    def __init__(self, kpi_id: str) -> None:
        super().__init__(f"No KPI {kpi_id!r}.")
        self.kpi_id = kpi_id


class UnknownUnit(NotFound):
    """The municipality's organisation model names no such unit."""

    code = "unknown-unit"

    def __init__(self, unit: str) -> None:
        super().__init__(f"No unit {unit!r} in your municipality's organisation model.")
        self.unit = unit


# -- what a KPI counts ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing a KPI counts. ``key`` is unique within the KPI; ``on`` places it in time
    (trend windows; items after the report day are left out); ``cohort`` is the person's
    exit year (None: not exited); ``responsibility`` is whose it is (None: the programme
    owner, who answers for the programme's results)."""

    key: str
    person: object
    on: date
    cohort: int | None
    responsibility: Responsibility | None
    hit: bool = False  # in the numerator (shares), or counted (counts)
    days: int | None = None  # the measured days (medians)


@dataclass(frozen=True)
class Context:
    """What the definitions need besides the chain: the day, and the municipality's
    thresholds of the gap rules the KPIs share (review interval, network horizon)."""

    today: date
    review_months: int = 6
    network_months: int = 3
    hand_over_days: int = 14

    @classmethod
    def of(cls, model: OrganisationModel | None, today: date) -> Context:
        rules = gap_rules.RULES_BY_ID
        return cls(
            today=today,
            review_months=rules[gap_rules.PLAN_NOT_REVIEWED].threshold(model),
            network_months=rules[gap_rules.SINGLE_WITHOUT_NETWORK].threshold(model),
            hand_over_days=rules[gap_rules.HAND_OVER_NOT_ACKNOWLEDGED].threshold(model),
        )


Extract = Callable[[ChainState, Context], Iterable[Item]]


@dataclass(frozen=True)
class KpiDefinition:
    id: str
    label: Mapping[str, str]  # nb, en
    measure: Measure
    responsibilities: tuple[Responsibility | None, ...]
    extract: Extract
    target: float | None = None
    target_source: str | None = None
    direction: Direction = Direction.HIGHER
    source_events: tuple[str, ...] = ()


# -- the published values -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class KpiValue:
    """One KPI for one group. When ``suppressed`` the value, numerator and denominator
    are all None: the group is too small to show, or showing it would reveal one that is.
    Shares are fractions (0.7 is 70 %); days are a median; counts are whole numbers."""

    id: str
    label: Mapping[str, str]
    unit: UnitCode
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    target: float | None
    meets_target: bool | None
    direction: DirectionCode = "higher"
    target_source: str | None = None
    owner_unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class TrendPoint(KpiValue):
    """The KPI over the twelve months ending with ``month`` (its first day); the current
    month counts up to the report day."""

    month: date
    period_start: date
    period_end: date


@dataclass(frozen=True, kw_only=True)
class KpiReport:
    municipality: str
    unit: str | None
    cohort: int | None
    as_of: date
    kpis: tuple[KpiValue, ...]
    cohorts: tuple[int, ...] = ()  # exit years with at least one exit, newest first
    units: tuple[str, ...] = ()  # units that answer for at least one KPI

    def kpi(self, kpi_id: str) -> KpiValue:
        for value in self.kpis:
            if value.id == kpi_id:
                return value
        raise UnknownKpi(kpi_id)


# -- helpers over a chain -----------------------------------------------------------------

WORK_OR_EDUCATION = frozenset({"work", "education"})
RANK = {level: n for n, level in enumerate(CEFR_ORDER)}


def _exit_year(state: ChainState) -> int | None:
    return state.programme_end_date.year if state.programme_end_date is not None else None


def _left_before_exit(state: ChainState) -> bool:
    """Moved away before the programme ended here: the outcome is the new municipality's."""
    if state.programme_end_reason == "moved":
        return True
    end = state.programme_end_date
    return state.moved_on is not None and (end is None or state.moved_on <= end)


def _pid(state: ChainState) -> str:
    return str(state.participant_id)


# -- the definitions ----------------------------------------------------------------------


def _outcome(horizon: str) -> Extract:
    def extract(state: ChainState, ctx: Context) -> Iterator[Item]:
        end = state.programme_end_date
        outcome = state.outcome_at_exit if horizon == "at_exit" else state.outcome_one_year_after
        if end is None or outcome is None or _left_before_exit(state):
            return
        yield Item(
            key=_pid(state),
            person=state.participant_id,
            on=end if horizon == "at_exit" else outcome.status_on,
            cohort=end.year,
            responsibility=None,
            hit=outcome.status in WORK_OR_EDUCATION,
        )

    return extract


def _subtest_at_least(skill: str, level: str) -> Extract:
    def extract(state: ChainState, ctx: Context) -> Iterator[Item]:
        best = dict(state.norwegian_levels).get(skill)
        if best is None or state.last_test_on is None:
            return
        yield Item(
            key=_pid(state),
            person=state.participant_id,
            on=state.last_test_on,
            cohort=_exit_year(state),
            responsibility=Responsibility.NORWEGIAN_TRAINING,
            hit=RANK.get(best, -1) >= RANK[level],
        )

    return extract


def _social_studies(state: ChainState, ctx: Context) -> Iterator[Item]:
    if state.social_studies_passed is None or state.last_test_on is None:
        return
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=state.last_test_on,
        cohort=_exit_year(state),
        responsibility=Responsibility.NORWEGIAN_TRAINING,
        hit=state.social_studies_passed,
    )


def _norwegian_goal(state: ChainState, ctx: Context) -> Iterator[Item]:
    end, goal = state.programme_end_date, state.plan_norwegian_goal
    if end is None or goal not in RANK or _left_before_exit(state):
        return
    levels = [level for _, level in state.norwegian_levels]
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=end,
        cohort=end.year,
        responsibility=Responsibility.NORWEGIAN_TRAINING,
        hit=bool(levels) and all(RANK.get(level, -1) >= RANK[goal] for level in levels),
    )


def _placement_to_job(state: ChainState, ctx: Context) -> Iterator[Item]:
    for p in state.placements:
        if p.ended_on is None:
            continue
        yield Item(
            key=p.placement_id,
            person=state.participant_id,
            on=p.ended_on,
            cohort=_exit_year(state),
            responsibility=p.responsibility,
            hit=p.end_reason == "hired" or p.hired_on is not None,
        )


def _within_wishes(state: ChainState, ctx: Context) -> Iterator[Item]:
    for p in state.placements:
        if p.start_date is None:  # the start carries the wishes flag
            continue
        yield Item(
            key=p.placement_id,
            person=state.participant_id,
            on=p.start_date,
            cohort=_exit_year(state),
            responsibility=p.responsibility,
            hit=not p.outside_wishes,
        )


def _municipal_jobs(state: ChainState, ctx: Context) -> Iterator[Item]:
    for p in state.placements:
        if p.start_date is None:
            continue
        if p.started_kind == "municipal_job":
            on = p.start_date
        else:
            changes = [c.effective_date for c in p.kind_changes if c.to_kind == "municipal_job"]
            if not changes:
                continue
            on = min(changes)
        yield Item(
            key=p.placement_id,
            person=state.participant_id,
            on=on,
            cohort=_exit_year(state),
            responsibility=p.responsibility,
            hit=True,
        )


def _created_by_municipality(state: ChainState, ctx: Context) -> Iterator[Item]:
    for p in state.placements:
        if p.start_date is None or not p.created_by_municipality:
            continue
        yield Item(
            key=p.placement_id,
            person=state.participant_id,
            on=p.start_date,
            cohort=_exit_year(state),
            responsibility=p.responsibility,
            hit=True,
        )


def _days_to_programme(state: ChainState, ctx: Context) -> Iterator[Item]:
    settled, started = state.settlement_date, state.programme_start
    if settled is None or started is None:
        return
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=started,
        cohort=_exit_year(state),
        responsibility=None,
        days=(started - settled).days,
    )


def _days_to_plan(state: ChainState, ctx: Context) -> Iterator[Item]:
    settled, planned = state.settlement_date, state.plan_first_on
    if settled is None or planned is None:
        return
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=planned,
        cohort=_exit_year(state),
        responsibility=Responsibility.PLAN,
        days=(planned - settled).days,
    )


def review_deadlines(state: ChainState, ctx: Context) -> Iterator[Item]:
    """A deadline falls N months after the first plan, and then N months after the
    review that met the previous one; a deadline is met by a review on or before it.
    After a missed deadline the next falls N months after the late review (the clock the
    plan-not-reviewed alert runs on: one missed deadline, one alert). Deadlines count
    while the programme runs here: up to its end, the move away, and the report day."""
    first = state.plan_first_on
    if first is None or not state.plan_version:
        return
    stop = min(d for d in (ctx.today, state.programme_end_date, state.moved_on) if d is not None)
    reviews = sorted({r.reviewed_on for r in state.reviews})
    baseline = first
    while True:
        due = add_months(baseline, ctx.review_months)
        if due > stop:
            return
        met = [d for d in reviews if baseline < d <= due]
        yield Item(
            key=f"{state.participant_id}:{due.isoformat()}",
            person=state.participant_id,
            on=due,
            cohort=_exit_year(state),
            responsibility=Responsibility.PLAN,
            hit=bool(met),
        )
        if met:
            baseline = met[-1]
        else:
            late = [d for d in reviews if d > due]
            if not late:
                return  # overdue until now: one missed deadline
            baseline = late[0]


def _single_with_network(state: ChainState, ctx: Context) -> Iterator[Item]:
    if state.household_type != "single" or state.settlement_date is None:
        return
    mark = add_months(state.settlement_date, ctx.network_months)
    if state.moved_on is not None and state.moved_on <= mark:
        return
    starts = [m.started_on or m.ended_on for m in state.matches if m.ran]
    starts.append(state.first_attended_on)
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=mark,
        cohort=_exit_year(state),
        responsibility=Responsibility.SOCIAL_NETWORK,
        hit=any(d is not None and d <= mark for d in starts),
    )


def _latest_week_full_time(state: ChainState, ctx: Context) -> Iterator[Item]:
    """The latest timetable week checked of each participant (issue 16)."""
    week = state.timetable_week
    if week is None:
        return
    yield Item(
        key=_pid(state),
        person=state.participant_id,
        on=week.week_start,
        cohort=_exit_year(state),
        responsibility=Responsibility.PLAN,
        hit=week.full_time,
    )


def _hand_overs_in_time(state: ChainState, ctx: Context) -> Iterator[Item]:
    """Each hand-over whose N days have passed (or that was acknowledged sooner)."""
    for h in state.hand_overs:
        if h.created_on is None:
            continue
        due = h.created_on + timedelta(days=ctx.hand_over_days)
        in_time = h.acknowledged_on is not None and h.acknowledged_on <= due
        if not in_time and ctx.today < due:
            continue  # still waiting, not yet late
        yield Item(
            key=h.hand_over_id,
            person=state.participant_id,
            on=due,
            cohort=_exit_year(state),
            responsibility=Responsibility.TRANSITION,
            hit=in_time,
        )


PLACEMENT_LINKS = (
    Responsibility.LANGUAGE_PRACTICE,
    Responsibility.WORK_PRACTICE,
    Responsibility.NAV_MEASURES,
)
PLACEMENT_EVENTS = ("helhet.placement.started.v1", "helhet.placement.kind_changed.v1")
TARGETS_004 = "report-004 §5.1 (national targets, BLD allocation letters)"

KPIS: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        "work_or_education_at_exit",
        {"nb": "I arbeid eller utdanning ved avslutning", "en": "In work or education at exit"},
        Measure.SHARE,
        (None,),
        _outcome("at_exit"),
        target=0.55,
        target_source=f"{TARGETS_004}: 55 % directly after the programme (2014)",
        source_events=("helhet.programme.ended.v1", "helhet.outcome.recorded.v1"),
    ),
    KpiDefinition(
        "work_or_education_one_year_after",
        {
            "nb": "I arbeid eller utdanning ett år etter",
            "en": "In work or education one year after",
        },
        Measure.SHARE,
        (None,),
        _outcome("one_year_after"),
        target=0.70,
        target_source=f"{TARGETS_004}: 70 % one year after, the national goal since 2010",
        source_events=("helhet.programme.ended.v1", "helhet.outcome.recorded.v1"),
    ),
    KpiDefinition(
        "norwegian_written_a2",
        {"nb": "Skriftlig norsk A2 eller bedre", "en": "Written Norwegian A2 or better"},
        Measure.SHARE,
        (Responsibility.NORWEGIAN_TRAINING,),
        _subtest_at_least("writing", "A2"),
        target=0.70,
        target_source=f"{TARGETS_004}: written test at A2 or better, 70 %",
        source_events=("helhet.test_result.recorded.v1",),
    ),
    KpiDefinition(
        "norwegian_oral_a2",
        {"nb": "Muntlig norsk A2 eller bedre", "en": "Oral Norwegian A2 or better"},
        Measure.SHARE,
        (Responsibility.NORWEGIAN_TRAINING,),
        _subtest_at_least("speaking", "A2"),
        target=0.90,
        target_source=f"{TARGETS_004}: oral test at A2 or better, 90 %",
        source_events=("helhet.test_result.recorded.v1",),
    ),
    KpiDefinition(
        "social_studies_passed",
        {"nb": "Bestått samfunnskunnskap", "en": "Social studies test passed"},
        Measure.SHARE,
        (Responsibility.NORWEGIAN_TRAINING,),
        _social_studies,
        target=0.90,
        target_source=f"{TARGETS_004}: social studies passed, 90 %",
        source_events=("helhet.test_result.recorded.v1",),
    ),
    KpiDefinition(
        "norwegian_goal_reached",
        {"nb": "Nådde norskmålet i planen", "en": "Reached the plan's Norwegian goal"},
        Measure.SHARE,
        (Responsibility.NORWEGIAN_TRAINING,),
        _norwegian_goal,
        source_events=(
            "helhet.plan.updated.v1",
            "helhet.test_result.recorded.v1",
            "helhet.programme.ended.v1",
        ),
    ),
    KpiDefinition(
        "placement_to_job",
        {"nb": "Praksis som endte med jobb", "en": "Placements that ended in a job"},
        Measure.SHARE,
        PLACEMENT_LINKS,
        _placement_to_job,
        source_events=("helhet.placement.ended.v1", "helhet.participant.hired.v1"),
    ),
    KpiDefinition(
        "placements_within_wishes",
        {"nb": "Praksis innenfor deltakerens ønsker", "en": "Placements within the wishes"},
        Measure.SHARE,
        PLACEMENT_LINKS,
        _within_wishes,
        source_events=("helhet.placement.started.v1",),
    ),
    KpiDefinition(
        "municipal_jobs",
        {"nb": "Kommunale arbeidsplasser", "en": "Municipal jobs"},
        Measure.COUNT,
        PLACEMENT_LINKS,
        _municipal_jobs,
        source_events=PLACEMENT_EVENTS,
    ),
    KpiDefinition(
        "placements_created_by_municipality",
        {
            "nb": "Plasser kommunen selv har opprettet",
            "en": "Placements created by the municipality",
        },
        Measure.COUNT,
        PLACEMENT_LINKS,
        _created_by_municipality,
        source_events=("helhet.placement.started.v1",),
    ),
    KpiDefinition(
        "days_settlement_to_programme",
        {"nb": "Dager fra bosetting til program", "en": "Days from settlement to programme"},
        Measure.DAYS,
        (None,),
        _days_to_programme,
        direction=Direction.LOWER,
        source_events=("helhet.participant.settled.v1", "helhet.programme.started.v1"),
    ),
    KpiDefinition(
        "days_settlement_to_plan",
        {"nb": "Dager fra bosetting til første plan", "en": "Days from settlement to first plan"},
        Measure.DAYS,
        (Responsibility.PLAN,),
        _days_to_plan,
        target=183,
        target_source="report-002 §5.1 (Nordre Land: mapped and a plan within 6 months; "
        "a local target, no national one)",
        direction=Direction.LOWER,
        source_events=("helhet.participant.settled.v1", "helhet.plan.updated.v1"),
    ),
    KpiDefinition(
        "plan_reviews_on_time",
        {"nb": "Planer gjennomgått i tide", "en": "Plan reviews on time"},
        Measure.SHARE,
        (Responsibility.PLAN,),
        review_deadlines,
        source_events=(
            "helhet.plan.updated.v1",
            "helhet.plan.reviewed.v1",
            "helhet.programme.ended.v1",
            "helhet.participant.moved.v1",
        ),
    ),
    KpiDefinition(
        "singles_with_network",
        {"nb": "Enslige med nettverk", "en": "Single participants with a network"},
        Measure.SHARE,
        (Responsibility.SOCIAL_NETWORK,),
        _single_with_network,
        source_events=(
            "helhet.participant.settled.v1",
            "helhet.match.started.v1",
            "helhet.match.ended.v1",
            "helhet.attendance.recorded.v1",
        ),
    ),
    KpiDefinition(
        "timetable_weeks_full_time",
        {"nb": "Siste uke på fulltid", "en": "Latest timetable week full time"},
        Measure.SHARE,
        (Responsibility.PLAN,),
        _latest_week_full_time,
        target=1.0,
        target_source="the law: the programme is full time and full year (37.5 hours a "
        "week, 30 with heavy self-study)",
        source_events=("helhet.timetable_week.checked.v1",),
    ),
    KpiDefinition(
        "hand_overs_acknowledged_in_time",
        {
            "nb": "Overleveringer bekreftet i tide",
            "en": "Hand-overs acknowledged in time",
        },
        Measure.SHARE,
        (Responsibility.TRANSITION,),
        _hand_overs_in_time,
        source_events=("helhet.hand_over.created.v1", "helhet.hand_over.acknowledged.v1"),
    ),
)

KPIS_BY_ID = {k.id: k for k in KPIS}


# What the country achieves, drawn beside the municipality's trend: the national figures
# of the domain notes' "measures of success" (report 004 and the statistics it quotes).
# Status at exit is IMDi's measure (43 %, 2014); one year after is Statistics Norway's,
# in November the year after (61-63 % for 2011-2014 leavers, 65 % for 2021 leavers: the
# line is the newest). The pages name the source (``chart.national_source.<kpi>``).
NATIONAL_REFERENCES: dict[str, float] = {
    "work_or_education_at_exit": 0.43,
    "work_or_education_one_year_after": 0.65,
}


def definition(kpi_id: str) -> KpiDefinition:
    try:
        return KPIS_BY_ID[kpi_id]
    except KeyError:
        raise UnknownKpi(kpi_id) from None


# -- summing items ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    persons: int = 0
    denominator: int = 0  # items
    numerator: int = 0  # items counted (hits)
    days: tuple[int, ...] = ()

    @classmethod
    def of(cls, items: Sequence[Item]) -> Cell:
        return cls(
            persons=len({i.person for i in items}),
            denominator=len(items),
            numerator=sum(1 for i in items if i.hit),
            days=tuple(sorted(i.days for i in items if i.days is not None)),
        )


def value_of(
    kpi: KpiDefinition, cell: Cell, *, suppressed: bool, owner_unit: str | None = None
) -> KpiValue:
    """``kpi``'s value for ``cell``: shown, or suppressed (no numbers at all)."""
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    if not suppressed:
        if kpi.measure is Measure.SHARE:
            numerator, denominator = cell.numerator, cell.denominator
            value = round(numerator / denominator, 4) if denominator else None
        elif kpi.measure is Measure.DAYS:
            denominator = cell.denominator
            value = float(statistics.median(cell.days)) if cell.days else None
        else:
            numerator = cell.numerator
            value = float(numerator)
    meets: bool | None = None
    if kpi.target is not None and value is not None:
        meets = value >= kpi.target if kpi.direction is Direction.HIGHER else value <= kpi.target
    return KpiValue(
        id=kpi.id,
        label=kpi.label,
        unit=UNIT_CODES[kpi.measure],
        value=value,
        numerator=numerator,
        denominator=denominator,
        suppressed=suppressed,
        target=kpi.target,
        meets_target=meets,
        direction=DIRECTION_CODES[kpi.direction],
        target_source=kpi.target_source,
        owner_unit=owner_unit,
    )


def items_of(kpi: KpiDefinition, states: Iterable[ChainState], ctx: Context) -> list[Item]:
    """Every item of ``kpi`` up to the report day, in order of day."""
    found = [i for s in states for i in kpi.extract(s, ctx) if i.on <= ctx.today]
    return sorted(found, key=lambda i: (i.on, i.key))


# -- the table of a KPI: rows (units) by columns (exit cohorts), with margins --------------

ALL = "*"  # the margin: the whole municipality, or every cohort
UNOWNED = "~"  # the items whose responsibility no unit owns (never published)
NOT_EXITED = "~"  # the participants who have not exited (never published)

Owner = Callable[[Responsibility | None], str | None]


def owner_in(model: OrganisationModel | None) -> Owner:
    """Who answers for a responsibility: its owner, and for the programme's results (None)
    the programme owner. Without a model, nobody."""

    def owner(responsibility: Responsibility | None) -> str | None:
        if model is None:
            return None
        if responsibility is None:
            return model.programme_owner
        return model.owner(responsibility)

    return owner


@dataclass(frozen=True)
class Table:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[Key, Cell]
    hidden: frozenset[Key]

    def cell(self, unit: str | None, cohort: int | None) -> tuple[Cell, bool]:
        key = (unit or ALL, str(cohort) if cohort is not None else ALL)
        return self.cells.get(key, Cell()), key in self.hidden


def table_of(items: Sequence[Item], owner: Owner, also_rows: Iterable[str] = ()) -> Table:
    """The KPI's cells for every unit x cohort, margins included, and which to hide."""
    grouped: dict[Key, list[Item]] = {}
    for item in items:
        row = owner(item.responsibility) or UNOWNED
        column = str(item.cohort) if item.cohort is not None else NOT_EXITED
        for key in ((row, column), (row, ALL), (ALL, column), (ALL, ALL)):
            grouped.setdefault(key, []).append(item)
    units = sorted({r for r, _ in grouped if r not in (ALL, UNOWNED)} | set(also_rows))
    cohorts = sorted({c for _, c in grouped if c not in (ALL, NOT_EXITED)})
    rows = (ALL, *units, UNOWNED)
    columns = (ALL, *cohorts, NOT_EXITED)
    cells = {key: Cell.of(found) for key, found in grouped.items()}
    published = {(r, c) for r in rows[:-1] for c in columns[:-1]}
    persons = {key: cell.persons for key, cell in cells.items()}
    hidden = protect(persons, rows, columns, published)
    return Table(rows, columns, cells, frozenset(hidden))


# -- the report and the trend -------------------------------------------------------------


def answers_for(kpi: KpiDefinition, unit: str, owner: Owner) -> bool:
    return any(owner(r) == unit for r in kpi.responsibilities)


def report(
    states: Sequence[ChainState],
    model: OrganisationModel | None,
    *,
    municipality: str,
    unit: str | None,
    cohort: int | None,
    today: date,
) -> KpiReport:
    """Every KPI of the municipality (or the KPIs ``unit`` answers for, over the items
    it owns), for all exits or the exit cohort ``cohort``, as of ``today``."""
    if unit is not None and (model is None or model.unit(unit) is None):
        raise UnknownUnit(unit)
    ctx = Context.of(model, today)
    owner = owner_in(model)
    values: list[KpiValue] = []
    cohorts: set[int] = set()
    for kpi in KPIS:
        items = items_of(kpi, states, ctx)
        cohorts |= {i.cohort for i in items if i.cohort is not None}
        if unit is not None and not answers_for(kpi, unit, owner):
            continue
        table = table_of(items, owner, also_rows=[unit] if unit else [])
        cell, hidden = table.cell(unit, cohort)
        single = len(kpi.responsibilities) == 1
        values.append(
            value_of(
                kpi,
                cell,
                suppressed=hidden,
                owner_unit=unit or (owner(kpi.responsibilities[0]) if single else None),
            )
        )
    owners = {owner(r) for kpi in KPIS for r in kpi.responsibilities}
    return KpiReport(
        municipality=municipality,
        unit=unit,
        cohort=cohort,
        as_of=today,
        kpis=tuple(values),
        cohorts=tuple(sorted(cohorts, reverse=True)),
        units=tuple(sorted(u for u in owners if u is not None)),
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


@dataclass(frozen=True)
class _Group:
    """A set of items as the people behind them: what two figures differ by."""

    people: Mapping[str, object] = field(default_factory=dict)  # item key -> person

    @classmethod
    def of(cls, items: Iterable[Item]) -> _Group:
        return cls({i.key: i.person for i in items})

    @property
    def persons(self) -> int:
        return len(set(self.people.values()))

    def differs_by(self, other: _Group) -> int:
        """The persons behind the items in one group and not in the other."""
        if abs(self.persons - other.persons) >= MIN_GROUP:
            return MIN_GROUP  # at least that many: no need to count
        changed = self.people.keys() ^ other.people.keys()
        return len({self.people.get(k, other.people.get(k)) for k in changed})


def trend(
    states: Sequence[ChainState],
    model: OrganisationModel | None,
    kpi_id: str,
    *,
    months: int,
    today: date,
) -> list[TrendPoint]:
    """The KPI for the whole municipality over rolling twelve-month windows, one point per
    month for the last ``months`` months (the current month up to ``today``).

    A point is suppressed when its group has 1 to 4 persons, and also when it would let
    someone compute a group the report hides or a small difference:

    - its items differ from those of the last point shown by 1 to 4 persons (the two
      points' difference would show how those few went);
    - its items are exactly those of a cell the report suppresses (the municipality for
      all exits or for an exit cohort), or differ from a cell the report shows by 1 to 4
      persons.

    The points are computed from the first month with an item, so whether a point is
    suppressed does not depend on how many ``months`` a caller asks for."""
    kpi = definition(kpi_id)
    ctx = Context.of(model, today)
    items = items_of(kpi, states, ctx)
    table = table_of(items, owner_in(model))
    by_column: dict[str, list[Item]] = {ALL: list(items)}
    for item in items:
        column = str(item.cohort) if item.cohort is not None else NOT_EXITED
        by_column.setdefault(column, []).append(item)
    report_cells = [
        (_Group.of(found), (ALL, column) in table.hidden)
        for column, found in by_column.items()
        if column != NOT_EXITED
    ]
    days = [i.on for i in items]
    last = _month_start(today)
    wanted_from = add_months(last, -(months - 1))
    month = min(_month_start(items[0].on), wanted_from) if items else wanted_from
    shown = _Group()  # the empty start counts as shown
    points: list[TrendPoint] = []
    while month <= last:
        start = add_months(month, -11)
        end = min(_month_end(month), today)
        window = items[bisect_left(days, start) : bisect_right(days, end)]
        group = _Group.of(window)
        hidden = is_small(group.persons) or 0 < group.differs_by(shown) < MIN_GROUP
        for cell, cell_hidden in report_cells:
            if hidden or not window:
                break
            difference = group.differs_by(cell)
            hidden = difference == 0 if cell_hidden else 0 < difference < MIN_GROUP
        if not hidden:
            shown = group
        if month >= wanted_from:
            points.append(
                TrendPoint(
                    **vars(value_of(kpi, Cell.of(window), suppressed=hidden)),
                    month=month,
                    period_start=start,
                    period_end=end,
                )
            )
        month = add_months(month, 1)
    return points


@dataclass(frozen=True)
class TrendRow:
    """A month of a trend beside the same month a year before and the national figure."""

    point: TrendPoint
    previous: TrendPoint
    national: float | None


def trend_rows(kpi_id: str, points: Sequence[TrendPoint]) -> list[TrendRow]:
    """``points`` of ``trend`` for twelve months more than shown: the last months, each
    with the point twelve months before (as suppressed as it is there)."""
    reference = NATIONAL_REFERENCES.get(kpi_id)
    return [
        TrendRow(point, previous, reference)
        for previous, point in zip(points, points[12:], strict=False)
    ]
