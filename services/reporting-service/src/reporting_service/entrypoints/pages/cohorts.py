"""The leader's cohort page: the outcome curves to five years after settlement by
gender, and the exit cohorts at exit and one year after against the targets, each chart
with its table under it. The figures come suppressed from ``domain/cohorts.py``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reporting_service.domain import cohorts as cohort_domain
from reporting_service.domain.cohorts import ALL, GROUPS, CohortValue
from reporting_service.entrypoints import charts
from reporting_service.entrypoints.deps import SessionDep, Today
from reporting_service.entrypoints.pages.access import HtmlRoute, signed_in
from reporting_service.entrypoints.pages.rendering import render
from reporting_service.entrypoints.pages.texts import DASH, Translator, page_language
from reporting_service.service_layer import cohorts as cohort_service

router = APIRouter(include_in_schema=False, route_class=HtmlRoute)

GROUP_KEYS = {
    ALL: "all",
    "female": "female",
    "male": "male",
    "other_or_unknown": "other_or_unknown",
}


def shown(value: CohortValue, t: Translator) -> str:
    """ "60 % (12 av 20)", "skjult (<5)" or a dash when nobody is measured."""
    if value.suppressed:
        return t("kpi.suppressed")
    if value.value is None or value.numerator is None or value.denominator is None:
        return DASH
    return t(
        "cohorts.cell",
        value=t.percent(value.value),
        numerator=value.numerator,
        denominator=value.denominator,
    )


def cell(value: CohortValue, t: Translator) -> dict[str, Any]:
    standing = None
    if value.meets_target is not None:
        standing = "met" if value.meets_target else "far"
    label = {"met": t("cohorts.standing.met"), "far": t("cohorts.standing.far")}
    return {
        "text": shown(value, t),
        "standing": standing,
        "standing_text": label.get(standing or ""),
    }


def group_names(t: Translator) -> list[str]:
    return [t(f"cohorts.group.{GROUP_KEYS[g]}") for g in GROUPS]


def years_view(report: cohort_domain.CohortReport, t: Translator) -> dict[str, Any]:
    years = [str(n) for n in cohort_domain.FOLLOW_UP_YEARS]
    values = report.years_since_settlement
    series = [
        (name, [values[(g, y)].value for y in years])
        for g, name in zip(GROUPS, group_names(t), strict=True)
    ]
    labels = [t("cohorts.year_n", n=int(y)) for y in years]
    return {
        "chart": charts.curves_chart(
            label=t("cohorts.years_chart"),
            x_labels=labels,
            series=series,
            formatter=t.percent,
            no_data=t("cohorts.no_data"),
            targets=[(t("cohorts.target_one_year"), cohort_domain.ONE_YEAR_TARGET)],
        ),
        "rows": [
            {"label": label, "cells": [cell(values[(g, y)], t) for g in GROUPS]}
            for label, y in zip(labels, years, strict=True)
        ],
        "any": any(v.value is not None for v in values.values()),
    }


def exit_rows(
    values: Mapping[tuple[str, str], CohortValue], columns: Sequence[str], t: Translator
) -> list[dict[str, Any]]:
    return [
        {
            "label": t("cohorts.all_years") if column == ALL else column,
            "cells": [cell(values[(g, column)], t) for g in GROUPS],
        }
        for column in columns
    ]


def exit_view(report: cohort_domain.CohortReport, t: Translator) -> dict[str, Any]:
    years = [str(y) for y in report.exit_years]
    return {
        "chart": charts.curves_chart(
            label=t("cohorts.exit_chart"),
            x_labels=years,
            series=[
                (t("cohorts.at_exit"), [report.at_exit[(ALL, y)].value for y in years]),
                (
                    t("cohorts.one_year_after"),
                    [report.one_year_after[(ALL, y)].value for y in years],
                ),
            ],
            formatter=t.percent,
            no_data=t("cohorts.no_data"),
            targets=[
                (t("cohorts.target_at_exit"), cohort_domain.AT_EXIT_TARGET),
                (t("cohorts.target_one_year"), cohort_domain.ONE_YEAR_TARGET),
            ],
        ),
        "at_exit": exit_rows(report.at_exit, [*years, ALL], t),
        "one_year_after": exit_rows(report.one_year_after, [*years, ALL], t),
        "any": bool(years),
    }


@router.get("/cohorts", response_class=HTMLResponse)
async def cohorts_page(request: Request, session: SessionDep, today: Today) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    report = await cohort_service.cohort_report(session, principal.municipality, today=today)
    return render(
        request,
        "cohorts.html",
        principal=principal,
        lang=t.lang,
        active="cohorts",
        context={
            "groups": group_names(t),
            "years": years_view(report, t),
            "exits": exit_view(report, t),
        },
    )
