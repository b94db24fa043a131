"""The HTTP schemas of reporting-service, with the examples its OpenAPI document shows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.schema_types import Day, LongText, RequestModel


class StageCount(BaseModel):
    stage: str
    label: str
    count: int


class OverviewPublic(BaseModel):
    """Counts of participants per link of the chain, in the caller's municipality."""

    municipality: str
    municipality_name: str
    total: int
    stages: list[StageCount]
    households: dict[str, int] = Field(description="participants by household type")
    open_alerts: int = Field(0, description="open alerts in the municipality")


class ChainPublic(BaseModel):
    participant_id: UUID
    municipality: str | None
    stage: str
    household_type: str | None
    settlement_date: date | None
    programme_regime: str | None
    programme_start: date | None
    programme_expected_end: date | None
    plan_version: int | None
    plan_end_goal: str | None
    plan_updated_at: datetime | None
    updated_at: datetime
    next_step_responsibility: str | None = Field(None, description="the link whose owner acts next")
    moved_on: date | None = Field(None, description="moved away from the municipality on")
    moved_to: str | None = Field(None, description="kommunenummer moved to; null: unknown/abroad")


class ChainsPublic(BaseModel):
    items: list[ChainPublic]
    total: int
    limit: int
    offset: int


class LinkPublic(BaseModel):
    responsibility: str
    status: str = Field(description="not_started, in_progress or done")
    started_on: date | None
    ended_on: date | None
    count: int = Field(description="placements, matches and sessions, plan versions, ...")
    owner_unit: str | None = Field(description="the unit that owns it in the model; null: nobody")


class NextStepPublic(BaseModel):
    responsibility: str
    unit_id: str | None = Field(description="the owner in the organisation model; null: nobody")


class PersonPublic(BaseModel):
    """A person as the token names them: the subject id and a display name, nothing else."""

    sub: str
    name: str | None


class AlertPublic(BaseModel):
    alert_id: UUID
    rule_id: str
    status: str = Field(description="open or closed")
    municipality: str
    participant_id: UUID | None = Field(description="null for an organisation alert")
    ref: str = Field(description="a placement id, a responsibility, or empty")
    responsibility: str
    unit_id: str | None = Field(description="the unit the alert is routed to")
    since: date | None = Field(description="the day the condition became true")
    opened_at: datetime
    closed_at: datetime | None
    close_reason: str | None = Field(
        description="why it closed, a code (`closed_by_hand`: a person closed it)"
    )
    severity: Literal["high", "medium", "low"] = Field(
        description="the rule's severity in the municipality when the alert opened"
    )
    version: int = Field(
        description="changes with every action on the alert; an action names the version "
        "it was based on"
    )
    acknowledged_at: datetime | None = Field(description="when a person first acknowledged it")
    assignee: PersonPublic | None = Field(description="who took it")
    snoozed_until: date | None = Field(
        description="out of the queue until this day (it is back on it)"
    )
    closed_by: str | None = Field(description="who closed it by hand (the token's subject)")


class AlertsPublic(BaseModel):
    items: list[AlertPublic]
    total: int
    limit: int
    offset: int


class QueueItemPublic(AlertPublic):
    age_days: int = Field(
        description="days since the condition became true (or since the alert opened)"
    )


class QueuePublic(BaseModel):
    """Open alerts that are not snoozed, by severity (high first) and then by age (oldest
    first)."""

    items: list[QueueItemPublic]
    total: int
    limit: int
    offset: int


class HistoryEntryPublic(BaseModel):
    action: Literal[
        "opened", "acknowledged", "assigned", "commented", "snoozed", "closed", "resolved"
    ] = Field(
        description="`opened` and `resolved` (closed by the data) are the rules'; the rest "
        "a person's"
    )
    at: datetime
    by: PersonPublic | None = Field(description="null for the rules' entries")
    text: str | None = Field(description="the comment, or the reason of a snooze or close")
    until: date | None = Field(description="a snooze's day")
    version: int | None = Field(description="the alert's version after a person's action")


class AlertHistoryPublic(BaseModel):
    alert: AlertPublic
    items: list[HistoryEntryPublic] = Field(description="oldest first")


