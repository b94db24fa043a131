"""The integration plan: versions, programme hours and activity dates."""

from __future__ import annotations

from datetime import date

import pytest

from helhet_common.domain_errors import Invalid, StaleVersion
from plan_service.domain import events
from plan_service.domain.codes import ActivityKind, CefrLevel, EndGoal
from plan_service.domain.plans import FULL_TIME_HOURS_PER_WEEK

from .builders import PARTICIPANT_ID, TODAY, activity, enrolled, planned, update_plan

# Versions -----------------------------------------------------------------------------


def test_the_first_plan_is_version_1_and_records_plan_updated() -> None:
    participant = enrolled()

    plan = update_plan(participant, version=0)

    assert plan.version == 1
    assert participant.plan == plan
    assert participant.events == [
        events.PlanUpdated(
            participant_id=PARTICIPANT_ID,
            plan_version=1,
            end_goal=EndGoal.WORK,
            norwegian_goal=CefrLevel.B1,
            activity_kinds=(ActivityKind.NORWEGIAN, ActivityKind.LANGUAGE_PRACTICE),
            programme_hours_per_week=32.5,
            saved_on=TODAY,
        )
    ]


def test_each_update_increments_the_version() -> None:
    participant = planned()

    second = update_plan(participant, version=1, norwegian_goal=CefrLevel.B2)
    third = update_plan(participant, version=2, end_goal=EndGoal.EDUCATION)

    assert (second.version, third.version) == (2, 3)
    assert participant.plan == third
    assert [e.plan_version for e in participant.events] == [2, 3]


@pytest.mark.parametrize(
    ("state", "based_on", "current"),
    [("planned", 0, 1), ("planned", 2, 1), ("enrolled", 1, 0)],
    ids=["create-over-existing", "ahead-of-current", "update-without-plan"],
)
def test_a_stale_version_is_refused(state: str, based_on: int, current: int) -> None:
    participant = planned() if state == "planned" else enrolled()
    before = participant.plan

    with pytest.raises(StaleVersion) as refused:
        update_plan(participant, version=based_on, norwegian_goal=CefrLevel.C1)

    assert refused.value.code == "stale-version"
    assert (refused.value.current, refused.value.given) == (current, based_on)
    assert participant.plan == before
    assert participant.events == []


# Programme hours ----------------------------------------------------------------------


def test_full_time_exactly_is_allowed() -> None:
    participant = enrolled()

    plan = update_plan(participant, activities=(activity(25.0), activity(12.5)))

    assert plan.programme_hours_per_week == FULL_TIME_HOURS_PER_WEEK == 37.5


def test_hours_in_tenths_that_add_up_to_full_time_are_allowed() -> None:
    participant = enrolled()

    plan = update_plan(participant, activities=(activity(0.1), activity(32.2), activity(5.2)))

    assert plan.programme_hours_per_week == 37.5


def test_more_than_full_time_is_refused() -> None:
    participant = enrolled()

    with pytest.raises(Invalid) as refused:
        update_plan(participant, activities=(activity(25.0), activity(12.6)))

    assert refused.value.code == "hours-over-full-time"
    assert participant.plan is None
    assert participant.events == []


def test_activities_outside_the_programme_do_not_count_towards_full_time() -> None:
    participant = enrolled()
    evening_football = activity(
        6.0,
        kind=ActivityKind.OTHER,
        provider_unit="Hamar frivilligsentral",
        counts_as_programme_hours=False,
    )

    plan = update_plan(participant, activities=(activity(37.5), evening_football))

    assert plan.programme_hours_per_week == 37.5
    assert len(plan.activities) == 2


@pytest.mark.parametrize("hours", [0.0, -1.0])
def test_an_activity_needs_some_hours(hours: float) -> None:
    participant = enrolled()

    with pytest.raises(Invalid) as refused:
        update_plan(participant, activities=(activity(hours),))

    assert refused.value.code == "hours"
    assert participant.plan is None


# Activity dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_date", "to_date"),
    [
        (date(2026, 5, 1), date(2026, 10, 31)),
        (date(2026, 5, 1), date(2026, 5, 1)),
        (date(2026, 5, 1), None),
        (None, date(2026, 10, 31)),
    ],
    ids=["a-period", "one-day", "open-ended", "no-start"],
)
def test_activity_periods_are_accepted(from_date: date | None, to_date: date | None) -> None:
    participant = enrolled()

    plan = update_plan(participant, activities=(activity(from_date=from_date, to_date=to_date),))

    assert plan.activities[0].to_date == to_date


def test_an_activity_cannot_end_before_it_starts() -> None:
    participant = planned()
    before = participant.plan

    with pytest.raises(Invalid) as refused:
        update_plan(
            participant,
            version=1,
            activities=(activity(from_date=date(2026, 6, 1), to_date=date(2026, 5, 31)),),
        )

    assert refused.value.code == "dates-out-of-order"
    assert participant.plan == before
    assert participant.events == []
