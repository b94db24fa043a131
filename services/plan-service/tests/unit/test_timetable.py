"""The year-round timetable's rules: sessions that do not overlap, and the full-time
check week by week over holidays and closures, covered or not."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.timetable import (
    Closure,
    ClosureKind,
    ParticipantHoliday,
    ProviderKind,
    Session,
    WeekCheck,
    check_week,
    check_weeks,
)

PARTICIPANT = UUID("01930000-0000-7000-8000-000000000001")
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
PROGRAMME = (date(2026, 1, 5), date(2027, 12, 31))
MONDAY = date(2026, 6, 22)  # a Monday in the learning centre's summer holiday


def session(
    weekday: int,
    starts: str,
    ends: str,
    *,
    kind: ProviderKind = ProviderKind.LEARNING_CENTRE,
    provider: str = "hamar-laeringssenter",
    valid_from: date = date(2026, 1, 5),
    valid_to: date | None = None,
    existing: tuple[Session, ...] = (),
) -> Session:
    return Session.add(
        session_id=uuid4(),
        participant_id=PARTICIPANT,
        municipality="3403",
        provider_kind=kind,
        provider_id=provider,
        weekday=weekday,
        starts=time.fromisoformat(starts),
        ends=time.fromisoformat(ends),
        valid_from=valid_from,
        valid_to=valid_to,
        existing=existing,
        recorded_by="saksbehandler",
        recorded_by_agency="refugee-service",
        recorded_at=NOW,
    )


def closure(
    first: date,
    last: date,
    *,
    covered_by: str | None = None,
    provider: str = "hamar-laeringssenter",
) -> Closure:
    return Closure.record(
        closure_id=uuid4(),
        municipality="3403",
        provider_kind=ProviderKind.LEARNING_CENTRE,
        provider_id=provider,
        kind=ClosureKind.HOLIDAY,
        from_date=first,
        to_date=last,
        covered_by=covered_by,
        recorded_by="saksbehandler",
        recorded_by_agency="learning-centre",
        recorded_at=NOW,
    )


def full_week() -> list[Session]:
    """Learning centre 08:00-14:00 Monday to Friday (30 h), work practice 09:00-16:30 on
    Saturday (7.5 h): 37.5 hours."""
    found: list[Session] = []
    for weekday in range(1, 6):
        found.append(session(weekday, "08:00", "14:00", existing=tuple(found)))
    found.append(
        session(6, "09:00", "16:30", kind=ProviderKind.WORK_PRACTICE, provider="974760673")
    )
    return found


def test_a_session_announces_codes_and_minutes_only() -> None:
    added = session(1, "08:30", "14:30")

    assert added.minutes == 360
    assert added.events == [
        events.TimetableSessionAdded(
            participant_id=PARTICIPANT,
            session_id=added.id,
            provider_kind="learning_centre",
            weekday=1,
            start_minute=510,
            minutes=360,
            valid_from=date(2026, 1, 5),
            valid_to=None,
            recorded_by_agency="refugee-service",
        )
    ]


def test_a_session_overlapping_another_of_the_same_person_is_refused() -> None:
    first = session(1, "08:00", "12:00")

    with pytest.raises(Conflict) as refused:
        session(1, "11:30", "15:00", kind=ProviderKind.NAV_MEASURE, existing=(first,))

    assert refused.value.code == "session-overlaps"


def test_sessions_that_only_touch_or_lie_in_other_periods_do_not_overlap() -> None:
    first = session(1, "08:00", "12:00", valid_to=date(2026, 6, 30))

    after = session(1, "12:00", "15:00", existing=(first,))
    later = session(1, "08:00", "12:00", valid_from=date(2026, 7, 1), existing=(first, after))

    assert after.weekday == later.weekday == 1


@pytest.mark.parametrize(
    ("starts", "ends", "valid_to", "code"),
    [
        ("14:00", "08:00", None, "time-span-invalid"),
        ("08:00", "08:00", None, "time-span-invalid"),
        ("08:00", "12:00", date(2026, 1, 4), "period-not-a-span"),
    ],
)
def test_a_span_that_is_not_a_span_is_refused(
    starts: str, ends: str, valid_to: date | None, code: str
) -> None:
    with pytest.raises(Invalid) as refused:
        session(1, starts, ends, valid_to=valid_to)

    assert refused.value.code == code


def test_a_full_week_is_full_time() -> None:
    week = check_week(date(2026, 3, 2), full_week(), [], programme=PROGRAMME)

    assert (week.minutes, week.required_minutes, week.full_time) == (2250, 2250, True)


def test_a_holiday_nobody_covers_takes_its_hours_off_the_week() -> None:
    holiday = closure(date(2026, 6, 22), date(2026, 8, 14))

    week = check_week(MONDAY, full_week(), [holiday], programme=PROGRAMME)

    assert week.closed_minutes == 5 * 360
    assert week.minutes == 450  # only the work practice
    assert not week.full_time
    assert week.missing_minutes == 1800


def test_a_holiday_the_refugee_service_covers_keeps_the_week_full_time() -> None:
    holiday = closure(date(2026, 6, 22), date(2026, 8, 14), covered_by="refugee-service")

    week = check_week(MONDAY, full_week(), [holiday], programme=PROGRAMME)

    assert (week.covered_minutes, week.closed_minutes, week.full_time) == (1800, 0, True)


def test_a_closure_of_another_provider_does_not_touch_the_week() -> None:
    other = closure(date(2026, 6, 22), date(2026, 6, 26), provider="gjovik-laeringssenter")

    week = check_week(MONDAY, full_week(), [other], programme=PROGRAMME)

    assert week.full_time


def test_one_closed_day_is_enough_to_fall_below_full_time_but_not_with_heavy_self_study() -> None:
    wednesday = closure(date(2026, 3, 4), date(2026, 3, 4))

    week = check_week(date(2026, 3, 2), full_week(), [wednesday], programme=PROGRAMME)
    heavy = check_week(
        date(2026, 3, 2), full_week(), [wednesday], programme=PROGRAMME, heavy_self_study=True
    )

    assert (week.minutes, week.full_time) == (1890, False)
    assert (heavy.required_minutes, heavy.full_time) == (1800, True)


def test_a_week_partly_within_the_programme_needs_its_share() -> None:
    # The programme starts on Wednesday 7 January: three weekdays of five.
    week = check_week(
        date(2026, 1, 5), full_week(), [], programme=(date(2026, 1, 7), date(2027, 12, 31))
    )

    assert week.required_minutes == 1350
    assert week.scheduled_minutes == 3 * 360 + 450
    assert week.full_time


def test_the_weeks_run_monday_to_monday_within_the_programme() -> None:
    weeks = check_weeks(date(2025, 12, 1), date(2026, 1, 21), full_week(), [], programme=PROGRAMME)

    assert [w.week_start for w in weeks] == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]


def test_a_week_check_is_announced_again_only_when_it_changes() -> None:
    week = check_week(date(2026, 3, 2), full_week(), [], programme=PROGRAMME)
    first = WeekCheck.announce(
        check_id=uuid4(), participant_id=PARTICIPANT, municipality="3403", week=week, previous=None
    )
    assert first is not None

    again = WeekCheck.announce(
        check_id=uuid4(), participant_id=PARTICIPANT, municipality="3403", week=week, previous=first
    )
    closed = check_week(
        date(2026, 3, 2),
        full_week(),
        [closure(date(2026, 3, 2), date(2026, 3, 2))],
        programme=PROGRAMME,
    )
    changed = WeekCheck.announce(
        check_id=uuid4(),
        participant_id=PARTICIPANT,
        municipality="3403",
        week=closed,
        previous=first,
    )

    assert again is None
    assert changed is not None
    assert changed.id == first.id
    assert [e.full_time for e in first.events + changed.events] == [True, False]


def holiday(
    first: date, last: date, *, existing: tuple[ParticipantHoliday, ...] = ()
) -> ParticipantHoliday:
    return ParticipantHoliday.record(
        holiday_id=uuid4(),
        participant_id=PARTICIPANT,
        municipality="3403",
        from_date=first,
        to_date=last,
        existing=existing,
        recorded_by="saksbehandler",
        recorded_by_agency="refugee-service",
        recorded_at=NOW,
    )


def test_the_participants_own_holiday_over_a_closure_nobody_covers_is_full_time() -> None:
    closed = closure(date(2026, 6, 22), date(2026, 8, 14))
    own = holiday(MONDAY, MONDAY + timedelta(days=6))

    week = check_week(MONDAY, full_week(), [closed], programme=PROGRAMME, holidays=[own])

    # Monday-Friday: full time's share (7.5 h each); the Saturday's work practice is
    # also in the holiday, so it is neither scheduled nor counted
    assert (week.holiday_minutes, week.scheduled_minutes, week.closed_minutes) == (2250, 0, 0)
    assert week.full_time


def test_two_holiday_days_count_their_share_with_heavy_self_study() -> None:
    own = holiday(date(2026, 3, 2), date(2026, 3, 3))

    week = check_week(
        date(2026, 3, 2),
        full_week(),
        [],
        programme=PROGRAMME,
        heavy_self_study=True,
        holidays=[own],
    )

    assert week.holiday_minutes == 2 * 360  # 30 h / 5 a day
    assert week.scheduled_minutes == 3 * 360 + 450
    assert week.full_time


def test_a_holiday_overlapping_another_or_over_five_weeks_a_year_is_refused() -> None:
    first = holiday(date(2026, 7, 6), date(2026, 7, 31))  # 20 weekdays

    with pytest.raises(Conflict) as overlap:
        holiday(date(2026, 7, 31), date(2026, 8, 3), existing=(first,))
    with pytest.raises(Invalid) as too_long:
        holiday(date(2026, 8, 3), date(2026, 8, 10), existing=(first,))  # 6 more weekdays
    fits = holiday(date(2026, 8, 3), date(2026, 8, 7), existing=(first,))  # 5: exactly 25

    assert overlap.value.code == "holiday-overlaps"
    assert too_long.value.code == "holiday-over-five-weeks"
    assert len(fits.weekdays) == 5