def _example(example: dict[str, Any]) -> ConfigDict:
    """A request body's example (merged into ``RequestModel``'s strict config)."""
    return ConfigDict(json_schema_extra={"examples": [example]})


class AlertVersion(RequestModel):
    model_config = _example({"version": 3})

    version: int = Field(
        ge=1, le=1_000_000, description="the alert's version the action is based on"
    )


class AlertComment(AlertVersion):
    model_config = _example({"version": 3, "comment": "NAV is asked; answer expected this week."})

    comment: LongText


class AlertSnooze(AlertVersion):
    model_config = _example(
        {"version": 3, "until": "2026-11-30", "reason": "Waiting for the interpreter."}
    )

    until: Day = Field(description="the day it is back in the queue: after today in Norway")
    reason: LongText


class AlertClose(AlertVersion):
    model_config = _example({"version": 3, "reason": "The plan was made on paper."})

    reason: LongText


class ActionPublic(BaseModel):
    """An open action: a decision with an owning unit and a due date."""

    action_id: UUID
    meeting_id: UUID | None = Field(description="the meeting that decided it, if any")
    owner_agency: str | None
    owner_unit: str | None = Field(description="the owning unit, as plan-service names it")
    owner_unit_known: bool | None = Field(
        description="the municipality's organisation model names the unit (null: no model)"
    )
    responsibility: str | None
    created_on: date | None
    due_date: date
    overdue: bool = Field(description="open after its due date")
    days_overdue: int


class LeavePublic(BaseModel):
    """Leave from the programme that covers today (the reason is not shown)."""

    from_date: date
    to_date: date


class ChainDetailPublic(ChainPublic):
    """One participant's chain: every link, who acts next, the plan's follow-up (reviews,
    NAV involvement, open actions) and the open alerts."""

    links: list[LinkPublic]
    next_step: NextStepPublic | None
    plan_last_reviewed_on: date | None = Field(
        description="the latest review of the plan with the participant"
    )
    plan_next_review_due: date | None = Field(description="as the latest review set it")
    plan_reviews: int = Field(description="reviews of the plan with the participant")
    nav_involved: bool = Field(
        description="a NAV measure, a meeting with NAV present or a transition dialogue"
    )
    nav_involved_since: date | None
    open_actions: list[ActionPublic]
    on_leave: LeavePublic | None
    open_alerts: list[AlertPublic]


class AgreementPublic(BaseModel):
    signed_on: date
    status: str
    covers: bool
    names_owner: str | None


class AssignmentPublic(BaseModel):
    responsibility: str
    owner: str | None
    deliverers: list[str]
    agreement: AgreementPublic | None


class UnitPublic(BaseModel):
    id: str
    name: str
    kind: str


class TeamPublic(BaseModel):
    name: str
    leader_role: str
    members: list[str]


class GapRulePublic(BaseModel):
    id: str
    description: str
    scope: str
    responsibility: str
    threshold: int | None
    default_threshold: int | None
    threshold_unit: str | None
    routed_to: str | None = Field(description="the unit this municipality's alerts go to")
    severity: Literal["high", "medium", "low"] = Field(
        description="the work queue's order for this municipality's alerts of the rule"
    )
    default_severity: Literal["high", "medium", "low"]


class ModelGapPublic(BaseModel):
    responsibility: str
    kind: str = Field(description="unowned, owner_differs_from_agreement or no_agreement")


class OrganisationModelPublic(BaseModel):
    key: str
    name: str
    municipalities: list[str]
    template: bool
    programme_owner: str | None
    units: list[UnitPublic]
    responsibilities: list[AssignmentPublic]
    team: TeamPublic | None
    gap_rules: list[GapRulePublic]
    gaps: list[ModelGapPublic]


# -- KPIs ------------------------------------------------------------------------------------


class KpiPublic(BaseModel):
    """One KPI for the requested group. When ``suppressed``, value, numerator and
    denominator are null: the group has fewer than 5 persons, or showing it would let a
    smaller group be computed."""

    id: str
    label: str = Field(description="in the requested language")
    unit: Literal["share", "days", "count"] = Field(
        description="share: a fraction 0..1; days: a median; count: how many"
    )
    value: float | None
    numerator: int | None = Field(description="shares and counts; null for days")
    denominator: int | None = Field(description="shares: items counted; days: persons measured")
    suppressed: bool
    target: float | None = Field(description="same unit as the value; null: no target")
    meets_target: bool | None
    direction: Literal["higher", "lower"] = Field(description="which side of the target is good")
    target_source: str | None = Field(description="where the target comes from")
    owner_unit: str | None = Field(description="the unit that answers for it, if one")


