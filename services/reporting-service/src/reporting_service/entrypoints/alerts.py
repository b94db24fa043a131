"""Alerts and the organisation model over HTTP: what is missing, and who owns what."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.access.recorder import audited
from helhet_common.domain_errors import NotFound
from helhet_common.pagination import PageDep
from reporting_service.adapters import queries
from reporting_service.domain.alerts import RULES, RuleId
from reporting_service.domain.organisation import RESPONSIBILITIES, OrganisationModel
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.deps import AlertsRead, CatalogueDep, Reader, UowDep
from reporting_service.service_layer import access

router = APIRouter(tags=["alerts"])

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
}


class AlertStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"


def alert_fields(row: dict[str, Any]) -> dict[str, Any]:
    """An ``alerts`` row as the API shows it."""
    assignee = (
        schemas.PersonPublic(sub=row["assignee_sub"], name=row["assignee_name"])
        if row.get("assignee_sub")
        else None
    )
    return {
        **row,
        "status": "open" if row["closed_at"] is None else "closed",
        "assignee": assignee,
    }


def alert_public(row: dict[str, Any]) -> schemas.AlertPublic:
    return schemas.AlertPublic(**alert_fields(row))


@router.get(
    "/alerts",
    response_model=schemas.AlertsPublic,
    summary="Alerts in the caller's municipality, filterable by rule, unit and status",
    description="The alerts that name a participant only for the participants you have a "
    "basis for (none for operators and admins; the total counts those shown to you); each "
    "participant named is in their access log (one read). Alerts that name no participant "
    "are shown to every reader.",
    responses={**schemas.ok(schemas.ALERTS_EXAMPLE), **PROBLEMS},
)
async def list_alerts(
    record: AlertsRead,
    uow: UowDep,
    page: PageDep,
    rule: Annotated[RuleId | None, Query(description="a gap rule's id")] = None,
    unit: Annotated[
        str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60, description="unit id")
    ] = None,
    status: Annotated[AlertStatus, Query()] = AlertStatus.OPEN,
    participant_id: Annotated[UUID | None, Query()] = None,
) -> schemas.AlertsPublic:

    async def read() -> schemas.AlertsPublic:
        total, rows = await queries.list_alerts(
            uow.session,
            record.municipality,
            rule_id=rule.value if rule else None,
            unit_id=unit,
            status=status.value,
            participant_id=participant_id,
            limit=page.limit,
            offset=page.offset,
            readable=await access.readable(uow, record, access.ALERTS),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.ALERTS)
        return schemas.AlertsPublic(
            items=[alert_public(r) for r in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


def model_public(model: OrganisationModel) -> schemas.OrganisationModelPublic:
    return schemas.OrganisationModelPublic(
        key=model.key,
        name=model.name,
        municipalities=list(model.municipalities),
        template=model.template,
        programme_owner=model.programme_owner,
        units=[schemas.UnitPublic(id=u.id, name=u.name, kind=u.kind) for u in model.units],
        responsibilities=[
            schemas.AssignmentPublic(
                responsibility=r.value,
                owner=a.owner if a else None,
                deliverers=list(a.deliverers) if a else [],
                agreement=schemas.AgreementPublic(
                    signed_on=a.agreement.signed_on,
                    status=a.agreement.status.value,
                    covers=a.agreement.covers,
                    names_owner=a.agreement.names_owner,
                )
                if a and a.agreement
                else None,
            )
            for r in RESPONSIBILITIES
            for a in [model.assignments.get(r)]
        ],
        team=schemas.TeamPublic(
            name=model.team.name,
            leader_role=model.team.leader_role,
            members=list(model.team.members),
        )
        if model.team
        else None,
        gap_rules=[
            schemas.GapRulePublic(
                id=rule.id,
                description=rule.description,
                scope=rule.scope.value,
                responsibility=rule.responsibility.value,
                threshold=rule.threshold(model) if rule.default_threshold is not None else None,
                default_threshold=rule.default_threshold,
                threshold_unit=rule.threshold_unit,
                routed_to=model.programme_owner
                if rule.scope.value == "organisation"
                else model.route(rule.responsibility),
                severity=rule.severity(model).value,
                default_severity=rule.default_severity.value,
            )
            for rule in RULES
        ],
        gaps=[
            schemas.ModelGapPublic(responsibility=g.responsibility.value, kind=g.kind.value)
            for g in model.gaps()
        ],
    )


@router.get(
    "/organisation-model",
    response_model=schemas.OrganisationModelPublic,
    summary="The caller's municipality's organisation model: units, owners, gap rules, gaps",
    responses={**PROBLEMS, 404: {"description": "No organisation model for the municipality"}},
)
async def get_organisation_model(
    principal: Reader, catalogue: CatalogueDep
) -> schemas.OrganisationModelPublic:
    model = catalogue.for_municipality(principal.municipality)
    if model is None:
        raise NotFound(
            "No organisation model is configured for your municipality.",
            code="no-organisation-model",
        )
    return model_public(model)
