"""``reporting-service evaluate-alerts``: the daily clock of the gap rules.

Alerts that time alone opens, such as "no plan 90 days after the programme started",
open here; run it once a day (a CronJob in production, hourly in ``make dev``).
"""

from __future__ import annotations

import argparse
from datetime import date

import structlog

from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.service import ConfigurationError, ServiceCommand
from reporting_service.adapters.organisation import OrganisationModelError, catalogue
from reporting_service.service_layer.alerts import evaluate_all
from reporting_service.settings import ReportingSettings

log = structlog.get_logger(__name__)


def check_organisation_models(settings: ReportingSettings) -> None:
    """Every command first loads the organisation models; an invalid one stops it with
    a message naming the file, the line and the field."""
    try:
        catalogue(settings.organisation_models_dir)
    except OrganisationModelError as exc:
        raise ConfigurationError(str(exc)) from exc


async def evaluate_alerts(settings: ReportingSettings, args: argparse.Namespace) -> None:
    await evaluate_alerts_on(settings, day=args.date)


async def reconcile_alerts_after_rebuild(settings: ReportingSettings) -> None:
    """A rebuild keeps the alerts table and does not evaluate replayed history; bring
    every alert in line with the rebuilt chains at once (the same as the daily job)."""
    await evaluate_alerts_on(settings)


async def evaluate_alerts_on(
    settings: ReportingSettings, *, day: date | None = None, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Every alert evaluated as of ``day`` (default: the clock's today); an alert opens
    or closes at the clock's now."""
    log.info("alerts_evaluation_started")
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            counts = await evaluate_all(
                session,
                catalogue=catalogue(settings.organisation_models_dir),
                today=day or clock.today(),
                now=clock.now(),
            )
    finally:
        await engine.dispose()
    log.info(
        "alerts_evaluated",
        participants=counts.participants,
        opened=counts.opened,
        closed=counts.closed,
    )


def _date_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date.fromisoformat, help="evaluate as of this day")


EVALUATE_ALERTS = ServiceCommand(
    name="evaluate-alerts",
    help="evaluate the time-based gap rules once (run daily)",
    run=evaluate_alerts,
    add_arguments=_date_argument,
)