class KpiReportPublic(BaseModel):
    """Every KPI of the caller's municipality (or the ones a unit answers for), for all
    exits or one exit cohort. Definitions: ``docs/kpis.md``."""

    municipality: str
    municipality_name: str
    municipalities: list[str] = Field(
        description="the municipalities the figures cover: the caller's, or the whole "
        "inter-municipal cooperation's (host first) with `cooperation=true`"
    )
    unit: str | None
    cohort: int | None = Field(description="the exit year; null: all")
    as_of: date
    min_group_size: int = Field(description="smaller groups (but not empty ones) are suppressed")
    cohorts: list[int] = Field(description="exit years with exits, newest first")
    units: list[str] = Field(description="units that answer for at least one KPI")
    kpis: list[KpiPublic]


GroupCode = Literal["all", "female", "male", "other_or_unknown"]


class CohortCellPublic(BaseModel):
    """The share in work or education of one gender group (``all``: everyone); all
    figures null when suppressed (1 to 4 persons, or it would reveal such a group)."""

    group: GroupCode
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    target: float | None
    meets_target: bool | None


class ExitCohortPublic(BaseModel):
    exit_year: int | None = Field(description="the year the programme ended; null: all years")
    at_exit: list[CohortCellPublic] = Field(description="IMDi's measure, target 55 %")
    one_year_after: list[CohortCellPublic] = Field(
        description="SSB's measure (November the year after the exit), target 70 %"
    )


class FollowUpYearPublic(BaseModel):
    years_since_settlement: int = Field(ge=1, le=5)
    groups: list[CohortCellPublic]


class CohortReportPublic(BaseModel):
    """Outcome cohorts of the caller's municipality by exit year and by years since
    settlement, split by the coarse gender. Definitions: ``docs/kpis.md``."""

    municipality: str
    municipality_name: str
    as_of: date
    min_group_size: int = Field(description="smaller groups (but not empty ones) are suppressed")
    target_at_exit: float
    target_one_year_after: float
    exit_cohorts: list[ExitCohortPublic] = Field(description="all years first, then oldest first")
    years_since_settlement: list[FollowUpYearPublic]


_CELL = {
    "value": 0.6,
    "numerator": 12,
    "denominator": 20,
    "suppressed": False,
}
COHORT_REPORT_EXAMPLE = {
    "municipality": "3403",
    "municipality_name": "Hamar",
    "as_of": "2026-11-23",
    "min_group_size": 5,
    "target_at_exit": 0.55,
    "target_one_year_after": 0.7,
    "exit_cohorts": [
        {
            "exit_year": 2025,
            "at_exit": [
                {"group": "all", **_CELL, "target": 0.55, "meets_target": True},
                {
                    "group": "other_or_unknown",
                    "value": None,
                    "numerator": None,
                    "denominator": None,
                    "suppressed": True,
                    "target": 0.55,
                    "meets_target": None,
                },
            ],
            "one_year_after": [{"group": "all", **_CELL, "target": 0.7, "meets_target": False}],
        }
    ],
    "years_since_settlement": [
        {
            "years_since_settlement": 3,
            "groups": [{"group": "all", **_CELL, "target": None, "meets_target": None}],
        }
    ],
}


class TrendPointPublic(BaseModel):
    month: str = Field(description="YYYY-MM: the twelve months ending with this one")
    period_start: date
    period_end: date
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    meets_target: bool | None


class KpiTrendPublic(BaseModel):
    """One KPI for the whole municipality, month by month (rolling twelve months)."""

    id: str
    label: str
    unit: Literal["share", "days", "count"]
    target: float | None
    direction: Literal["higher", "lower"]
    months: int
    points: list[TrendPointPublic]


# -- OpenAPI examples ---------------------------------------------------------------------

PARTICIPANT = "0192b4c8-7a3e-7c1e-9d2a-4b5c6d7e8f90"
ACTION = "0192b4d0-1111-7abc-8def-0123456789ab"
ALERT = "0192b4d2-2222-7abc-8def-0123456789ab"


