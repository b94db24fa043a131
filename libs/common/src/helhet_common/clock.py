"""One clock: what 'now' and 'today' are, for every service.

Helhet serves Norwegian municipalities, so 'today' is the date in Europe/Oslo whatever
zone the machine runs in (a server in UTC would otherwise start the day an hour or two
late). Moments (``now``) are aware and in UTC.

The domain never asks the system for the time: a handler reads ``uow.clock.today()``
and passes the date to the rule. Tests pin the clock with ``FixedClock``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, aware, in UTC."""
        ...

    def today(self) -> date:
        """Today's date in Norway."""
        ...


class SystemClock:
    """The real clock."""

    def __init__(self, zone: ZoneInfo = OSLO) -> None:
        self.zone = zone

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(self.zone).date()


class FixedClock:
    """A clock that stands still until it is moved: for tests, seeds and replays.

    ``now`` is noon in Norway on ``today`` unless a moment is given.
    """

    def __init__(self, today: date, *, now: datetime | None = None) -> None:
        self._now = now or datetime.combine(today, time(12), tzinfo=OSLO).astimezone(UTC)
        if self._now.tzinfo is None:
            raise ValueError("a fixed moment must be aware")
        if self._now.astimezone(OSLO).date() != today:
            raise ValueError(f"{self._now.isoformat()} is not on {today} in Norway")

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.astimezone(OSLO).date()

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, today: date) -> None:
        self._now = datetime.combine(today, time(12), tzinfo=OSLO).astimezone(UTC)


SYSTEM_CLOCK = SystemClock()
