"""plan-service's daily jobs, run as ``plan-service <job>`` (a Kubernetes CronJob)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

import structlog

from helhet_common.clock import SYSTEM_CLOCK, Clock, FixedClock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.service import ServiceCommand
from plan_service.service_layer import commands, erasure, handlers, timetable
from plan_service.service_layer.unit_of_work import PlanUnitOfWork
from plan_service.settings import PlanSettings

log = structlog.get_logger(__name__)


async def announce_lapsed_consents(
    settings: PlanSettings, *, clock: Clock = SYSTEM_CLOCK, batch: int = 500
) -> int:
    """Announce every consent that expired by today, in batches of ``batch`` (each its
    own transaction); the number announced. Running it twice announces nothing twice."""
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    announced = 0
    try:
        sessions = create_session_factory(engine)
        while True:
            async with PlanUnitOfWork(sessions, source=settings.source, clock=clock) as uow:
                lapsed = await handlers.announce_lapsed_consents(
                    commands.AnnounceLapsedConsents(limit=batch), uow
                )
                await uow.commit()
            announced += len(lapsed)
            if len(lapsed) < batch:
                break
    finally:
        await engine.dispose()
    log.info("consent_lapses_announced", announced=announced, today=str(clock.today()))
    return announced


def _clock(args: argparse.Namespace) -> Clock:
    """The job's clock: the real one, or standing on ``--today`` (a job missed and run
    later for its day, a rehearsal, a test)."""
    return FixedClock(args.today) if args.today is not None else SYSTEM_CLOCK


def _today_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the day to judge by (default: today in Norway)",
    )


async def _expire_consents(settings: PlanSettings, args: argparse.Namespace) -> None:
    await announce_lapsed_consents(settings, clock=_clock(args))


EXPIRE_CONSENTS = ServiceCommand(
    name="expire-consents",
    help="announce the consents that expired by today (run daily)",
    run=_expire_consents,
    add_arguments=_today_argument,
)


async def erase_due(
    settings: PlanSettings,
    *,
    clock: Clock = SYSTEM_CLOCK,
    years: int | None = None,
    batch: int = 200,
) -> int:
    """Erase every participant past the retention period (``erasure_after_years``, or
    ``years``), in batches of ``batch`` (each its own transaction, with its events in the
    outbox); the number erased. Running it again erases nobody twice."""
    period = years if years is not None else settings.erasure_after_years
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    erased = 0
    try:
        sessions = create_session_factory(engine)
        while True:
            async with PlanUnitOfWork(sessions, source=settings.source, clock=clock) as uow:
                done = await erasure.erase_due(erasure.EraseDue(years=period, limit=batch), uow)
                await uow.commit()
            erased += len(done)
            if len(done) < batch:
                break
    finally:
        await engine.dispose()
    log.info("participants_erased", erased=erased, years=period, today=str(clock.today()))
    return erased


async def _erase_due(settings: PlanSettings, args: argparse.Namespace) -> None:
    await erase_due(settings, clock=_clock(args), years=args.years)


def _erase_due_arguments(parser: argparse.ArgumentParser) -> None:
    _today_argument(parser)
    parser.add_argument(
        "--years", type=int, help="the retention period in years (default: the setting, 5)"
    )


ERASE_DUE = ServiceCommand(
    name="erase-due",
    help="erase the participants whose programme ended (or who moved away) more than the "
    "retention period ago, and tell every service (run daily)",
    run=_erase_due,
    add_arguments=_erase_due_arguments,
)


async def check_timetable_weeks(
    settings: PlanSettings, *, clock: Clock = SYSTEM_CLOCK, week_start: date | None = None
) -> int:
    """The full-time check of a week (by default the last whole week) for every
    participant in a programme, one municipality per transaction; the number of checks
    announced. Running it again announces only what changed."""
    today = clock.today()
    week = week_start or today - timedelta(days=today.weekday() + 7)
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    announced = 0
    try:
        sessions = create_session_factory(engine)
        async with PlanUnitOfWork(sessions, source=settings.source, clock=clock) as uow:
            municipalities = await uow.sessions.municipalities()
        for municipality in municipalities:
            async with PlanUnitOfWork(sessions, source=settings.source, clock=clock) as uow:
                checks = await timetable.check_week_of_municipality(
                    commands.CheckWeek(week_start=week, municipality=municipality), uow
                )
                await uow.commit()
            announced += len(checks)
    finally:
        await engine.dispose()
    log.info("timetable_weeks_checked", announced=announced, week_start=str(week))
    return announced


async def _check_timetable_weeks(settings: PlanSettings, args: argparse.Namespace) -> None:
    week = date.fromisoformat(args.week) if args.week else None
    await check_timetable_weeks(settings, week_start=week)


def _check_timetable_weeks_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--week", help="the week's Monday, YYYY-MM-DD (default: last week)")


CHECK_TIMETABLE_WEEKS = ServiceCommand(
    name="check-timetable-weeks",
    help="check last week's timetable hours against full time for every participant in a "
    "programme, and announce each check that changed (run weekly, on Monday)",
    run=_check_timetable_weeks,
    add_arguments=_check_timetable_weeks_arguments,
)
