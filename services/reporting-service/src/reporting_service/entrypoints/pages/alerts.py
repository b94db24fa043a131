"""The alerts page: open and closed alerts by rule, unit and status. It shares its path
with the JSON API and answers only requests that ask for HTML."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reporting_service.adapters import queries
from reporting_service.domain.alerts import RULES
from reporting_service.entrypoints.alerts import AlertStatus, alert_public
from reporting_service.entrypoints.deps import CatalogueDep, Today
from reporting_service.entrypoints.pages.access import HtmlRoute, audited_page, signed_in
from reporting_service.entrypoints.pages.filters import (
    PAGE_SIZE,
    choice,
    cohort_filter,
    page_number,
    pager,
    sort_choice,
    sort_headers,
    unit_filter,
    unit_names,
    year_range,
)
from reporting_service.entrypoints.pages.participants import HOUSEHOLDS, STAGES
from reporting_service.entrypoints.pages.people import names
from reporting_service.entrypoints.pages.rendering import href, render
from reporting_service.entrypoints.pages.texts import Translator, page_language
from reporting_service.service_layer import access

router = APIRouter(include_in_schema=False, route_class=HtmlRoute)

RULE_IDS = [rule.id for rule in RULES]
SEVERITIES = ("high", "medium", "low")
DEFAULT_SORT = "-opened"  # the newest first
ALERT_STATUSES = [s.value for s in AlertStatus]


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(
    request: Request,
    catalogue: CatalogueDep,
    today: Today,
    rule: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    severity: str | None = None,
    stage: str | None = None,
    household: str | None = None,
    cohort: str | None = None,
    sort: str | None = None,
    page: str | None = None,
) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    rule_id = choice(rule, RULE_IDS, "rule")
    unit_id = unit_filter(unit)
    chosen_status = choice(status, ALERT_STATUSES, "status") or AlertStatus.OPEN.value
    chosen_severity = choice(severity, SEVERITIES, "severity")
    chosen_stage = choice(stage, STAGES, "stage")
    chosen_household = choice(household, HOUSEHOLDS, "household")
    cohort_year = cohort_filter(cohort, today)
    order = sort_choice(sort, queries.ALERT_SORTS, DEFAULT_SORT)
    number = page_number(page)

    async def read(uow: Any, record: Any) -> tuple[int, list[dict[str, Any]]]:
        total, rows = await queries.list_alerts(
            uow.session,
            principal.municipality,
            rule_id=rule_id,
            unit_id=unit_id,
            status=chosen_status,
            participant_id=None,
            severity=chosen_severity,
            stage=chosen_stage,
            household=chosen_household,
            ended_between=year_range(cohort_year) if cohort_year else None,
            sort=(order.key, order.descending),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            readable=await access.readable(uow, record, access.ALERTS),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.ALERTS)
        return total, rows

    total, rows = await audited_page(request, principal, ["alerts"], read)
    people = await names(request, principal, (r["participant_id"] for r in rows))
    model = catalogue.for_municipality(principal.municipality)
    units = unit_names(model)
    if unit_id and unit_id not in units:
        units = {**units, unit_id: unit_id}
    items = []
    for alert in (alert_public(r) for r in rows):
        items.append(
            {
                "rule": t.maybe("rule", alert.rule_id),
                "participant_id": str(alert.participant_id) if alert.participant_id else None,
                "responsibility": t.maybe("responsibility", alert.responsibility),
                "unit": units.get(alert.unit_id, alert.unit_id) if alert.unit_id else "",
                "unit_id": alert.unit_id,
                "since": t.day(alert.since),
                "opened": t.day(alert.opened_at),
                "open": alert.status == "open",
                "severity": alert.severity,
                "severity_label": t(f"severity.{alert.severity}"),
                "closed": t.day(alert.closed_at),
                "reason": t.maybe("close_reason", alert.close_reason),
            }
        )
    filters = {
        "rule": rule_id or "",
        "unit": unit_id or "",
        "status": chosen_status,
        "severity": chosen_severity or "",
        "stage": chosen_stage or "",
        "household": chosen_household or "",
        "cohort": str(cohort_year or ""),
    }
    params = {
        "rule": rule_id,
        "unit": unit_id,
        "status": chosen_status if chosen_status != AlertStatus.OPEN.value else None,
        "severity": chosen_severity,
        "stage": chosen_stage,
        "household": chosen_household,
        "cohort": cohort_year,
    }
    return render(
        request,
        "alerts.html",
        principal=principal,
        lang=t.lang,
        active="alerts",
        context={
            "items": items,
            "people": people,
            "rules": [(r, t(f"rule.{r}")) for r in RULE_IDS],
            "units": units,
            "statuses": [(s, t(f"alert_status.{s}")) for s in ALERT_STATUSES],
            "filters": filters,
            "severities": [(s, t(f"severity.{s}")) for s in SEVERITIES],
            "stages": [(s, t(f"stage.{s}")) for s in STAGES],
            "households": [(h, t(f"household.{h}")) for h in HOUSEHOLDS],
            "cohorts": [(str(y), str(y)) for y in range(today.year, today.year - 6, -1)],
            "sort": order.param,
            "default_sort": DEFAULT_SORT,
            "sorts": sort_headers(
                order,
                queries.ALERT_SORTS,
                lambda key: href("/alerts", t.lang, **params, sort=key),
            ),
            "pager": pager(
                number,
                total,
                lambda n: href(
                    "/alerts",
                    t.lang,
                    **params,
                    sort=order.param if order.param != DEFAULT_SORT else None,
                    page=n if n > 1 else None,
                ),
            ),
        },
    )
