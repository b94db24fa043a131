"""Dependencies of reporting-service's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.auth import (
    ADMIN,
    CASEWORKER,
    INTEGRATION_LEADER,
    OPERATOR,
    Principal,
    require_roles,
)
from helhet_common.clock import SYSTEM_CLOCK, Clock
from reporting_service.domain.organisation import Catalogue


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read-only session: reporting-service's API never writes."""
    async with request.app.state.session_factory() as session:
        yield session


READER_ROLES = (INTEGRATION_LEADER, CASEWORKER, OPERATOR, ADMIN)

SessionDep = Annotated[AsyncSession, Depends(read_session)]
Reader = Annotated[Principal, Depends(require_roles(*READER_ROLES))]


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
