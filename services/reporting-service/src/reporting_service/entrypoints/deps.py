"""Dependencies of reporting-service's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.access.recorder import AccessRecord, access_recorder
from helhet_common.auth import (
    ADMIN,
    CASEWORKER,
    INTEGRATION_LEADER,
    OPERATOR,
    Principal,
    require_roles,
)
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.commands import CommandRunner, command_runner
from reporting_service.adapters import tables
from reporting_service.domain.organisation import Catalogue
from reporting_service.service_layer.access import PARTICIPANT_READER_ROLES
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read-only session: reporting-service's API never writes."""
    async with request.app.state.session_factory() as session:
        yield session


READER_ROLES = (INTEGRATION_LEADER, CASEWORKER, OPERATOR, ADMIN)
# Who works the alert queue (acknowledge, take, comment, snooze, close): the people who
# own the follow-up in the municipality. Operators and admins only read alerts.
WORKER_ROLES = (CASEWORKER, INTEGRATION_LEADER)

SessionDep = Annotated[AsyncSession, Depends(read_session)]
reader = require_roles(*READER_ROLES)
Reader = Annotated[Principal, Depends(reader)]
# Who may read a participant's chain (and the list of them): not operators and admins.
participant_reader = require_roles(*PARTICIPANT_READER_ROLES)

# A read of participants' personal data, recorded in the access log: who, why, which
# categories (``helhet_common.access``).
ChainRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, participant_reader, "chain", "alerts"))
]
ChainsRead = Annotated[
    AccessRecord, Depends(access_recorder(tables.access_log, participant_reader, "chain"))
]
AlertsRead = Annotated[AccessRecord, Depends(access_recorder(tables.access_log, reader, "alerts"))]


def organisation_catalogue(request: Request) -> Catalogue:
    """The organisation models loaded (and validated) when the app started."""
    catalogue: Catalogue = request.app.state.organisation_catalogue
    return catalogue


CatalogueDep = Annotated[Catalogue, Depends(organisation_catalogue)]


def clock() -> Clock:
    """The one clock (tests pin it with a ``FixedClock`` through
    ``app.dependency_overrides``)."""
    return SYSTEM_CLOCK


ClockDep = Annotated[Clock, Depends(clock)]


def today(clock: ClockDep) -> date:
    """The day in Norway: what "overdue" and the KPIs are computed as of."""
    return clock.today()


Today = Annotated[date, Depends(today)]


def get_uow(request: Request) -> ReportingUnitOfWork:
    """The work queue's unit of work, on the routes' one clock (the command runner makes
    it from the request alone, so a clock pinned with ``app.dependency_overrides[clock]``
    is read from there)."""
    pinned = request.app.dependency_overrides.get(clock)
    return ReportingUnitOfWork(
        request.app.state.session_factory,
        source=request.app.state.settings.source,
        clock=pinned() if pinned is not None else SYSTEM_CLOCK,
    )


UowDep = Annotated[ReportingUnitOfWork, Depends(get_uow)]

Worker = Annotated[Principal, Depends(require_roles(*WORKER_ROLES))]
Change = Annotated[
    CommandRunner[ReportingUnitOfWork],
    Depends(command_runner(get_uow, require_roles(*WORKER_ROLES))),
]
