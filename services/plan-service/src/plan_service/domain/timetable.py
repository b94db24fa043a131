"""The year-round timetable: each participant's weekly sessions from every provider, the
providers' holidays and closures (and who covers them), and the full-time check week
by week (issue 16; report 002, F17: the programme runs all year and full time, and the
refugee service fills the teachers' holidays).

A session is a weekly slot (a weekday, a start and an end time) with one provider,
valid from a day to a day (or open-ended). A participant's sessions never overlap. A
closure closes a provider on some days: its sessions there count towards the week only
when someone covers the closure.

The full-time check: a programme week is 37.5 hours, or 30 where self-study is heavy
(integreringsloven, docs/timetable.md). A week that lies only partly within the
programme needs its share by weekdays (Monday to Friday) within the programme.

Plain Python: no I/O, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events

FULL_TIME_MINUTES = 37 * 60 + 30  # 37.5 hours a week
HEAVY_SELF_STUDY_MINUTES = 30 * 60  # 30 hours a week where self-study is heavy
WORKDAYS = 5
HOLIDAY_WEEKDAYS = 5 * WORKDAYS  # the participant's own five weeks a year


class ProviderKind(StrEnum):
    LEARNING_CENTRE = "learning_centre"
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_MEASURE = "nav_measure"
    OTHER = "other"


class ClosureKind(StrEnum):
    HOLIDAY = "holiday"  # the provider's holiday (e.g. the teachers' summer)
    CLOSURE = "closure"  # any other day the provider is closed


def minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def _check_period(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise Invalid(
            f"The period ends ({valid_to.isoformat()}) before it begins "
            f"({valid_from.isoformat()}).",
            code="period-not-a-span",
        )


@dataclass
class Session:
    """A weekly session of one provider: ``weekday`` 1 (Monday) to 7 (Sunday)."""

    id: UUID
    participant_id: UUID
    municipality: str
    provider_kind: ProviderKind
    provider_id: str  # the provider unit's code (organisation number or unit code)
    weekday: int
    starts: time
    ends: time
    valid_from: date
    valid_to: date | None
    recorded_by: str
    recorded_by_agency: str
    recorded_at: datetime
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def minutes(self) -> int:
        return minute_of(self.ends) - minute_of(self.starts)

    def runs_on(self, day: date) -> bool:
        return (
            day.isoweekday() == self.weekday
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )

    def overlaps(self, other: Session) -> bool:
        return (
            self.weekday == other.weekday
            and _overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to)
            and minute_of(self.starts) < minute_of(other.ends)
            and minute_of(other.starts) < minute_of(self.ends)
        )

    @classmethod
    def add(
        cls,
        *,
        session_id: UUID,
        participant_id: UUID,
        municipality: str,
        provider_kind: ProviderKind,
        provider_id: str,
        weekday: int,
        starts: time,
        ends: time,
        valid_from: date,
        valid_to: date | None,
        existing: Iterable[Session],
        recorded_by: str,
        recorded_by_agency: str,
        recorded_at: datetime,
    ) -> Session:
        """A session: a real span of time on a weekday, a real period, and no overlap
        with another session of the participant's on the same weekday in the period."""
        if not 1 <= weekday <= 7:
            raise Invalid("The weekday is 1 (Monday) to 7 (Sunday).", code="weekday-invalid")
        if minute_of(ends) <= minute_of(starts):
            raise Invalid(
                f"A session ends after it starts ({starts:%H:%M} to {ends:%H:%M} is not a "
                "span of time).",
                code="time-span-invalid",
            )
        _check_period(valid_from, valid_to)
        session = cls(
            id=session_id,
            participant_id=participant_id,
            municipality=municipality,
            provider_kind=provider_kind,
            provider_id=provider_id,
            weekday=weekday,
            starts=starts,
            ends=ends,
            valid_from=valid_from,
            valid_to=valid_to,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            recorded_at=recorded_at,
        )
        session._refuse_overlap(existing)
        session.events.append(
            events.TimetableSessionAdded(
                participant_id=participant_id,
                session_id=session_id,
                provider_kind=provider_kind.value,
                weekday=weekday,
                start_minute=minute_of(starts),
                minutes=session.minutes,
                valid_from=valid_from,
                valid_to=valid_to,
                recorded_by_agency=recorded_by_agency,
            )
        )
        return session

    def _refuse_overlap(self, existing: Iterable[Session]) -> None:
        for other in existing:
            if other.id != self.id and other.overlaps(self):
                raise Conflict(
                    "The session overlaps another of the participant's sessions "
                    f"({other.provider_kind.value}, weekday {other.weekday}, "
                    f"{other.starts:%H:%M}-{other.ends:%H:%M}).",
                    code="session-overlaps",
                    overlaps=str(other.id),
                )

    def change(
        self,
        *,
        starts: time | None,
        ends: time | None,
        valid_to: date | None,
        existing: Iterable[Session],
        by_agency: str,
    ) -> None:
        """New times (and, with them, a new last day): still a span, still a period, and
        still overlapping none of the participant's other sessions. Announced as
        ``helhet.timetable_session.changed.v1``; nothing changes on a refusal."""
        new_starts = starts if starts is not None else self.starts
        new_ends = ends if ends is not None else self.ends
        new_to = valid_to if valid_to is not None else self.valid_to
        if minute_of(new_ends) <= minute_of(new_starts):
            raise Invalid(
                f"A session ends after it starts ({new_starts:%H:%M} to {new_ends:%H:%M} is "
                "not a span of time).",
                code="time-span-invalid",
            )
        _check_period(self.valid_from, new_to)
        candidate = Session(
            id=self.id,
            participant_id=self.participant_id,
            municipality=self.municipality,
            provider_kind=self.provider_kind,
            provider_id=self.provider_id,
            weekday=self.weekday,
            starts=new_starts,
            ends=new_ends,
            valid_from=self.valid_from,
            valid_to=new_to,
            recorded_by=self.recorded_by,
            recorded_by_agency=self.recorded_by_agency,
            recorded_at=self.recorded_at,
        )
        candidate._refuse_overlap(existing)
        self.starts, self.ends, self.valid_to = new_starts, new_ends, new_to
        self.events.append(
            events.TimetableSessionChanged(
                participant_id=self.participant_id,
                session_id=self.id,
                provider_kind=self.provider_kind.value,
                weekday=self.weekday,
                start_minute=minute_of(self.starts),
                minutes=self.minutes,
                valid_from=self.valid_from,
                valid_to=self.valid_to,
                changed_by_agency=by_agency,
            )
        )

    def end(self, *, last_day: date, by_agency: str) -> None:
        """The session's last day (ending it earlier, or later than before). A last day
        before its first is 422 ``period-not-a-span``. Announced as
        ``helhet.timetable_session.ended.v1``."""
        _check_period(self.valid_from, last_day)
        self.valid_to = last_day
        self.events.append(
            events.TimetableSessionEnded(
                participant_id=self.participant_id,
                session_id=self.id,
                valid_to=last_day,
                ended_by_agency=by_agency,
            )
        )


