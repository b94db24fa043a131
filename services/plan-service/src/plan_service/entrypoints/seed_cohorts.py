"""The demo municipality at a realistic size (issues 15 and 16): besides the eleven
demo participants told in detail, 150 more settled over nearly six years, so that
several exit cohorts have left the programme and the overview's figures and the cohort
page's curves show (groups below five are suppressed).

Each gets a coarse gender, a programme (a year, two, or three with an extension), a
plan; those in the programme a full week's timetable and a plan review with NAV present
(a few a ledger of the last two weeks, some with invalid absence: a gap); those who left
Norwegian and social studies results, the exit, the status at exit (IMDi), in November
the year after (SSB; a few missing: a gap) and yearly up to five years after
settlement. The mix follows the research (``shared/domain``): about half in work or
education at exit (Norway 43 %, Hamar 68 %), about two thirds one year after (Norway
61-65 %), rising with the years, and women's shares well below men's (2011 leavers:
53 % vs 70 %).

Drawn from a fixed random seed, so every run makes the same people; one already there
is skipped, so running it twice is harmless. Ten persons' steps share one commit, each
step on its own day (the unit of work's clock is moved), to keep ``make seed`` quick.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from helhet_common.clock import FixedClock
from helhet_common.ids import uuid7
from helhet_common.unit_of_work import run_in
from plan_service.domain.attendance import CodeList, EntryKind
from plan_service.domain.codes import (
    CefrLevel,
    Completion,
    EndGoal,
    ExitReason,
    Gender,
    HouseholdType,
    LanguageLevel,
    MeasurePoint,
    OutcomeStatus,
    Regime,
    Skill,
    TestKind,
)
from plan_service.domain.participants import add_years
from plan_service.domain.sharing import LEARNING_CENTRE, NAV, REFUGEE_SERVICE, Caller
from plan_service.domain.timetable import ProviderKind, Session
from plan_service.entrypoints.seed_year import LEARNING_CENTRE_ID, PRACTICE_ID
from plan_service.service_layer import commands, handlers
from plan_service.service_layer.access import load_for
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

if TYPE_CHECKING:
    from plan_service.entrypoints.seed import Seeder

COHORT_SIZE = 150
# A full week (37.5 h): the learning centre on weekdays, language practice twice.
WEEK = [
    *((d, ProviderKind.LEARNING_CENTRE, LEARNING_CENTRE_ID, "08:00", "14:00") for d in range(1, 6)),
    *((d, ProviderKind.LANGUAGE_PRACTICE, PRACTICE_ID, "14:30", "18:15") for d in (2, 4)),
]
_NAMESPACE = uuid.UUID("8d5e0a4c-2f6b-4e1a-b7c3-5a9d0e1f2b34")
WORK_OR_EDUCATION = (OutcomeStatus.WORK, OutcomeStatus.EDUCATION)
OTHERWISE = (
    OutcomeStatus.NAV_MEASURE,
    OutcomeStatus.QUALIFICATION_PROGRAMME,
    OutcomeStatus.SOCIAL_ASSISTANCE,
    OutcomeStatus.OTHER,
)
# The chance of work or education: at exit, one year after, and n years after settlement.
AT_EXIT = {Gender.FEMALE: 0.42, Gender.MALE: 0.62}
ONE_YEAR = {Gender.FEMALE: 0.56, Gender.MALE: 0.74}
YEARLY_RISE = 0.04  # a year since settlement adds this much, after the programme
LANGUAGES = (("ti",), ("ar",), ("uk",), ("prs", "fa"), ("so",), ("ar", "en"), ("uk", "ru"))


def cohort_participant_id(n: int) -> UUID:
    """The fixed id of cohort participant ``n`` (1-based)."""
    return uuid.uuid5(_NAMESPACE, f"demo-cohort-{n}")


@dataclass(frozen=True)
class CohortPerson:
    n: int
    settled: date
    start: date
    programme_days: int
    gender: Gender
    household: HouseholdType
    birth_year: int
    languages: tuple[str, ...]
    luck: tuple[float, ...]  # one draw per measure: at exit, one year, years 1..5

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.programme_days)


def people(today: date) -> list[CohortPerson]:
    draw = random.Random(3400)
    found = []
    for n in range(1, COHORT_SIZE + 1):
        settled = today - timedelta(days=draw.randint(40, 2080))
        start = settled + timedelta(days=draw.randint(14, 75))
        programme_days = draw.choices(
            [draw.randint(230, 300), 730, draw.randint(900, 1090)], [25, 55, 20]
        )[0]
        gender = draw.choices(
            [Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.UNKNOWN], [50, 50, 0, 0]
        )[0]
        found.append(
            CohortPerson(
                n=n,
                settled=settled,
                start=start,
                programme_days=programme_days,
                gender=gender,
                household=HouseholdType.SINGLE if draw.random() < 0.3 else HouseholdType.FAMILY,
                birth_year=draw.randint(1970, 2004),
                languages=draw.choice(LANGUAGES),
                luck=tuple(draw.random() for _ in range(7)),
            )
        )
    return found


def _chance(table: dict[Gender, float], gender: Gender) -> float:
    return table.get(gender, (table[Gender.FEMALE] + table[Gender.MALE]) / 2)


def _status(luck: float, chance: float, n: int) -> OutcomeStatus:
    if luck < chance:
        return WORK_OR_EDUCATION[n % 5 == 0]  # mostly work, some education
    return OTHERWISE[int((luck - chance) / (1 - chance) * len(OTHERWISE)) % len(OTHERWISE)]


Step = tuple[Callable[[Any, PlanUnitOfWork], Awaitable[Any]], Any, date]  # and its day
CHUNK = 10  # persons per commit


async def _in_one_commit(seeder: Seeder, steps: list[Step]) -> None:
    """``steps`` in one unit of work, each on its own day (the clock is moved)."""
    clock = FixedClock(seeder.today)
    uow = PlanUnitOfWork(seeder.sessions, source=seeder.source, clock=clock)

    async def run(uow: PlanUnitOfWork) -> None:
        for handler, command, on in steps:
            clock.set(on)
            await handler(command, uow)

    await run_in(uow, run)


async def seed_cohorts(seeder: Seeder, caller: Caller, municipality: str) -> int:
    """Seeds the cohort participants not there yet; returns how many it seeded."""
    today = seeder.today
    everyone = people(today)
    async with seeder.uow() as uow:
        there = {
            p.id
            for p in await uow.participants.get_many([cohort_participant_id(p.n) for p in everyone])
        }
    missing = [p for p in everyone if cohort_participant_id(p.n) not in there]
    for first in range(0, len(missing), CHUNK):
        steps: list[Step] = []
        for person in missing[first : first + CHUNK]:
            steps += _steps(caller, municipality, person, cohort_participant_id(person.n), today)
        await _in_one_commit(seeder, steps)
    return len(missing)


def _steps(
    caller: Caller, municipality: str, person: CohortPerson, pid: UUID, today: date
) -> list[Step]:
    settle = commands.SettleParticipant(
        participant_id=pid,
        municipality=municipality,
        settlement_date=person.settled,
        birth_year=person.birth_year,
        household_type=person.household,
        languages=person.languages,
        personal={},
        gender=person.gender,
    )
    steps: list[Step] = [(handlers.settle_participant, settle, today)]
    planned_on = person.start + timedelta(days=20 + person.n % 90)
    if person.start > today:
        return steps
    start = commands.StartProgramme(
        participant_id=pid,
        municipality=municipality,
        regime=Regime.INTEGRATION_ACT,
        start_date=person.start,
        expected_end_date=person.end,
    )
    steps.append((handlers.start_programme, start, today))
    if planned_on > today:
        return steps
    plan = commands.UpdatePlan(
        participant_id=pid,
        municipality=municipality,
        expected_version=0,
        end_goal=EndGoal.WORK if person.n % 4 else EndGoal.EDUCATION,
        norwegian_goal=CefrLevel.B1 if person.n % 3 else CefrLevel.A2,
        activities=(),
        caller=caller,
    )
    steps.append((handlers.update_plan, plan, planned_on))
    if person.end < today:
        return steps + [(h, c, today) for h, c in _exit_steps(person, pid, caller, today)]
    # In the programme: the plan reviewed lately, with NAV at the table.
    review = commands.ReviewPlan(
        caller=caller,
        participant_id=pid,
        reviewed_on=max(planned_on, today - timedelta(days=20 + person.n % 100)),
        agencies_present=(REFUGEE_SERVICE, LEARNING_CENTRE, NAV),
        participant_acknowledged=True,
        participant_disagrees=False,
        participant_comment=None,
        municipality_justification=None,
        next_review_due=None,
    )
    week = _Week(caller, pid, person.start)
    steps += [(handlers.review_plan, review, today), (_add_week, week, today)]
    if person.n % 12 == 0:  # a few with a ledger: some with much invalid absence (a gap)
        steps += _ledger(caller, pid, person, today, invalid_days=2 if person.n % 24 else 0)
    return steps


def _ledger(
    caller: Caller, pid: UUID, person: CohortPerson, today: date, *, invalid_days: int
) -> list[Step]:
    """The last two weeks' weekdays: attendance, a day of illness, and ``invalid_days``
    days of invalid absence (the learning centre records them)."""
    days = [today - timedelta(days=d) for d in range(1, 15)]
    weekdays = [d for d in days if d.weekday() < 5 and d >= person.start][:10]
    codes = CodeList.for_municipality(caller.municipality)
    entries: list[Step] = []
    for index, day in enumerate(weekdays):
        code = "ugyldig" if index < invalid_days else "syk" if index == invalid_days else None
        entry = commands.RecordLedgerEntry(
            caller=caller,
            participant_id=pid,
            entry_id=uuid.uuid5(_NAMESPACE, f"ledger-{person.n}-{day.isoformat()}"),
            kind=EntryKind.ABSENCE if code else EntryKind.ATTENDANCE,
            on=day,
            minutes=360,
            code=code,
            codes=codes,
        )
        entries.append((handlers.record_ledger_entry, entry, today))
    return entries


@dataclass(frozen=True)
class _Week:
    caller: Caller
    participant_id: UUID
    valid_from: date


async def _add_week(week: _Week, uow: PlanUnitOfWork) -> None:
    """A full week's sessions (``WEEK``) at once: what ``timetable.add_session`` does for
    each, with the participant loaded once."""
    participant = await load_for(uow, week.caller, week.participant_id)
    existing = list(await uow.sessions.of_participant(participant.id, lock=True))
    for weekday, kind, provider, starts, ends in WEEK:
        session = Session.add(
            session_id=uuid7(),
            participant_id=participant.id,
            municipality=participant.municipality,
            provider_kind=kind,
            provider_id=provider,
            weekday=weekday,
            starts=time.fromisoformat(starts),
            ends=time.fromisoformat(ends),
            valid_from=week.valid_from,
            valid_to=None,
            existing=existing,
            recorded_by=week.caller.sub,
            recorded_by_agency=week.caller.agency,
            recorded_at=uow.clock.now(),
        )
        await uow.sessions.add(session)
        existing.append(session)


def _exit_steps(
    person: CohortPerson, pid: UUID, caller: Caller, today: date
) -> list[tuple[Any, Any]]:
    end, n, luck = person.end, person.n, person.luck
    levels = (LanguageLevel.A1, LanguageLevel.A2, LanguageLevel.B1, LanguageLevel.B2)
    written = levels[min(3, int(luck[0] * 4 + 0.4))]
    steps: list[tuple[Any, Any]] = [
        (
            handlers.record_test_result,
            commands.RecordTestResult(
                caller=caller,
                participant_id=pid,
                test=TestKind.NORWEGIAN,
                taken_on=end - timedelta(days=45),
                levels={
                    Skill.WRITING: written,
                    Skill.READING: written,
                    Skill.LISTENING: levels[min(3, levels.index(written) + 1)],
                    Skill.SPEAKING: levels[min(3, levels.index(written) + (n % 2))],
                },
                passed=None,
            ),
        ),
        (
            handlers.record_test_result,
            commands.RecordTestResult(
                caller=caller,
                participant_id=pid,
                test=TestKind.SOCIAL_STUDIES,
                taken_on=end - timedelta(days=90),
                levels={},
                passed=luck[1] < 0.78,
            ),
        ),
    ]
    at_exit = _status(luck[0], _chance(AT_EXIT, person.gender), n)
    steps.append(
        (
            handlers.end_programme,
            commands.EndProgramme(
                caller=caller,
                participant_id=pid,
                completion=Completion.INTERRUPTED
                if person.programme_days < 365
                else Completion.COMPLETED,
                end_date=end,
                reason=ExitReason.WORK
                if at_exit is OutcomeStatus.WORK
                else ExitReason.EDUCATION
                if at_exit is OutcomeStatus.EDUCATION
                else ExitReason.PERIOD_EXPIRED,
            ),
        )
    )
    outcomes = [(MeasurePoint.AT_EXIT, at_exit, end, True)]
    ssb_on = date(end.year + 1, 11, 15)
    follow_up_ends = add_years(person.settled, 5)
    if ssb_on <= today and ssb_on <= follow_up_ends and n % 25 != 7:  # a few missing
        one_year = _status(luck[1], _chance(ONE_YEAR, person.gender), n)
        outcomes.append((MeasurePoint.ONE_YEAR_AFTER, one_year, ssb_on, True))
    for year in range(1, 6):
        status_on = add_years(person.settled, year) - timedelta(days=20)
        if status_on <= end or status_on > today:
            continue
        chance = _chance(ONE_YEAR, person.gender) + YEARLY_RISE * (year - 2)
        draw = luck[1 + year]
        if draw > 0.96:
            status = OutcomeStatus.MOVED_AWAY
        elif draw > 0.92:
            status = OutcomeStatus.UNKNOWN
        else:
            status = _status(draw / 0.92, chance, n + year)
        outcomes.append(
            (MeasurePoint.year(year), status, status_on, status is not OutcomeStatus.MOVED_AWAY)
        )
    for measured_at, status, status_on, stays in outcomes:
        steps.append(
            (
                handlers.record_outcome,
                commands.RecordOutcome(
                    caller=caller,
                    participant_id=pid,
                    measured_at=measured_at,
                    status=status,
                    status_on=status_on,
                    still_in_municipality=stays if measured_at.years_since_settlement else None,
                ),
            )
        )
    return steps