def ok(example: Any, media_type: str = "application/json") -> dict[int | str, dict[str, Any]]:
    """A 200 response with ``example`` in the OpenAPI document."""
    return {200: {"content": {media_type: {"example": example}}}}


def problem_example(status: int, code: str, title: str, detail: str) -> dict[str, Any]:
    return {
        "description": title,
        "content": {
            "application/problem+json": {
                "example": {
                    "type": f"https://helhet.no/problems/{code}",
                    "title": title,
                    "status": status,
                    "code": code,
                    "detail": detail,
                }
            }
        },
    }


INVALID_INPUT = {
    "description": "Invalid parameters",
    "content": {
        "application/problem+json": {
            "example": {
                "type": "https://helhet.no/problems/invalid-input",
                "title": "Invalid input",
                "status": 422,
                "code": "invalid-input",
                "detail": "The request did not validate.",
                "errors": [
                    {
                        "location": ["query", "cohort"],
                        "message": "Input should be greater than or equal to 2000",
                        "type": "greater_than_equal",
                    }
                ],
            }
        }
    },
}

OVERVIEW_EXAMPLE = {
    "municipality": "3403",
    "municipality_name": "Hamar",
    "total": 42,
    "stages": [
        {"stage": "settled", "label": "Bosatt", "count": 6},
        {"stage": "programme", "label": "I introduksjonsprogram", "count": 9},
        {"stage": "plan", "label": "Har integreringsplan", "count": 27},
    ],
    "households": {"family": 25, "single": 17},
    "open_alerts": 11,
}

CHAIN_EXAMPLE = {
    "participant_id": PARTICIPANT,
    "municipality": "3403",
    "stage": "plan",
    "household_type": "single",
    "settlement_date": "2026-01-05",
    "programme_regime": "integreringsloven",
    "programme_start": "2026-02-01",
    "programme_expected_end": "2028-01-31",
    "plan_version": 2,
    "plan_end_goal": "work",
    "plan_updated_at": "2026-04-10T09:12:00Z",
    "updated_at": "2026-11-20T07:30:00Z",
    "next_step_responsibility": "nav_measures",
    "moved_on": None,
    "moved_to": None,
}

CHAINS_EXAMPLE = {"items": [CHAIN_EXAMPLE], "total": 1, "limit": 50, "offset": 0}

ALERT_EXAMPLE = {
    "alert_id": ALERT,
    "rule_id": "action-past-due",
    "status": "open",
    "municipality": "3403",
    "participant_id": PARTICIPANT,
    "ref": ACTION,
    "responsibility": "nav_measures",
    "unit_id": "nav",
    "since": "2026-11-02",
    "opened_at": "2026-11-02T05:00:00Z",
    "closed_at": None,
    "close_reason": None,
    "severity": "medium",
    "version": 3,
    "acknowledged_at": "2026-11-03T08:15:00Z",
    "assignee": {"sub": "kari.caseworker", "name": "Kari Nordmann"},
    "snoozed_until": None,
    "closed_by": None,
}

QUEUE_EXAMPLE = {
    "items": [{**ALERT_EXAMPLE, "age_days": 12}],
    "total": 1,
    "limit": 50,
    "offset": 0,
}

HISTORY_EXAMPLE = {
    "alert": ALERT_EXAMPLE,
    "items": [
        {
            "action": "opened",
            "at": "2026-11-02T05:00:00Z",
            "by": None,
            "text": None,
            "until": None,
            "version": None,
        },
        {
            "action": "assigned",
            "at": "2026-11-03T08:15:00Z",
            "by": {"sub": "kari.caseworker", "name": "Kari Nordmann"},
            "text": None,
            "until": None,
            "version": 2,
        },
        {
            "action": "commented",
            "at": "2026-11-03T08:20:00Z",
            "by": {"sub": "kari.caseworker", "name": "Kari Nordmann"},
            "text": "NAV is asked; answer expected this week.",
            "until": None,
            "version": 3,
        },
    ],
}

ALERTS_EXAMPLE = {"items": [ALERT_EXAMPLE], "total": 1, "limit": 50, "offset": 0}