@dataclass
class ParticipantHoliday:
    """The participant's own holiday (five weeks a year, docs/timetable.md), from a day
    to a day (both included). Its weekdays count as covered in the full-time check."""

    id: UUID
    participant_id: UUID
    municipality: str
    from_date: date
    to_date: date
    recorded_by: str
    recorded_by_agency: str
    recorded_at: datetime

    def covers(self, day: date) -> bool:
        return self.from_date <= day <= self.to_date

    @property
    def weekdays(self) -> list[date]:
        days = (self.to_date - self.from_date).days + 1
        found = [self.from_date + timedelta(days=n) for n in range(days)]
        return [d for d in found if d.weekday() < WORKDAYS]

    @classmethod
    def record(
        cls,
        *,
        holiday_id: UUID,
        participant_id: UUID,
        municipality: str,
        from_date: date,
        to_date: date,
        existing: Iterable[ParticipantHoliday],
        recorded_by: str,
        recorded_by_agency: str,
        recorded_at: datetime,
    ) -> ParticipantHoliday:
        """A holiday: a real period, overlapping none of the participant's others (409
        ``holiday-overlaps``), and with the others of its calendar years at most five
        weeks (25 weekdays) a year (422 ``holiday-over-five-weeks``)."""
        _check_period(from_date, to_date)
        holiday = cls(
            id=holiday_id,
            participant_id=participant_id,
            municipality=municipality,
            from_date=from_date,
            to_date=to_date,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            recorded_at=recorded_at,
        )
        others = list(existing)
        for other in others:
            if _overlap(other.from_date, other.to_date, from_date, to_date):
                raise Conflict(
                    f"The holiday overlaps another of the participant's "
                    f"({other.from_date.isoformat()} to {other.to_date.isoformat()}).",
                    code="holiday-overlaps",
                    overlaps=str(other.id),
                )
        for year in {d.year for d in holiday.weekdays}:
            taken = sum(1 for h in [*others, holiday] for d in h.weekdays if d.year == year)
            if taken > HOLIDAY_WEEKDAYS:
                raise Invalid(
                    f"The participant's holiday in {year} would be {taken} weekdays; five "
                    f"weeks are {HOLIDAY_WEEKDAYS}.",
                    code="holiday-over-five-weeks",
                    year=year,
                    weekdays=taken,
                )
        return holiday


