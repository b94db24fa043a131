"""The HTTP schemas of reporting-service."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


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
    close_reason: str | None = Field(description="why it closed, a code")


class AlertsPublic(BaseModel):
    items: list[AlertPublic]
    total: int
    limit: int
    offset: int


class ChainDetailPublic(ChainPublic):
    """One participant's chain: every link, who acts next, and the open alerts."""

    links: list[LinkPublic]
    next_step: NextStepPublic | None
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
