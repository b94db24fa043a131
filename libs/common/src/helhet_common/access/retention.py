"""The access log is kept five years, then deleted (issue 12; docs/retention.md).

``prune_access_log`` deletes the rows of a service's access-log table (the shared
``access_log`` of ``helhet_common.access.tables``, or plan-service's own: any table with
an ``id`` and an ``at`` column) read more than ``years`` before now, in batches of
``batch`` rows, each its own transaction, so a large backlog never holds one long lock.
``prune_access_log_command`` is the job every service wires into its CLI as
``<service> prune-access-log`` (a daily CronJob), with the years from the service's
``access_log_keep_years`` setting (default 5) or ``--years``.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TypeVar

import structlog
from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.service import ServiceCommand
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

KEEP_YEARS = 5
NAME = "prune-access-log"


M = TypeVar("M", date, datetime)


def years_before(moment: M, years: int) -> M:
    """The same moment (or day) ``years`` earlier; 29 February becomes the 28th."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


async def prune_access_log(
    sessions: async_sessionmaker[AsyncSession],
    table: Table,
    *,
    years: int = KEEP_YEARS,
    clock: Clock = SYSTEM_CLOCK,
    batch: int = 10_000,
) -> int:
    """Delete the rows of ``table`` older than ``years``; the number deleted."""
    if years < 1:
        raise ValueError("the access log is kept at least a year")
    cutoff = years_before(clock.now(), years)
    deleted = 0
    while True:
        async with sessions() as session, session.begin():
            ids = select(table.c.id).where(table.c.at < cutoff).limit(batch)
            result = await session.execute(delete(table).where(table.c.id.in_(ids)))
        count = int(getattr(result, "rowcount", 0) or 0)
        deleted += count
        if count < batch:
            break
    log.info("access_log_pruned", table=table.name, deleted=deleted, before=cutoff.isoformat())
    return deleted


def prune_access_log_command(table: Table, *, clock: Clock = SYSTEM_CLOCK) -> ServiceCommand:
    """``<service> prune-access-log [--years N]`` for the service's ``table``."""

    async def run(settings: ServiceSettings, args: argparse.Namespace) -> None:
        years = args.years or getattr(settings, "access_log_keep_years", KEEP_YEARS)
        engine = create_engine(settings.resolved_database_url, pool_size=2)
        try:
            await prune_access_log(create_session_factory(engine), table, years=years, clock=clock)
        finally:
            await engine.dispose()

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            help=f"keep this many years (default: access_log_keep_years, {KEEP_YEARS})",
        )

    return ServiceCommand(
        name=NAME,
        help=f"delete access-log rows older than {KEEP_YEARS} years (run daily)",
        run=run,
        add_arguments=arguments,
    )
