"""KPIs per municipality, unit and exit cohort, and their monthly trend.

Loads the municipality's chains and hands them to the pure definitions in
``domain/kpis.py`` (which also suppress small groups). Used by the JSON API
(``entrypoints/kpis.py``) and the web pages alike; both get values that are already
suppressed, so neither can show a small group by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_service.adapters import chain_rows
from reporting_service.adapters.tables import participant_chain
from reporting_service.domain import kpis as kpi_domain
from reporting_service.domain.chain import ChainState
from reporting_service.domain.kpis import (
    KPIS,
    KpiReport,
    KpiValue,
    TrendPoint,
    UnknownKpi,
    UnknownUnit,
)
from reporting_service.domain.organisation import Catalogue

__all__ = [
    "KPIS",
    "KpiReport",
    "KpiValue",
    "TrendPoint",
    "UnknownKpi",
    "UnknownUnit",
    "compute_kpis",
    "kpi_trend",
    "kpi_trend_rows",
    "kpi_trends",
    "load_chains",
    "load_chains_of",
]


async def load_chains(session: AsyncSession, municipality: str) -> list[ChainState]:
    """Every chain of the municipality (current and former participants)."""
    rows = await session.execute(
        select(participant_chain).where(participant_chain.c.municipality == municipality)
    )
    return [chain_rows.from_row(dict(r._mapping)) for r in rows]


async def load_chains_of(session: AsyncSession, municipalities: Sequence[str]) -> list[ChainState]:
    """Every chain of ``municipalities`` (an inter-municipal cooperation's)."""
    rows = await session.execute(
        select(participant_chain).where(participant_chain.c.municipality.in_(list(municipalities)))
    )
    return [chain_rows.from_row(dict(r._mapping)) for r in rows]


async def compute_kpis(
    session: AsyncSession,
    municipality: str,
    *,
    unit: str | None = None,
    cohort: int | None = None,
    today: date,
    catalogue: Catalogue,
    chains: Sequence[ChainState] | None = None,
) -> KpiReport:
    """Every KPI of ``municipality`` as of ``today``: for the whole municipality, or the
    KPIs ``unit`` answers for (over the items it owns); for all exits, or the exit cohort
    ``cohort`` (the year the programme ended). Raises ``UnknownUnit`` for a unit the
    municipality's organisation model does not name. ``chains``: the municipality's
    chains when the caller loaded them already (``load_chains``)."""
    model = catalogue.for_municipality(municipality)
    if unit is not None and (model is None or model.unit(unit) is None):
        raise UnknownUnit(unit)
    states = chains if chains is not None else await load_chains(session, municipality)
    return kpi_domain.report(
        states, model, municipality=municipality, unit=unit, cohort=cohort, today=today
    )


async def kpi_trend(
    session: AsyncSession,
    municipality: str,
    kpi_id: str,
    *,
    months: int = 12,
    today: date,
    catalogue: Catalogue,
) -> list[TrendPoint]:
    """One point per month for the last ``months`` months: the KPI for the whole
    municipality over the twelve months ending with that month, suppressed like the
    report. Raises ``UnknownKpi``."""
    kpi_domain.definition(kpi_id)  # fail before loading anything
    trends = await kpi_trends(
        session, municipality, [kpi_id], months=months, today=today, catalogue=catalogue
    )
    return trends[kpi_id]


async def kpi_trends(
    session: AsyncSession,
    municipality: str,
    kpi_ids: Iterable[str] | None = None,
    *,
    months: int = 12,
    today: date,
    catalogue: Catalogue,
    chains: Sequence[ChainState] | None = None,
) -> dict[str, list[TrendPoint]]:
    """``kpi_trend`` for several KPIs (all by default), loading the chains once (or
    using ``chains`` when the caller loaded them already)."""
    ids = [k.id for k in KPIS] if kpi_ids is None else list(kpi_ids)
    for kpi_id in ids:
        kpi_domain.definition(kpi_id)
    model = catalogue.for_municipality(municipality)
    states = chains if chains is not None else await load_chains(session, municipality)
    return {
        kpi_id: kpi_domain.trend(states, model, kpi_id, months=months, today=today)
        for kpi_id in ids
    }


async def kpi_trend_rows(
    session: AsyncSession,
    municipality: str,
    kpi_ids: Iterable[str] | None = None,
    *,
    months: int = 12,
    today: date,
    catalogue: Catalogue,
    chains: Sequence[ChainState] | None = None,
) -> dict[str, list[kpi_domain.TrendRow]]:
    """The last ``months`` of each KPI's trend beside the same months a year before and
    the national figure (``domain.kpis.trend_rows``)."""
    trends = await kpi_trends(
        session,
        municipality,
        kpi_ids,
        months=months + 12,
        today=today,
        catalogue=catalogue,
        chains=chains,
    )
    return {kpi_id: kpi_domain.trend_rows(kpi_id, points) for kpi_id, points in trends.items()}