CHAIN_DETAIL_EXAMPLE = {
    **CHAIN_EXAMPLE,
    "links": [
        {
            "responsibility": "settlement",
            "status": "done",
            "started_on": "2026-01-05",
            "ended_on": "2026-01-05",
            "count": 0,
            "owner_unit": "flyktningkontor",
        },
        {
            "responsibility": "plan",
            "status": "done",
            "started_on": "2026-03-02",
            "ended_on": "2026-09-15",
            "count": 2,
            "owner_unit": "flyktningkontor",
        },
        {
            "responsibility": "nav_measures",
            "status": "not_started",
            "started_on": None,
            "ended_on": None,
            "count": 0,
            "owner_unit": "nav",
        },
    ],
    "next_step": {"responsibility": "nav_measures", "unit_id": "nav"},
    "plan_last_reviewed_on": "2026-09-15",
    "plan_next_review_due": "2027-03-15",
    "plan_reviews": 1,
    "nav_involved": True,
    "nav_involved_since": "2026-09-15",
    "open_actions": [
        {
            "action_id": ACTION,
            "meeting_id": None,
            "owner_agency": "nav",
            "owner_unit": "nav",
            "owner_unit_known": True,
            "responsibility": "nav_measures",
            "created_on": "2026-09-15",
            "due_date": "2026-11-01",
            "overdue": True,
            "days_overdue": 22,
        }
    ],
    "on_leave": None,
    "open_alerts": [ALERT_EXAMPLE],
}

KPI_EXAMPLE = {
    "id": "work_or_education_one_year_after",
    "label": "I arbeid eller utdanning ett år etter",
    "unit": "share",
    "value": 0.6471,
    "numerator": 22,
    "denominator": 34,
    "suppressed": False,
    "target": 0.7,
    "meets_target": False,
    "direction": "higher",
    "target_source": "report-004 §5.1 (national targets, BLD allocation letters): 70 % one "
    "year after, the national goal since 2010",
    "owner_unit": "flyktningkontor",
}

KPI_SUPPRESSED_EXAMPLE = {
    "id": "placement_to_job",
    "label": "Praksis som endte med jobb",
    "unit": "share",
    "value": None,
    "numerator": None,
    "denominator": None,
    "suppressed": True,
    "target": None,
    "meets_target": None,
    "direction": "higher",
    "target_source": None,
    "owner_unit": None,
}

KPI_REPORT_EXAMPLE = {
    "municipality": "3403",
    "municipality_name": "Hamar",
    "municipalities": ["3403"],
    "unit": None,
    "cohort": 2025,
    "as_of": "2026-11-23",
    "min_group_size": 5,
    "cohorts": [2026, 2025, 2024],
    "units": ["flyktningkontor", "hls", "nav"],
    "kpis": [KPI_EXAMPLE, KPI_SUPPRESSED_EXAMPLE],
}

KPI_TREND_EXAMPLE = {
    "id": "work_or_education_at_exit",
    "label": "In work or education at exit",
    "unit": "share",
    "target": 0.55,
    "direction": "higher",
    "months": 2,
    "points": [
        {
            "month": "2026-10",
            "period_start": "2025-11-01",
            "period_end": "2026-10-31",
            "value": None,
            "numerator": None,
            "denominator": None,
            "suppressed": True,
            "meets_target": None,
        },
        {
            "month": "2026-11",
            "period_start": "2025-12-01",
            "period_end": "2026-11-23",
            "value": 0.5714,
            "numerator": 8,
            "denominator": 14,
            "suppressed": False,
            "meets_target": True,
        },
    ],
}

KPI_CSV_EXAMPLE = (
    "kpi;indikator;måleenhet;verdi;teller;nevner;mål;når målet;kommune;enhet;avgangskull\r\n"
    "work_or_education_one_year_after;I arbeid eller utdanning ett år etter;share;0,6471;22;34;"
    "0,7;nei;3403;;2025\r\n"
    "placement_to_job;Praksis som endte med jobb;share;skjult;skjult;skjult;;;3403;;2025\r\n"
)
KPI_TREND_CSV_EXAMPLE = (
    "måned;verdi;samme måned året før;landet;mål\r\n"
    "2026-08;0,6471;skjult;0,65;0,7\r\n"
    "2026-09;skjult;0,5833;0,65;0,7\r\n"
)
