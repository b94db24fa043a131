"""Outcome cohorts of a municipality (``domain/cohorts.py``), for the JSON API and the
leader's cohort page alike; the values come already suppressed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from reporting_service.domain import cohorts
from reporting_service.domain.chain import ChainState
from reporting_service.domain.cohorts import CohortReport
from reporting_service.service_layer.kpis import load_chains

__all__ = ["CohortReport", "cohort_report"]


async def cohort_report(
    session: AsyncSession,
    municipality: str,
    *,
    today: date,
    chains: Sequence[ChainState] | None = None,
) -> CohortReport:
    states = chains if chains is not None else await load_chains(session, municipality)
    return cohorts.report(states, municipality=municipality, today=today)
