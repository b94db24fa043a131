"""The one clock: today is the date in Norway, whatever zone the machine runs in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from helhet_common.clock import OSLO, FixedClock, SystemClock


def test_today_is_the_date_in_norway_not_in_utc() -> None:
    # 23:30 UTC on 23 November is already the 24th in Oslo (UTC+1 in winter).
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert FixedClock(date(2026, 11, 24), now=late).today() == date(2026, 11, 24)


def test_a_fixed_moment_must_be_on_the_day_it_claims() -> None:
    with pytest.raises(ValueError, match="not on"):
        FixedClock(date(2026, 11, 23), now=datetime(2026, 11, 23, 23, 30, tzinfo=UTC))


def test_a_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(date(2026, 3, 28))
    assert clock.now() == clock.now()
    assert clock.now().tzinfo is not None
    clock.advance(timedelta(days=1))
    assert clock.today() == date(2026, 3, 29)
    clock.set(date(2027, 1, 1))
    assert clock.today() == date(2027, 1, 1)


def test_the_system_clock_answers_in_utc_and_in_norway() -> None:
    clock = SystemClock()
    now = clock.now()
    assert now.utcoffset() == timedelta(0)
    assert clock.today() in {(now + timedelta(hours=h)).astimezone(OSLO).date() for h in (0, 1)}
