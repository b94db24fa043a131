"""The overview page: what needs attention today (the work queue per unit and its oldest
alerts), the chain's counts, the open alerts, the KPIs of the municipality
(a unit, an exit cohort) and their last twelve months."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.auth import Principal
from helhet_common.clock import OSLO
from reporting_service.adapters import queries
from reporting_service.domain.chain import STAGE_ORDER, Stage
from reporting_service.domain.kpis import NATIONAL_REFERENCES, TrendRow
from reporting_service.domain.organisation import OrganisationModel
from reporting_service.entrypoints import charts
from reporting_service.entrypoints.deps import CatalogueDep, SessionDep, Today
from reporting_service.entrypoints.pages import queue as queue_pages
from reporting_service.entrypoints.pages.access import signed_in
from reporting_service.entrypoints.pages.filters import choice, cohort_filter, unit_names
from reporting_service.entrypoints.pages.rendering import href, lands_on_queue, render
from reporting_service.entrypoints.pages.texts import Translator, page_language
from reporting_service.service_layer import kpis as kpi_service
from reporting_service.service_layer.access import PARTICIPANT_READER_ROLES

router = APIRouter(include_in_schema=False)


def stage_tiles(overview: queries.Overview, t: Translator) -> list[dict[str, Any]]:
    stages = list(STAGE_ORDER)
    if overview.by_stage.get(Stage.UNKNOWN, 0):
        stages.append(Stage.UNKNOWN)
    return [
        {"stage": s.value, "label": t(f"stage.{s.value}"), "count": overview.by_stage.get(s, 0)}
        for s in stages
    ]


def kpi_label(kpi: kpi_service.KpiValue, t: Translator) -> str:
    return str(kpi.label.get(t.lang) or kpi.label.get("nb") or kpi.id)


def kpi_number(value: float, unit: str, t: Translator) -> str:
    if unit == "share":
        return t.percent(value)
    if unit == "days":
        return t("kpi.days", n=t.number(value), count=value)
    return t.number(value)


def kpi_formatter(unit: str, t: Translator) -> Callable[[float], str]:
    """The same function for the same unit and language, so that a trend chart drawn
    with it is drawn once (``charts.trend_chart`` keeps charts by their arguments)."""
    return _formatter(unit, t.lang)


@functools.cache
def _formatter(unit: str, lang: str) -> Callable[[float], str]:
    t = Translator(lang)

    def formatted(value: float) -> str:
        return kpi_number(value, unit, t)

    return formatted


def kpi_shown(kpi: kpi_service.KpiValue, t: Translator) -> str:
    """The value as text: "skjult (<5)" when suppressed, never a number then."""
    if kpi.suppressed:
        return t("kpi.suppressed")
    if kpi.value is None:
        return t("kpi.no_data")
    return kpi_number(kpi.value, kpi.unit, t)


# How far from its target a KPI may be and still be "near" it: ten percentage points for
# a share, a tenth of the target for days and counts (docs/kpis.md).
NEAR_SHARE = 0.10
NEAR_RELATIVE = 0.10


def standing(kpi: kpi_service.KpiValue) -> str | None:
    """``met``, ``near`` or ``far`` from the KPI's target; None without a target or a
    value to compare (suppressed, no data)."""
    if kpi.suppressed or kpi.value is None or kpi.target is None:
        return None
    gap = kpi.value - kpi.target if kpi.direction == "lower" else kpi.target - kpi.value
    if gap <= 0:
        return "met"
    margin = NEAR_SHARE if kpi.unit == "share" else abs(kpi.target) * NEAR_RELATIVE
    return "near" if gap <= margin + 1e-9 else "far"


# The list behind a tile: the alerts of the rule that watches the KPI's items, else the
# people of the exit cohort shown (for a role that may see them).
KPI_ALERT_RULES = {
    "days_settlement_to_plan": "no-plan-after-programme-start",
    "plan_reviews_on_time": "plan-not-reviewed",
    "singles_with_network": "single-without-social-network",
    "placements_within_wishes": "placement-outside-wishes",
    "placement_to_job": "placement-ended-without-next-step",
}


def kpi_list_url(
    kpi: kpi_service.KpiValue, t: Translator, *, cohort: int | None, sees_people: bool
) -> str | None:
    rule = KPI_ALERT_RULES.get(kpi.id)
    if rule is not None:
        return href("/alerts", t.lang, rule=rule)
    if sees_people:
        return href("/participants", t.lang, cohort=cohort)
    return None


def kpi_tile(
    kpi: kpi_service.KpiValue,
    t: Translator,
    units: Mapping[str, str],
    *,
    cohort: int | None = None,
    sees_people: bool = False,
) -> dict[str, Any]:
    shown = not kpi.suppressed and kpi.value is not None
    target = None
    if kpi.target is not None:
        sign = "\u2264" if kpi.direction == "lower" else "\u2265"
        target = f"{sign} {kpi_number(kpi.target, kpi.unit, t)}"
    return {
        "id": kpi.id,
        "label": kpi_label(kpi, t),
        "value": kpi_shown(kpi, t),
        "suppressed": kpi.suppressed,
        "empty": not kpi.suppressed and kpi.value is None,
        "fraction": t("kpi.fraction", numerator=kpi.numerator, denominator=kpi.denominator)
        if shown and kpi.unit == "share" and kpi.denominator
        else None,
        "target": target,
        "meets_target": kpi.meets_target if shown else None,
        "standing": standing(kpi),
        "url": kpi_list_url(kpi, t, cohort=cohort, sees_people=sees_people),
        "owner": units.get(kpi.owner_unit, kpi.owner_unit) if kpi.owner_unit else None,
    }


def kpi_trend_view(
    kpi: kpi_service.KpiValue, rows: Sequence[TrendRow], t: Translator
) -> dict[str, Any]:
    """A KPI's last twelve months as a chart, a table and a CSV link, each with the
    same months a year before and, where there is one, the national figure. A
    suppressed month is a gap in the line and "skjult (<5)" in the table: its value
    never reaches the page."""
    label = kpi_label(kpi, t)
    months = [t.month(r.point.month) for r in rows]
    reference = NATIONAL_REFERENCES.get(kpi.id)

    def value(p: kpi_service.TrendPoint) -> float | None:
        return None if p.suppressed else p.value

    return {
        "id": kpi.id,
        "label": label,
        "rows": [
            {
                "month": month,
                "value": kpi_shown(r.point, t),
                "previous": kpi_shown(r.previous, t),
                "national": kpi_number(r.national, kpi.unit, t) if r.national is not None else None,
            }
            for month, r in zip(months, rows, strict=True)
        ],
        "national_source": t(f"chart.national_source.{kpi.id}") if reference else None,
        "csv_url": href(f"/kpis/{kpi.id}/trend.csv", t.lang),
        "suppressed": sum(1 for r in rows if r.point.suppressed),
        "chart": charts.trend_chart(
            label=t("kpi.trend_label", kpi=label),
            x_labels=months,
            values=[value(r.point) for r in rows],
            series_label=t("chart.value"),
            formatter=kpi_formatter(kpi.unit, t),
            no_data=t("kpi.no_data"),
            target=kpi.target,
            target_label=t("kpi.target"),
            max_value=1.0 if kpi.unit == "share" else None,
            whole_numbers=kpi.unit != "share",
            previous=[value(r.previous) for r in rows],
            previous_label=t("chart.previous"),
            reference=reference,
            reference_label=t("chart.national"),
        ),
    }


def updated_text(position: datetime | None, t: Translator, today: date) -> str | None:
    """ "oppdatert 14:32" (with the day when it is not today): when the projection last
    applied events, in Norwegian time."""
    if position is None:
        return None
    local = position.astimezone(OSLO)
    if local.date() == today:
        return t("overview.updated_at", time=local.strftime("%H:%M"))
    return t("overview.updated_on", day=t.day(local), time=local.strftime("%H:%M"))


OLDEST_SHOWN = 5


async def needs_attention(
    session: AsyncSession,
    municipality: str,
    today: date,
    t: Translator,
    units: Mapping[str, str],
) -> dict[str, Any]:
    """'Trenger oppmerksomhet i dag': the queue's alerts per unit (how many, how many of
    them high) and the oldest ones."""
    per_unit = await queries.waiting_per_unit(session, municipality, today)
    oldest = await queries.oldest_waiting(session, municipality, today, OLDEST_SHOWN)
    return {
        "units": [
            {
                "unit_id": unit_id,
                "name": units.get(unit_id, unit_id) if unit_id else t("overview.attention_no_unit"),
                "waiting": waiting,
                "high": high,
            }
            for unit_id, waiting, high in per_unit
        ],
        "total": sum(waiting for _, waiting, _ in per_unit),
        "oldest": [queue_pages.alert_view(row, t, units, today) for row in oldest],
    }


def own_unit(principal: Principal, model: OrganisationModel | None) -> str | None:
    """The caller's unit: the one unit of the municipality of the caller's agency's kind
    (``refugee-service`` is a ``refugee_service`` unit); None when there is none or more
    than one (three learning centres)."""
    if model is None:
        return None
    kind = principal.agency.replace("-", "_")
    found = [u.id for u in model.units if u.kind == kind]
    return found[0] if len(found) == 1 else None


def landing(principal: Principal, model: OrganisationModel | None, lang: str) -> str:
    """Where ``/`` sends a caseworker: the queue of their unit, else the alerts assigned
    to them."""
    unit_id = own_unit(principal, model)
    if unit_id is not None:
        return href("/queue", lang, unit=unit_id)
    return href("/queue", lang, show="mine")


@router.get("/", response_class=HTMLResponse)
async def overview_page(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    unit: str | None = None,
    cohort: str | None = None,
    view: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    model = catalogue.for_municipality(principal.municipality)
    # ``/`` is where every sign-in lands: a caseworker goes on to their queue (the
    # overview stays one click away, ``/?view=overview``).
    if choice(view, ["overview"], "view") is None and lands_on_queue(principal):
        return RedirectResponse(
            landing(principal, model, t.lang),
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )
    units = unit_names(model)
    unit_id = choice(unit, list(units), "unit")
    cohort_year = cohort_filter(cohort, today)
    overview = await queries.overview(session, principal.municipality)
    open_alerts = await queries.open_alert_count(session, principal.municipality)
    attention = await needs_attention(session, principal.municipality, today, t, units)
    chains = await kpi_service.load_chains(session, principal.municipality)
    report = await kpi_service.compute_kpis(
        session,
        principal.municipality,
        unit=unit_id,
        cohort=cohort_year,
        today=today,
        catalogue=catalogue,
        chains=chains,
    )
    trends = await kpi_service.kpi_trend_rows(
        session,
        principal.municipality,
        months=12,
        today=today,
        catalogue=catalogue,
        chains=chains,
    )

    def shown(kpi_id: str) -> bool:
        """A trend with a month to show; one that is all suppressed or empty gets no chart."""
        return any(
            not r.point.suppressed and r.point.value is not None for r in trends.get(kpi_id, [])
        )

    years = sorted({*report.cohorts, *([cohort_year] if cohort_year else [])}, reverse=True)
    return render(
        request,
        "overview.html",
        principal=principal,
        lang=t.lang,
        active="overview",
        context={
            "municipality": principal.municipality,
            "view": "overview" if lands_on_queue(principal) else None,
            "total": overview.total,
            "open_alerts": open_alerts,
            "attention": attention,
            "stages": stage_tiles(overview, t),
            "units": units,
            "years": [str(y) for y in years],
            "filters": {"unit": unit_id or "", "cohort": str(cohort_year or "")},
            "kpis": [
                kpi_tile(
                    kpi,
                    t,
                    units,
                    cohort=cohort_year,
                    sees_people=principal.has_role(*PARTICIPANT_READER_ROLES),
                )
                for kpi in report.kpis
            ],
            "csv_url": href("/kpis.csv", t.lang, unit=unit_id, cohort=cohort_year),
            "updated": updated_text(await queries.projection_position(session), t, today),
            "trends": [
                kpi_trend_view(kpi, trends[kpi.id], t) for kpi in report.kpis if shown(kpi.id)
            ],
            "without_trend": [kpi_label(kpi, t) for kpi in report.kpis if not shown(kpi.id)],
        },
    )
