"""The outcome cohorts on chains built in memory: by exit year against the targets, by
years since settlement, split by gender, with small groups suppressed and not
computable from the totals."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from reporting_service.domain import cohorts
from reporting_service.domain.chain import ChainState, Outcome
from reporting_service.domain.chain.follow_up import FollowUpYear, Gender

TODAY = date(2026, 11, 23)


def exited(
    gender: str,
    end: date,
    at_exit: str,
    one_year: str | None = None,
    yearly: tuple[str, ...] = (),
    moved: bool = False,
) -> ChainState:
    settled = date(end.year - 2, 1, 10)
    return ChainState(
        participant_id=uuid4(),
        municipality="3403",
        settlement_date=settled,
        programme_start=date(end.year - 2, 2, 1),
        programme_end_date=end,
        programme_end_reason="moved" if moved else "completed",
        gender=Gender(gender, settled, 0),
        outcome_at_exit=Outcome(at_exit, end),
        outcome_one_year_after=Outcome(one_year, date(end.year + 1, 11, 15)) if one_year else None,
        follow_up=tuple(
            FollowUpYear(n, status, date(settled.year + n, 1, 5))
            for n, status in enumerate(yearly, start=1)
        ),
    )


def test_the_exit_cohorts_are_split_by_gender_against_the_targets() -> None:
    states = [
        *(exited("female", date(2024, 6, 1), s) for s in ["work"] * 3 + ["social_assistance"] * 3),
        *(exited("male", date(2024, 6, 1), s) for s in ["work"] * 5 + ["education"]),
    ]

    report = cohorts.report(states, municipality="3403", today=TODAY)

    women, men, everyone = (
        report.at_exit[("female", "2024")],
        report.at_exit[("male", "2024")],
        report.at_exit[("*", "2024")],
    )
    assert report.exit_years == (2024,)
    assert (women.value, women.numerator, women.denominator, women.meets_target) == (
        0.5,
        3,
        6,
        False,
    )
    assert (men.value, men.meets_target) == (1.0, True)
    assert (everyone.value, everyone.target) == (0.75, 0.55)


def test_a_small_gender_group_is_hidden_and_so_is_the_one_that_would_give_it_away() -> None:
    states = [
        *(exited("female", date(2024, 6, 1), "work") for _ in range(3)),
        *(exited("male", date(2024, 6, 1), "work") for _ in range(7)),
    ]

    report = cohorts.report(states, municipality="3403", today=TODAY)

    assert report.at_exit[("female", "2024")].suppressed
    assert report.at_exit[("female", "2024")].value is None
    # Men's 7 shown next to the total of 10 would tell the women's 3.
    assert report.at_exit[("male", "2024")].suppressed
    assert report.at_exit[("*", "2024")].value == 1.0


def test_the_years_since_settlement_count_the_yearly_status_not_the_exit_measures() -> None:
    states = [
        *(
            exited("female", date(2024, 6, 1), "work", "work", ("work", "education"))
            for _ in range(5)
        ),
        *(exited("male", date(2024, 6, 1), "work", None, ("unknown", "work")) for _ in range(5)),
        # Moved away: not in the year's denominator.
        exited("male", date(2024, 6, 1), "work", None, ("moved_away",)),
    ]

    report = cohorts.report(states, municipality="3403", today=TODAY)
    year = report.years_since_settlement

    assert (year[("*", "1")].value, year[("*", "1")].denominator) == (0.5, 10)
    assert (year[("female", "1")].value, year[("male", "1")].value) == (1.0, 0.0)
    assert year[("*", "2")].value == 1.0
    assert year[("*", "3")].denominator == 0  # nobody followed up three years yet
    # SSB's one-year measure holds only the women's five.
    assert report.one_year_after[("*", "2024")].denominator == 5


def test_a_participant_who_moved_away_before_the_exit_is_not_in_the_cohort() -> None:
    states = [exited("female", date(2024, 6, 1), "work", moved=True) for _ in range(6)]

    report = cohorts.report(states, municipality="3403", today=TODAY)

    assert report.exit_years == ()