@dataclass
class Closure:
    """A provider closed from a day to a day (both included); ``covered_by`` names the
    agency that runs the sessions instead (e.g. the refugee service in the teachers'
    holidays), or is ``None`` when nobody does. It announces nothing itself: it concerns
    no one participant, and what it does to each participant's weeks is announced by
    the weeks' checks."""

    id: UUID
    municipality: str
    provider_kind: ProviderKind
    provider_id: str
    kind: ClosureKind
    from_date: date
    to_date: date
    covered_by: str | None
    recorded_by: str
    recorded_by_agency: str
    recorded_at: datetime
    events: list[Any] = field(default_factory=list, repr=False)

    def closes(self, session: Session, day: date) -> bool:
        return (
            self.provider_kind is session.provider_kind
            and self.provider_id == session.provider_id
            and self.from_date <= day <= self.to_date
        )

    @classmethod
    def record(
        cls,
        *,
        closure_id: UUID,
        municipality: str,
        provider_kind: ProviderKind,
        provider_id: str,
        kind: ClosureKind,
        from_date: date,
        to_date: date,
        covered_by: str | None,
        recorded_by: str,
        recorded_by_agency: str,
        recorded_at: datetime,
    ) -> Closure:
        _check_period(from_date, to_date)
        closure = cls(
            id=closure_id,
            municipality=municipality,
            provider_kind=provider_kind,
            provider_id=provider_id,
            kind=kind,
            from_date=from_date,
            to_date=to_date,
            covered_by=covered_by,
            recorded_by=recorded_by,
            recorded_by_agency=recorded_by_agency,
            recorded_at=recorded_at,
        )
        return closure


@dataclass(frozen=True)
class Week:
    """One week of a participant's timetable, in minutes."""

    week_start: date  # the Monday
    scheduled_minutes: int  # the sessions on the week's days within the programme
    closed_minutes: int  # of these, on days their provider was closed and nobody covered
    covered_minutes: int  # of these, on days their provider was closed and someone covered
    required_minutes: int  # full time, by the weekdays of the week within the programme
    heavy_self_study: bool
    # the participant's own holiday: each of its weekdays counts as covered with its
    # share of full time (the week's full time / 5), in place of that day's sessions
    holiday_minutes: int = 0

    @property
    def minutes(self) -> int:
        """The hours that count: the sessions, less those closed and not covered, and
        the participant's own holiday."""
        return self.scheduled_minutes - self.closed_minutes + self.holiday_minutes

    @property
    def full_time(self) -> bool:
        return self.minutes >= self.required_minutes

    @property
    def missing_minutes(self) -> int:
        return max(0, self.required_minutes - self.minutes)


