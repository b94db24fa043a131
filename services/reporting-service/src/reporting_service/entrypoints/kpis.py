"""KPIs over HTTP: the report (JSON and CSV) and a KPI's monthly trend.

Every figure comes from ``service_layer.kpis`` already suppressed: a group of fewer than
five persons, or one that would let such a group be computed, has no numbers at all.
Definitions: ``docs/kpis.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from helhet_common.cooperation import DEFAULT as DEFAULT_COOPERATION
from helhet_common.cooperation import Cooperation, CooperationDep
from helhet_common.municipalities import name_of
from reporting_service.domain import kpis as kpi_domain
from reporting_service.domain.kpis import (
    DIRECTION_CODES,
    KPIS_BY_ID,
    UNIT_CODES,
    KpiReport,
    KpiValue,
    TrendRow,
)
from reporting_service.domain.suppression import MIN_GROUP
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.deps import CatalogueDep, Reader, SessionDep, Today
from reporting_service.service_layer import kpis as kpi_service

router = APIRouter(tags=["kpis"])

Lang = Literal["nb", "en"]
LanguageQuery = Annotated[Lang, Query(description="labels in nb (default) or en")]
UnitQuery = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=60,
        description="a unit id of the municipality's organisation model: the KPIs it "
        "answers for, over what it owns",
    ),
]
CohortQuery = Annotated[
    int | None, Query(ge=2000, le=2100, description="exit cohort: the year the programme ended")
]
KpiId = Annotated[str, Path(pattern=r"^[a-z0-9_]+$", max_length=60, description="a KPI's id")]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
    422: schemas.INVALID_INPUT,
}
UNKNOWN_UNIT = schemas.problem_example(
    404, "unknown-unit", "Not found", "No unit 'nav-x' in your municipality's organisation model."
)
UNKNOWN_KPI = schemas.problem_example(404, "unknown-kpi", "Not found", "No KPI 'jobs'.")

SUPPRESSED_TEXT = {"nb": "skjult", "en": "suppressed"}
CSV_DIALECT = {"nb": (";", ","), "en": (",", ".")}  # (field separator, decimal mark)
CSV_HEADER = {
    "nb": [
        "kpi",
        "indikator",
        "måleenhet",
        "verdi",
        "teller",
        "nevner",
        "mål",
        "når målet",
        "kommune",
        "enhet",
        "avgangskull",
    ],
    "en": [
        "kpi",
        "indicator",
        "measure",
        "value",
        "numerator",
        "denominator",
        "target",
        "meets_target",
        "municipality",
        "unit",
        "cohort",
    ],
}
YES_NO = {"nb": ("ja", "nei"), "en": ("yes", "no")}


def kpi_public(value: KpiValue, lang: Lang) -> schemas.KpiPublic:
    return schemas.KpiPublic(
        id=value.id,
        label=value.label[lang],
        unit=value.unit,
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        suppressed=value.suppressed,
        target=value.target,
        meets_target=value.meets_target,
        direction=value.direction,
        target_source=value.target_source,
        owner_unit=value.owner_unit,
    )


CooperationQuery = Annotated[
    bool,
    Query(
        alias="cooperation",
        description="For the whole inter-municipal cooperation the caller's municipality "
        "is in (a host and the partners it serves, e.g. Lillehammer with Øyer and Gausdal), "
        "under the host's organisation model; a municipality in none: its own. The KPIs "
        "of one partner: `Helhet-Municipality` names it.",
    ),
]


async def _report(
    principal: Reader,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    unit: str | None,
    cohort: int | None,
    whole_cooperation: bool = False,
    cooperating: Cooperation = DEFAULT_COOPERATION,
) -> tuple[KpiReport, tuple[str, ...]]:
    municipalities = (
        cooperating.cooperation_of(principal.municipality)
        if whole_cooperation
        else (principal.municipality,)
    )
    report = await kpi_service.compute_kpis(
        session,
        municipalities[0],
        unit=unit,
        cohort=cohort,
        today=today,
        catalogue=catalogue,
        chains=await kpi_service.load_chains_of(session, municipalities)
        if whole_cooperation
        else None,
    )
    return report, municipalities


@router.get(
    "/kpis",
    response_model=schemas.KpiReportPublic,
    summary="The KPIs of the caller's municipality, a unit, or an exit cohort",
    responses={
        **schemas.ok(schemas.KPI_REPORT_EXAMPLE),
        **PROBLEMS,
        404: UNKNOWN_UNIT,
    },
)
async def get_kpis(
    principal: Reader,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    cooperating: CooperationDep,
    unit: UnitQuery = None,
    cohort: CohortQuery = None,
    lang: LanguageQuery = "nb",
    whole: CooperationQuery = False,
) -> schemas.KpiReportPublic:
    report, municipalities = await _report(
        principal, session, catalogue, today, unit, cohort, whole, cooperating
    )
    return schemas.KpiReportPublic(
        municipality=report.municipality,
        municipality_name=name_of(report.municipality),
        municipalities=list(municipalities),
        unit=report.unit,
        cohort=report.cohort,
        as_of=report.as_of,
        min_group_size=MIN_GROUP,
        cohorts=list(report.cohorts),
        units=list(report.units),
        kpis=[kpi_public(v, lang) for v in report.kpis],
    )


def _number(value: float | int | None, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", decimal)


def kpis_csv(report: KpiReport, lang: Lang) -> str:
    """The report as CSV a spreadsheet opens: Norwegian (``lang=nb``) separates fields with
    semicolons and writes decimal commas, as a Norwegian Excel or LibreOffice expects;
    English uses commas and decimal points. A suppressed cell is the text "skjult" or
    "suppressed" in value, numerator and denominator. UTF-8 with a byte-order mark."""
    separator, decimal = CSV_DIALECT[lang]
    hidden = SUPPRESSED_TEXT[lang]
    yes, no = YES_NO[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(CSV_HEADER[lang])
    for v in report.kpis:
        numbers: Sequence[str] = (
            [hidden, hidden, hidden]
            if v.suppressed
            else [
                _number(v.value, decimal),
                _number(v.numerator, decimal),
                _number(v.denominator, decimal),
            ]
        )
        meets = "" if v.meets_target is None else (yes if v.meets_target else no)
        writer.writerow(
            [
                v.id,
                v.label[lang],
                v.unit,
                *numbers,
                _number(v.target, decimal),
                meets,
                report.municipality,
                report.unit or "",
                "" if report.cohort is None else str(report.cohort),
            ]
        )
    return "\ufeff" + out.getvalue()


@router.get(
    "/kpis.csv",
    response_class=Response,
    summary="The KPIs as CSV for a spreadsheet (nb: semicolons and decimal commas)",
    responses={
        **schemas.ok(schemas.KPI_CSV_EXAMPLE, media_type="text/csv"),
        **PROBLEMS,
        404: UNKNOWN_UNIT,
    },
)
async def get_kpis_csv(
    principal: Reader,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    cooperating: CooperationDep,
    unit: UnitQuery = None,
    cohort: CohortQuery = None,
    lang: LanguageQuery = "nb",
    whole: CooperationQuery = False,
) -> Response:
    report, _ = await _report(
        principal, session, catalogue, today, unit, cohort, whole, cooperating
    )
    name = "-".join(
        part
        for part in (
            "kpis",
            report.municipality,
            "samarbeid" if whole else None,
            unit,
            str(cohort) if cohort else None,
        )
        if part
    )
    return Response(
        content=kpis_csv(report, lang).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get(
    "/kpis/{kpi_id}/trend",
    response_model=schemas.KpiTrendPublic,
    summary="One KPI for the caller's municipality month by month (rolling twelve months)",
    responses={
        **schemas.ok(schemas.KPI_TREND_EXAMPLE),
        **PROBLEMS,
        404: UNKNOWN_KPI,
    },
)
async def get_kpi_trend(
    kpi_id: KpiId,
    principal: Reader,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    months: Annotated[int, Query(ge=1, le=120, description="points, one per month")] = 12,
    lang: LanguageQuery = "nb",
) -> schemas.KpiTrendPublic:
    points = await kpi_service.kpi_trend(
        session, principal.municipality, kpi_id, months=months, today=today, catalogue=catalogue
    )
    kpi = KPIS_BY_ID[kpi_id]
    return schemas.KpiTrendPublic(
        id=kpi.id,
        label=kpi.label[lang],
        unit=UNIT_CODES[kpi.measure],
        target=kpi.target,
        direction=DIRECTION_CODES[kpi.direction],
        months=months,
        points=[
            schemas.TrendPointPublic(
                month=p.month.strftime("%Y-%m"),
                period_start=p.period_start,
                period_end=p.period_end,
                value=p.value,
                numerator=p.numerator,
                denominator=p.denominator,
                suppressed=p.suppressed,
                meets_target=p.meets_target,
            )
            for p in points
        ],
    )


TREND_CSV_HEADER = {
    "nb": ["måned", "verdi", "samme måned året før", "landet", "mål"],
    "en": ["month", "value", "same month a year before", "national", "target"],
}


def trend_csv(kpi_id: str, rows: Sequence[TrendRow], lang: Lang) -> str:
    """A KPI's trend as the overview's chart and table show it: one row per month
    (``YYYY-MM``) with the value, the same month a year before and the national figure
    (empty where there is none), and the target. A suppressed month is "skjult"/
    "suppressed"; the dialect is ``kpis_csv``'s."""
    separator, decimal = CSV_DIALECT[lang]
    hidden = SUPPRESSED_TEXT[lang]
    target = KPIS_BY_ID[kpi_id].target

    def shown(p: KpiValue) -> str:
        return hidden if p.suppressed else _number(p.value, decimal)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(TREND_CSV_HEADER[lang])
    for r in rows:
        writer.writerow(
            [
                r.point.month.strftime("%Y-%m"),
                shown(r.point),
                shown(r.previous),
                _number(r.national, decimal),
                _number(target, decimal),
            ]
        )
    return "\ufeff" + out.getvalue()


@router.get(
    "/kpis/{kpi_id}/trend.csv",
    response_class=Response,
    summary="One KPI's trend as CSV, beside the same months a year before and the national "
    "figure (the overview's chart and table)",
    responses={
        **schemas.ok(schemas.KPI_TREND_CSV_EXAMPLE, media_type="text/csv"),
        **PROBLEMS,
        404: UNKNOWN_KPI,
    },
)
async def get_kpi_trend_csv(
    kpi_id: KpiId,
    principal: Reader,
    session: SessionDep,
    catalogue: CatalogueDep,
    today: Today,
    months: Annotated[int, Query(ge=1, le=120, description="rows, one per month")] = 12,
    lang: LanguageQuery = "nb",
) -> Response:
    kpi_domain.definition(kpi_id)  # an unknown KPI is a 404 before anything is read
    trends = await kpi_service.kpi_trend_rows(
        session, principal.municipality, [kpi_id], months=months, today=today, catalogue=catalogue
    )
    name = f"{kpi_id}-{principal.municipality}"
    return Response(
        content=trend_csv(kpi_id, trends[kpi_id], lang).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
