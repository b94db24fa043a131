"""Outcome cohorts over HTTP (``GET /cohorts``): the share in work or education by exit
year (at exit and one year after) and by years since settlement (1 to 5), split by the
coarse gender, against the targets. Suppressed like the KPIs; definitions in
``docs/kpis.md``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from helhet_common.municipalities import name_of
from reporting_service.domain import cohorts as cohort_domain
from reporting_service.domain.cohorts import GROUPS, CohortValue
from reporting_service.domain.suppression import MIN_GROUP
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.deps import Reader, SessionDep, Today
from reporting_service.service_layer import cohorts as cohort_service

router = APIRouter(tags=["kpis"])

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
}
GROUP_CODES: dict[str, schemas.GroupCode] = {
    cohort_domain.ALL: "all",
    "female": "female",
    "male": "male",
    "other_or_unknown": "other_or_unknown",
}


def cell_public(group: str, value: CohortValue) -> schemas.CohortCellPublic:
    return schemas.CohortCellPublic(
        group=GROUP_CODES[group],
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        suppressed=value.suppressed,
        target=value.target,
        meets_target=value.meets_target,
    )


def report_public(report: cohort_domain.CohortReport) -> schemas.CohortReportPublic:
    columns = [cohort_domain.ALL, *(str(y) for y in report.exit_years)]
    return schemas.CohortReportPublic(
        municipality=report.municipality,
        municipality_name=name_of(report.municipality),
        as_of=report.as_of,
        min_group_size=MIN_GROUP,
        target_at_exit=cohort_domain.AT_EXIT_TARGET,
        target_one_year_after=cohort_domain.ONE_YEAR_TARGET,
        exit_cohorts=[
            schemas.ExitCohortPublic(
                exit_year=None if column == cohort_domain.ALL else int(column),
                at_exit=[cell_public(g, report.at_exit[(g, column)]) for g in GROUPS],
                one_year_after=[cell_public(g, report.one_year_after[(g, column)]) for g in GROUPS],
            )
            for column in columns
        ],
        years_since_settlement=[
            schemas.FollowUpYearPublic(
                years_since_settlement=years,
                groups=[
                    cell_public(g, report.years_since_settlement[(g, str(years))]) for g in GROUPS
                ],
            )
            for years in cohort_domain.FOLLOW_UP_YEARS
        ],
    )


@router.get(
    "/cohorts",
    response_model=schemas.CohortReportPublic,
    summary="Outcome cohorts by exit year and by years since settlement, by gender",
    responses={**schemas.ok(schemas.COHORT_REPORT_EXAMPLE), **PROBLEMS},
)
async def get_cohorts(
    principal: Reader, session: SessionDep, today: Today
) -> schemas.CohortReportPublic:
    """The share in work or education at exit (IMDi, target 55 %) and one year after
    (SSB, target 70 %) per exit year, and in each of the five years after settlement
    (the yearly follow-up), for everyone and per coarse gender. Groups of 1 to 4
    persons, and those that would reveal one, have no figures (``suppressed``)."""
    report = await cohort_service.cohort_report(session, principal.municipality, today=today)
    return report_public(report)
