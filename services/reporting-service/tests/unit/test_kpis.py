"""Each KPI's definition, and the suppression of small groups, on chains built in memory.

Hamar's shipped model says who answers for what: the refugee office (flyktningkontor)
for the programme's results, the plan and work practice; the learning centre (hls) for
Norwegian and language practice; NAV for NAV measures; nobody for the social network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from helhet_common.domain_errors import NotFound
from reporting_service.adapters.organisation import load_catalogue
from reporting_service.domain import kpis
from reporting_service.domain.chain import (
    ChainState,
    KindChange,
    MatchLink,
    Outcome,
    PlacementLink,
    PlanReview,
)
from reporting_service.domain.kpis import KpiReport, KpiValue, UnknownKpi, UnknownUnit
from reporting_service.domain.organisation import OrganisationModel
from reporting_service.entrypoints.kpis import kpis_csv

HAMAR = "3403"
TODAY = date(2026, 11, 23)
DOCS = Path(__file__).resolve().parents[4] / "docs" / "kpis.md"


@pytest.fixture(scope="module")
def hamar() -> OrganisationModel:
    model = load_catalogue().for_municipality(HAMAR)
    assert model is not None
    return model


def person(**facts: Any) -> ChainState:
    """A chain with only the facts a test names (settled in Hamar unless it says not)."""
    base: dict[str, Any] = {"municipality": HAMAR, "settlement_date": date(2024, 1, 10)}
    return ChainState(participant_id=uuid4(), **{**base, **facts})


def exited(status: str | None = "work", *, year: int = 2025, **facts: Any) -> ChainState:
    end = date(year, 6, 30)
    return person(
        programme_start=date(year - 2, 7, 1),
        programme_end_date=end,
        programme_completion="completed",
        programme_end_reason="end_goal_reached",
        outcome_at_exit=Outcome(status, end) if status else None,
        **facts,
    )


def kpi(
    states: Sequence[ChainState],
    kpi_id: str,
    model: OrganisationModel | None = None,
    *,
    unit: str | None = None,
    cohort: int | None = None,
) -> KpiValue:
    return report(states, model, unit=unit, cohort=cohort).kpi(kpi_id)


def report(
    states: Sequence[ChainState],
    model: OrganisationModel | None = None,
    *,
    unit: str | None = None,
    cohort: int | None = None,
) -> KpiReport:
    return kpis.report(states, model, municipality=HAMAR, unit=unit, cohort=cohort, today=TODAY)


def shown(value: KpiValue) -> tuple[float | None, int | None, int | None]:
    assert not value.suppressed
    return value.value, value.numerator, value.denominator


# -- work or education ---------------------------------------------------------------------


def test_work_or_education_at_exit_counts_exits_with_a_status_recorded() -> None:
    states = [
        exited("work"),
        exited("education"),
        exited("work"),
        exited("nav_measure"),
        exited("social_assistance"),
        exited(None),  # no status recorded: not counted
        person(programme_start=date(2025, 1, 1)),  # still in the programme
    ]

    value = kpi(states, "work_or_education_at_exit")

    assert shown(value) == (0.6, 3, 5)
    assert (value.target, value.meets_target) == (0.55, True)


def test_a_participant_who_moved_away_before_the_exit_is_not_counted() -> None:
    states = [exited("work") for _ in range(5)]
    states += [
        exited("other", moved_on=date(2025, 3, 1), moved_to="0301"),
        replace(exited("other"), programme_end_reason="moved"),
    ]

    assert shown(kpi(states, "work_or_education_at_exit")) == (1.0, 5, 5)


def test_one_year_after_meets_the_national_target_at_exactly_seventy_percent() -> None:
    def after(status: str) -> ChainState:
        return replace(exited("other"), outcome_one_year_after=Outcome(status, date(2026, 6, 30)))

    states = [after("work") for _ in range(4)]
    states += [after("education") for _ in range(3)] + [after("other") for _ in range(3)]

    value = kpi(states, "work_or_education_one_year_after")

    assert shown(value) == (0.7, 7, 10)
    assert value.meets_target is True


def test_the_exit_cohort_is_the_year_the_programme_ended() -> None:
    states = [exited("work", year=2024) for _ in range(5)]
    states += [exited("other", year=2025) for _ in range(6)]

    assert shown(kpi(states, "work_or_education_at_exit", cohort=2024)) == (1.0, 5, 5)
    assert shown(kpi(states, "work_or_education_at_exit", cohort=2025)) == (0.0, 0, 6)
    assert shown(kpi(states, "work_or_education_at_exit")) == (0.4545, 5, 11)
    assert report(states).cohorts == (2025, 2024)


# -- Norwegian and social studies ------------------------------------------------------------


def with_levels(**levels: str) -> ChainState:
    return person(norwegian_levels=tuple(sorted(levels.items())), last_test_on=date(2026, 5, 1))


def test_written_and_oral_norwegian_at_a2_or_better_against_the_targets() -> None:
    states = [
        with_levels(writing="A2", speaking="B1"),
        with_levels(writing="B1", speaking="A2"),
        with_levels(writing="A1", speaking="A2"),
        with_levels(writing="A0", speaking="A1"),
        with_levels(writing="B2", speaking="B2"),
        with_levels(reading="B1"),  # took neither sub-test: in neither KPI
    ]

    written = kpi(states, "norwegian_written_a2")
    oral = kpi(states, "norwegian_oral_a2")

    assert shown(written) == (0.6, 3, 5)
    assert (written.target, written.meets_target) == (0.7, False)
    assert shown(oral) == (0.8, 4, 5)
    assert (oral.target, oral.meets_target) == (0.9, False)


def test_social_studies_counts_those_who_took_the_test() -> None:
    states = [person(social_studies_passed=True, last_test_on=date(2026, 2, 1)) for _ in range(9)]
    states += [
        person(social_studies_passed=False, last_test_on=date(2026, 2, 1)),
        person(),  # never took it
    ]

    value = kpi(states, "social_studies_passed")

    assert shown(value) == (0.9, 9, 10)
    assert value.meets_target is True


def test_the_plans_norwegian_goal_is_reached_when_every_sub_test_taken_reaches_it() -> None:
    def leaver(goal: str, **levels: str) -> ChainState:
        return replace(
            exited("work"), plan_norwegian_goal=goal, norwegian_levels=tuple(levels.items())
        )

    states = [
        leaver("B1", reading="B1", writing="B2", speaking="B1", listening="C1"),
        leaver("A2", speaking="A2"),
        leaver("B1", reading="B1", writing="A2"),  # one sub-test below the goal
        leaver("B1"),  # no test taken: not reached
        leaver("A2", reading="B1", writing="A2"),
    ]

    assert shown(kpi(states, "norwegian_goal_reached")) == (0.6, 3, 5)


# -- placements ------------------------------------------------------------------------------


def placed(*placements: PlacementLink) -> ChainState:
    return person(placements=placements)


def placement(pid: str | None = None, **facts: Any) -> PlacementLink:
    base: dict[str, Any] = {"started_kind": "work_practice", "start_date": date(2026, 1, 5)}
    return PlacementLink(placement_id=pid or str(uuid4()), **{**base, **facts})


def test_placement_to_job_is_ended_placements_that_ended_hired() -> None:
    ended = {"ended_on": date(2026, 6, 1), "next_step": "work"}
    states = [
        placed(placement(end_reason="hired", **ended)),
        placed(placement(end_reason="completed", hired_on=date(2026, 6, 2), **ended)),
        placed(placement(end_reason="completed", **ended), placement()),  # one still running
        placed(placement(end_reason="ended_by_participant", **ended)),
        placed(placement(end_reason="completed", **ended)),
    ]

    assert shown(kpi(states, "placement_to_job")) == (0.4, 2, 5)


def test_placements_within_the_wishes_are_those_not_flagged_outside_them() -> None:
    states = [placed(placement()) for _ in range(3)]
    states += [placed(placement(flags=("outside-wishes",)), placement()) for _ in range(2)]

    assert shown(kpi(states, "placements_within_wishes")) == (0.7143, 5, 7)


def test_municipal_jobs_and_placements_the_municipality_created_are_counted() -> None:
    became = KindChange(date(2026, 3, 1), "work_practice", "municipal_job")
    states = [placed(placement(started_kind="municipal_job")) for _ in range(3)]
    states += [placed(placement(kind_changes=(became,))) for _ in range(2)]
    states += [placed(placement(created_by_municipality=True)) for _ in range(5)]
    states += [placed(placement(created_by_municipality=False))]

    jobs = kpi(states, "municipal_jobs")
    created = kpi(states, "placements_created_by_municipality")

    assert shown(jobs) == (5.0, 5, None)
    assert shown(created) == (5.0, 5, None)
    assert jobs.unit == created.unit == "count"


# -- time to programme and plan --------------------------------------------------------------


def test_days_from_settlement_to_programme_and_first_plan_are_medians() -> None:
    settled = date(2026, 1, 1)
    states = [
        person(
            settlement_date=settled,
            programme_start=settled + timedelta(days=days),
            plan_version=1,
            plan_first_at=datetime(2026, 1, 1, 12, tzinfo=UTC).replace(month=1 + n * 2),
        )
        for n, days in enumerate([10, 20, 30, 40, 50])
    ]

    to_programme = kpi(states, "days_settlement_to_programme")
    to_plan = kpi(states, "days_settlement_to_plan")

    assert shown(to_programme) == (30.0, None, 5)
    assert (to_programme.target, to_programme.meets_target) == (None, None)
    assert shown(to_plan) == (120.0, None, 5)  # Jan 1 -> May 1
    assert (to_plan.target, to_plan.direction, to_plan.meets_target) == (183, "lower", True)


# -- plan reviews on time --------------------------------------------------------------------


def reviewed_on(*days: date) -> tuple[PlanReview, ...]:
    return tuple(PlanReview(f"r{n}", day, 1) for n, day in enumerate(days))


def deadlines(state: ChainState) -> list[tuple[date, bool]]:
    return [(i.on, i.hit) for i in kpis.review_deadlines(state, kpis.Context(today=TODAY))]


def test_a_review_deadline_falls_six_months_after_the_plan_and_then_after_each_review() -> None:
    state = person(
        programme_start=date(2025, 1, 1),
        plan_version=1,
        plan_first_at=datetime(2025, 1, 10, tzinfo=UTC),
        reviews=reviewed_on(date(2025, 7, 1), date(2026, 3, 1)),
    )

    assert deadlines(state) == [
        (date(2025, 7, 10), True),  # reviewed on 1 July
        (date(2026, 1, 1), False),  # six months after 1 July: missed
        (date(2026, 9, 1), False),  # six months after the late review of 1 March: missed
    ]


def test_review_deadlines_stop_when_the_programme_ends() -> None:
    state = person(
        programme_start=date(2025, 1, 1),
        programme_end_date=date(2025, 12, 31),
        plan_version=1,
        plan_first_at=datetime(2025, 1, 10, tzinfo=UTC),
        reviews=reviewed_on(date(2025, 6, 1), date(2025, 11, 30)),
    )

    assert deadlines(state) == [(date(2025, 7, 10), True), (date(2025, 12, 1), True)]


def test_plan_reviews_on_time_is_the_share_of_deadlines_met() -> None:
    on_time = [
        person(
            programme_start=date(2025, 1, 1),
            plan_version=1,
            plan_first_at=datetime(2025, 1, 10, tzinfo=UTC),
            reviews=reviewed_on(date(2025, 7, 1), date(2025, 12, 20), date(2026, 6, 1)),
        )
        for _ in range(4)
    ]
    late = person(
        programme_start=date(2025, 1, 1),
        plan_version=1,
        plan_first_at=datetime(2025, 1, 10, tzinfo=UTC),
    )

    assert shown(kpi([*on_time, late], "plan_reviews_on_time")) == (0.9231, 12, 13)


# -- single participants with a network ---------------------------------------------------------


def test_singles_with_a_network_within_the_rules_months_of_settlement() -> None:
    settled = date(2026, 1, 10)

    def single(**facts: Any) -> ChainState:
        return person(**{"household_type": "single", "settlement_date": settled, **facts})

    states = [
        single(matches=(MatchLink("m", "guide", started_on=date(2026, 2, 1)),)),
        single(sessions_attended=2, first_attended_on=date(2026, 4, 10)),  # on the 3-month day
        single(sessions_attended=1, first_attended_on=date(2026, 4, 11)),  # a day late
        single(matches=(MatchLink("m", "guide", ended_on=date(2026, 3, 1), was_started=False),)),
        single(),
        person(household_type="family", settlement_date=settled),  # not single
        single(settlement_date=date(2026, 10, 1)),  # three months not yet gone
    ]

    assert shown(kpi(states, "singles_with_network")) == (0.4, 2, 5)


# -- suppression -----------------------------------------------------------------------------


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False)])
def test_a_group_of_four_is_suppressed_and_a_group_of_five_is_shown(
    people: int, hidden: bool
) -> None:
    value = kpi([exited("work") for _ in range(people)], "work_or_education_at_exit")

    assert value.suppressed is hidden
    if hidden:
        assert (value.value, value.numerator, value.denominator, value.meets_target) == (
            None,
            None,
            None,
            None,
        )
    else:
        assert shown(value) == (1.0, 5, 5)


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False)])
def test_a_count_and_a_median_of_four_are_suppressed_too(people: int, hidden: bool) -> None:
    states = [placed(placement(started_kind="municipal_job")) for _ in range(people)]
    states = [replace(s, programme_start=date(2024, 2, 1)) for s in states]

    assert kpi(states, "municipal_jobs").suppressed is hidden
    assert kpi(states, "days_settlement_to_programme").suppressed is hidden


def test_an_empty_group_is_shown_as_empty_not_suppressed() -> None:
    value = kpi([], "work_or_education_at_exit")

    assert (value.suppressed, value.value, value.numerator, value.denominator) == (
        False,
        None,
        0,
        0,
    )


def test_a_group_of_five_placements_held_by_four_people_is_suppressed() -> None:
    ended = placement(ended_on=date(2026, 6, 1), end_reason="hired")
    states = [placed(ended, replace(ended, placement_id="second"))]
    states += [placed(replace(ended, placement_id=str(n))) for n in range(3)]

    assert kpi(states, "placement_to_job").suppressed


def test_a_cohort_that_would_reveal_a_suppressed_one_by_subtraction_is_suppressed() -> None:
    states = [exited("work", year=2024) for _ in range(7)]
    states += [exited("other", year=2025) for _ in range(3)]

    total = kpi(states, "work_or_education_at_exit")
    big = kpi(states, "work_or_education_at_exit", cohort=2024)
    small = kpi(states, "work_or_education_at_exit", cohort=2025)

    assert shown(total) == (0.7, 7, 10)
    assert small.suppressed  # three persons
    assert big.suppressed  # else 10 - 7 would give the three


def test_with_a_third_cohort_shown_the_smallest_other_one_hides_the_small_one() -> None:
    states = [exited("work", year=2023) for _ in range(9)]
    states += [exited("work", year=2024) for _ in range(6)]
    states += [exited("other", year=2025) for _ in range(2)]

    hidden = {
        year
        for year in (2023, 2024, 2025)
        if kpi(states, "work_or_education_at_exit", cohort=year).suppressed
    }

    assert hidden == {2024, 2025}


def test_units_partition_the_placements_and_are_protected_against_subtraction(
    hamar: OrganisationModel,
) -> None:
    ended = {"ended_on": date(2026, 6, 1), "end_reason": "hired"}
    states = [placed(placement(started_kind="work_practice", **ended)) for _ in range(8)]
    states += [placed(placement(started_kind="language_practice", **ended)) for _ in range(6)]
    states += [placed(placement(started_kind="nav_work_training", **ended)) for _ in range(2)]

    def of(unit: str | None) -> KpiValue:
        return kpi(states, "placement_to_job", hamar, unit=unit)

    assert shown(of(None)) == (1.0, 16, 16)
    assert of("nav").suppressed  # two NAV work-training placements
    assert of("hls").suppressed  # the smaller of the others: 16 - 8 - 6 would give NAV's
    assert shown(of("flyktningkontor")) == (1.0, 8, 8)


def test_a_unit_sees_only_the_kpis_it_answers_for(hamar: OrganisationModel) -> None:
    ids = {v.id for v in report([], hamar, unit="hls").kpis}

    assert ids == {
        "norwegian_written_a2",
        "norwegian_oral_a2",
        "social_studies_passed",
        "norwegian_goal_reached",
        "placement_to_job",
        "placements_within_wishes",
        "municipal_jobs",
        "placements_created_by_municipality",
    }
    assert {v.owner_unit for v in report([], hamar, unit="hls").kpis} == {"hls"}
    assert report([], hamar).units == ("flyktningkontor", "hls", "nav")


def test_an_unknown_unit_is_an_error(hamar: OrganisationModel) -> None:
    with pytest.raises(UnknownUnit) as error:
        report([], hamar, unit="nav-oslo")
    assert isinstance(error.value, NotFound)
    assert (error.value.code, error.value.message) == (
        "unknown-unit",
        "No unit 'nav-oslo' in your municipality's organisation model.",
    )
    with pytest.raises(UnknownUnit):
        report([], None, unit="nav")


def test_every_kpi_is_reported_with_labels_in_both_languages() -> None:
    values = report([]).kpis

    assert [v.id for v in values] == [k.id for k in kpis.KPIS]
    assert all(set(v.label) == {"nb", "en"} for v in values)


# -- the trend -----------------------------------------------------------------------------


def exit_in(month: int, status: str = "work", year: int = 2026) -> ChainState:
    end = date(year, month, 15)
    return person(
        programme_start=date(year - 2, 1, 1),
        programme_end_date=end,
        outcome_at_exit=Outcome(status, end),
    )


def test_a_trend_point_is_the_twelve_months_ending_with_its_month() -> None:
    states = [exit_in(3) for _ in range(5)] + [exit_in(5, "other") for _ in range(5)]

    points = kpis.trend(states, None, "work_or_education_at_exit", months=4, today=TODAY)

    assert [p.month for p in points] == [date(2026, m, 1) for m in (8, 9, 10, 11)]
    assert (points[-1].period_start, points[-1].period_end) == (date(2025, 12, 1), TODAY)
    assert [(p.value, p.denominator) for p in points] == [(0.5, 10)] * 4


def started_in(day: date) -> ChainState:
    return person(settlement_date=date(2023, 6, 1), programme_start=day)


def test_a_trend_point_that_differs_from_the_last_shown_by_fewer_than_five_is_hidden() -> None:
    states = [started_in(date(2024, 1, 15)) for _ in range(10)]
    states += [started_in(date(2026, 3, 10)) for _ in range(5)] + [started_in(date(2026, 4, 2))]

    points = kpis.trend(states, None, "days_settlement_to_programme", months=12, today=TODAY)
    by_month = {p.month: p for p in points}

    assert shown(by_month[date(2026, 2, 1)]) == (None, None, 0)  # an empty window
    assert shown(by_month[date(2026, 3, 1)]) == (1013.0, None, 5)  # five more than shown
    assert by_month[date(2026, 4, 1)].suppressed  # one more: 6 - 5 would show its days
    assert all(by_month[date(2026, m, 1)].suppressed for m in range(4, 12))


def test_a_trend_point_that_would_reveal_a_suppressed_cohort_is_hidden() -> None:
    states = [exit_in(3, year=2024) for _ in range(3)]  # cohort 2024: three, suppressed
    states += [exit_in(6, year=2025) for _ in range(6)]  # and 2025, to protect it

    points = kpis.trend(states, None, "work_or_education_at_exit", months=30, today=TODAY)
    by_month = {p.month: p for p in points}

    assert kpi(states, "work_or_education_at_exit", cohort=2025).suppressed
    # Windows holding exactly the 2025 leavers would give 9 - 6 = the 2024 cohort.
    assert all(by_month[date(2025, m, 1)].suppressed for m in range(6, 13))


def test_a_trend_point_is_suppressed_the_same_whatever_months_are_asked() -> None:
    states = [started_in(date(2024, 1, 15)) for _ in range(10)]
    states += [started_in(date(2026, 3, 10)) for _ in range(5)] + [started_in(date(2026, 4, 2))]

    long = kpis.trend(states, None, "days_settlement_to_programme", months=12, today=TODAY)
    short = kpis.trend(states, None, "days_settlement_to_programme", months=2, today=TODAY)

    assert short == long[-2:]


def test_an_unknown_kpi_has_no_trend() -> None:
    with pytest.raises(UnknownKpi) as error:
        kpis.trend([], None, "jobs", months=12, today=TODAY)
    assert isinstance(error.value, NotFound)
    assert (error.value.code, error.value.message) == ("unknown-kpi", "No KPI 'jobs'.")


# -- CSV and documentation -------------------------------------------------------------------


def test_the_csv_in_norwegian_uses_semicolons_decimal_commas_and_hides_small_cells() -> None:
    states = [exited("work") for _ in range(3)] + [exited("other") for _ in range(3)]
    states += [with_levels(writing="A2") for _ in range(3)]

    text = kpis_csv(report(states), "nb")
    lines = text.lstrip("\ufeff").splitlines()

    assert text.startswith("\ufeff")
    assert lines[0].startswith("kpi;indikator;måleenhet;verdi;teller;nevner;mål")
    assert lines[1] == (
        "work_or_education_at_exit;I arbeid eller utdanning ved avslutning;share;0,5;3;6;"
        "0,55;nei;3403;;"
    )
    written = next(line for line in lines if line.startswith("norwegian_written_a2;"))
    assert written.split(";")[3:6] == ["skjult", "skjult", "skjult"]


def test_the_csv_in_english_uses_commas_and_decimal_points() -> None:
    states = [exited("work") for _ in range(3)] + [exited("other") for _ in range(3)]

    lines = kpis_csv(report(states, cohort=2025), "en").lstrip("\ufeff").splitlines()

    assert lines[0].split(",")[:4] == ["kpi", "indicator", "measure", "value"]
    assert lines[1] == (
        "work_or_education_at_exit,In work or education at exit,share,0.5,3,6,0.55,no,3403,,2025"
    )


def test_every_kpi_is_defined_in_the_documentation() -> None:
    documented = set(re.findall(r"^### `([a-z0-9_]+)`", DOCS.read_text(encoding="utf-8"), re.M))

    assert documented == set(kpis.KPIS_BY_ID)
