"""The chain across the year (issue 16), as pure functions: the latest timetable week
kept whatever the order, and the two gap rules over it and over the hand-overs, routed
to the programme owner."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from reporting_service.adapters.organisation import load_catalogue
from reporting_service.domain import alerts, chain, kpis
from reporting_service.domain.chain import ChainState, year
from reporting_service.domain.organisation import OrganisationModel

HAMAR = "3403"
TODAY = date(2026, 11, 23)
EARLY, LATE = datetime(2026, 7, 6, 6, tzinfo=UTC), datetime(2026, 7, 6, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def hamar() -> OrganisationModel:
    model = load_catalogue().for_municipality(HAMAR)
    assert model is not None
    return model


def running() -> ChainState:
    state = chain.settled(
        ChainState(participant_id=uuid4()),
        municipality=HAMAR,
        settlement_date=date(2026, 1, 5),
        household_type="family",
    )
    return chain.programme_started(
        state,
        municipality=HAMAR,
        regime="integreringsloven",
        start_date=date(2026, 2, 1),
        expected_end_date=date(2027, 1, 29),
    )


def checked(state: ChainState, monday: date, minutes: int, at: datetime) -> ChainState:
    return year.timetable_week_checked(
        state,
        municipality=HAMAR,
        week_start=monday,
        minutes=minutes,
        required_minutes=2250,
        full_time=minutes >= 2250,
        checked_at=at,
    )


def test_the_latest_week_and_the_latest_check_of_it_win_in_any_order() -> None:
    a = checked(checked(running(), date(2026, 6, 29), 450, EARLY), date(2026, 6, 29), 2250, LATE)
    b = checked(checked(running(), date(2026, 6, 29), 2250, LATE), date(2026, 6, 29), 450, EARLY)
    c = checked(checked(running(), date(2026, 7, 6), 900, EARLY), date(2026, 6, 29), 2250, LATE)

    assert a.timetable_week == b.timetable_week
    assert a.timetable_week is not None
    assert a.timetable_week.full_time
    assert c.timetable_week is not None
    assert c.timetable_week.week_start == date(2026, 7, 6)


def rules_open(state: ChainState, model: OrganisationModel, today: date) -> dict[str, str | None]:
    return {
        d.rule_id: d.unit_id
        for d in alerts.evaluate_participant(state, model, today)
        if d.rule_id in {alerts.WEEK_BELOW_FULL_TIME, alerts.HAND_OVER_NOT_ACKNOWLEDGED}
    }


def test_a_week_below_full_time_goes_to_the_programme_owner(hamar: OrganisationModel) -> None:
    below = checked(running(), date(2026, 6, 29), 450, EARLY)
    full = checked(below, date(2026, 7, 6), 2250, LATE)

    assert rules_open(below, hamar, date(2026, 7, 6)) == {
        alerts.WEEK_BELOW_FULL_TIME: hamar.programme_owner
    }
    assert rules_open(full, hamar, date(2026, 7, 13)) == {}
    assert alerts.why_cleared(alerts.WEEK_BELOW_FULL_TIME, full, "") == "week_full_time"


def test_a_hand_over_waits_n_days_for_its_acknowledgement(hamar: OrganisationModel) -> None:
    hand_over = str(uuid4())
    made = year.hand_over_created(
        running(),
        municipality=HAMAR,
        hand_over_id=hand_over,
        receiving_kind="county_school",
        created_on=date(2026, 11, 2),
    )
    done = year.hand_over_acknowledged(
        made,
        municipality=HAMAR,
        hand_over_id=hand_over,
        receiving_kind="county_school",
        acknowledged_on=date(2026, 11, 20),
        follow_up_owner="county",
    )
    rule = alerts.RULES_BY_ID[alerts.HAND_OVER_NOT_ACKNOWLEDGED]

    assert rule.threshold(hamar) == 14
    assert rules_open(made, hamar, date(2026, 11, 15)) == {}
    assert rules_open(made, hamar, date(2026, 11, 16)) == {
        alerts.HAND_OVER_NOT_ACKNOWLEDGED: hamar.programme_owner
    }
    assert rules_open(done, hamar, date(2026, 11, 30)) == {}
    assert alerts.why_cleared(rule.id, done, hand_over) == "hand_over_acknowledged"


def handed_over(created_on: date, acknowledged_on: date | None) -> ChainState:
    hand_over = str(uuid4())
    state = year.hand_over_created(
        running(),
        municipality=HAMAR,
        hand_over_id=hand_over,
        receiving_kind="nav",
        created_on=created_on,
    )
    if acknowledged_on is None:
        return state
    return year.hand_over_acknowledged(
        state,
        municipality=HAMAR,
        hand_over_id=hand_over,
        receiving_kind="nav",
        acknowledged_on=acknowledged_on,
        follow_up_owner="nav",
    )


def test_the_year_round_kpis_count_latest_weeks_and_hand_overs_past_their_days() -> None:
    weeks = [
        checked(running(), date(2026, 11, 2), minutes, EARLY) for minutes in [2250] * 8 + [1800] * 4
    ]
    hand_overs = [
        handed_over(created, acknowledged)
        for created, acknowledged in [(date(2026, 10, 1), date(2026, 10, 10))] * 5  # in time
        + [(date(2026, 10, 1), date(2026, 10, 20))] * 5  # late
        + [(date(2026, 10, 1), None)] * 5  # late, still waiting
        + [(date(2026, 11, 20), None)] * 5  # not due yet: not counted
    ]
    found = kpis.report(
        weeks + hand_overs, None, municipality=HAMAR, unit=None, cohort=None, today=TODAY
    )

    full_time = found.kpi("timetable_weeks_full_time")
    in_time = found.kpi("hand_overs_acknowledged_in_time")

    assert (full_time.numerator, full_time.denominator) == (8, 12)
    assert (in_time.numerator, in_time.denominator) == (5, 15)


def test_a_hand_over_starts_the_transition_link() -> None:
    before = running()
    after = handed_over(date(2026, 11, 2), None)

    def transition(state: ChainState) -> chain.Link:
        return next(link for link in chain.links(state) if link.responsibility == "transition")

    assert transition(before).status is chain.LinkStatus.NOT_STARTED
    assert (transition(after).status, transition(after).started_on) == (
        chain.LinkStatus.IN_PROGRESS,
        date(2026, 11, 2),
    )