def check_week(
    week_start: date,
    sessions: Sequence[Session],
    closures: Sequence[Closure],
    *,
    programme: tuple[date, date],
    heavy_self_study: bool = False,
    holidays: Sequence[ParticipantHoliday] = (),
) -> Week:
    """The full-time check of the week beginning on Monday ``week_start``: the hours of
    its sessions on days within ``programme`` (first and last day), less those of a
    closure nobody covers, against 37.5 hours (30 with heavy self-study), in proportion
    to the weekdays of the week within the programme. A day of the participant's own
    holiday counts, when a weekday, as its share of full time; its sessions do not."""
    if week_start.weekday() != 0:
        raise ValueError("a week begins on a Monday")
    first, last = programme
    per_week = HEAVY_SELF_STUDY_MINUTES if heavy_self_study else FULL_TIME_MINUTES
    scheduled = closed = covered = holiday = 0
    workdays = 0
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        if not first <= day <= last:
            continue
        if day.weekday() < WORKDAYS:
            workdays += 1
        if any(h.covers(day) for h in holidays):
            if day.weekday() < WORKDAYS:
                holiday += per_week // WORKDAYS
            continue
        for session in sessions:
            if not session.runs_on(day):
                continue
            scheduled += session.minutes
            closing = [c for c in closures if c.closes(session, day)]
            if not closing:
                continue
            if any(c.covered_by is not None for c in closing):
                covered += session.minutes
            else:
                closed += session.minutes
    return Week(
        week_start=week_start,
        scheduled_minutes=scheduled,
        closed_minutes=closed,
        covered_minutes=covered,
        required_minutes=per_week * workdays // WORKDAYS,
        heavy_self_study=heavy_self_study,
        holiday_minutes=holiday,
    )


def check_weeks(
    first: date,
    last: date,
    sessions: Sequence[Session],
    closures: Sequence[Closure],
    *,
    programme: tuple[date, date],
    heavy_self_study: bool = False,
    holidays: Sequence[ParticipantHoliday] = (),
) -> list[Week]:
    """Every week from the one holding ``first`` to the one holding ``last`` that has a
    day within the programme."""
    weeks: list[Week] = []
    start, end = monday_of(max(first, programme[0])), min(last, programme[1])
    while start <= end:
        weeks.append(
            check_week(
                start,
                sessions,
                closures,
                programme=programme,
                heavy_self_study=heavy_self_study,
                holidays=holidays,
            )
        )
        start += timedelta(days=7)
    return weeks


@dataclass
class WeekCheck:
    """The full-time check of a participant's week as last announced: announced again
    only when the timetable changed what it says."""

    id: UUID
    participant_id: UUID
    municipality: str
    week: Week
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def announce(
        cls,
        *,
        check_id: UUID,
        participant_id: UUID,
        municipality: str,
        week: Week,
        previous: WeekCheck | None,
    ) -> WeekCheck | None:
        """The check of ``week`` with its event, or ``None`` when ``previous`` already
        said the same."""
        if previous is not None and previous.week == week:
            return None
        check = cls(
            id=previous.id if previous is not None else check_id,
            participant_id=participant_id,
            municipality=municipality,
            week=week,
        )
        check.events.append(
            events.TimetableWeekChecked(
                participant_id=participant_id,
                week_start=week.week_start,
                minutes=week.minutes,
                required_minutes=week.required_minutes,
                closed_minutes=week.closed_minutes,
                covered_minutes=week.covered_minutes,
                holiday_minutes=week.holiday_minutes,
                full_time=week.full_time,
            )
        )
        return check
