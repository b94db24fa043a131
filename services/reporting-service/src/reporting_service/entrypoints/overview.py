"""The integration leader's overview over JSON (the pages are in ``pages``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from helhet_common.access.recorder import audited
from helhet_common.domain_errors import NotFound
from helhet_common.municipalities import name_of
from helhet_common.pagination import PageDep
from reporting_service.adapters import chain_rows, queries
from reporting_service.domain.chain import STAGE_LABELS, STAGE_ORDER, ActionLink, Stage, links
from reporting_service.domain.organisation import Catalogue, OrganisationModel
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.alerts import alert_public
from reporting_service.entrypoints.deps import (
    CatalogueDep,
    ChainRead,
    ChainsRead,
    Reader,
    SessionDep,
    Today,
    UowDep,
)
from reporting_service.service_layer import access
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork

router = APIRouter(tags=["overview"])

Language = Annotated[str, Query(pattern="^(nb|en)$", description="nb (default) or en")]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
    404: {"description": "Not found in your municipality"},
}
# The routes that show participants: the integration leader and caseworkers only, each
# read in the access log (docs/identity.md, "Reads of personal data").
PARTICIPANT_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **PROBLEMS,
    403: {
        "description": "Role not allowed (operators and admins see no participant), or "
        "`no-basis-for-purpose`: your sharing basis does not cover this data (for the "
        "`X-Purpose` named)"
    },
    404: {
        "description": "No such participant in your municipality, or none you have a "
        "sharing basis to read"
    },
}


def _overview_public(
    overview: queries.Overview, lang: str, open_alerts: int = 0
) -> schemas.OverviewPublic:
    labels = STAGE_LABELS[lang]
    stages = [
        schemas.StageCount(stage=s.value, label=labels[s], count=overview.by_stage.get(s, 0))
        for s in STAGE_ORDER
    ]
    unknown = overview.by_stage.get(Stage.UNKNOWN, 0)
    if unknown:
        stages.append(
            schemas.StageCount(
                stage=Stage.UNKNOWN.value, label=labels[Stage.UNKNOWN], count=unknown
            )
        )
    return schemas.OverviewPublic(
        municipality=overview.municipality,
        municipality_name=name_of(overview.municipality),
        total=overview.total,
        stages=stages,
        households=overview.by_household,
        open_alerts=open_alerts,
    )


@router.get(
    "/overview",
    response_model=schemas.OverviewPublic,
    summary="Participants per link of the chain in the caller's municipality",
    responses={**schemas.ok(schemas.OVERVIEW_EXAMPLE), **PROBLEMS},
)
async def get_overview(
    principal: Reader, session: SessionDep, lang: Language = "nb"
) -> schemas.OverviewPublic:
    overview = await queries.overview(session, principal.municipality)
    open_alerts = await queries.open_alert_count(session, principal.municipality)
    return _overview_public(overview, lang, open_alerts)


@router.get(
    "/participants",
    response_model=schemas.ChainsPublic,
    summary="Participants' chains in the caller's municipality, filterable by stage",
    description="Only the participants you have a basis for (the total counts those "
    "alone); each participant listed is in their access log (one read).",
    responses={**schemas.ok(schemas.CHAINS_EXAMPLE), **PARTICIPANT_PROBLEMS},
)
async def list_chains(
    record: ChainsRead,
    uow: UowDep,
    page: PageDep,
    stage: Annotated[Stage | None, Query()] = None,
) -> schemas.ChainsPublic:
    async def read() -> schemas.ChainsPublic:
        total, rows = await queries.list_chains(
            uow.session,
            record.municipality,
            stage=stage.value if stage else None,
            limit=page.limit,
            offset=page.offset,
            readable=await access.readable(uow, record, access.CHAIN),
        )
        await access.note_all(uow, record, (r["participant_id"] for r in rows), access.CHAIN)
        return schemas.ChainsPublic(
            items=[_chain_public(r) for r in rows],
            total=total,
            limit=page.limit,
            offset=page.offset,
        )

    return await audited(uow, record, read)


def _chain_public(row: dict[str, Any]) -> schemas.ChainPublic:
    return schemas.ChainPublic(**row, next_step_responsibility=row["next_step"])


def _action_public(
    action: ActionLink, model: OrganisationModel | None, today: date
) -> schemas.ActionPublic:
    assert action.due_date is not None  # open actions are created ones
    return schemas.ActionPublic(
        action_id=UUID(action.action_id),
        meeting_id=UUID(action.meeting_id) if action.meeting_id else None,
        owner_agency=action.owner_agency,
        owner_unit=action.owner_unit,
        owner_unit_known=model.unit(action.owner_unit) is not None if model else None,
        responsibility=action.responsibility,
        created_on=action.created_on,
        due_date=action.due_date,
        overdue=action.past_due(today),
        days_overdue=action.days_overdue(today),
    )


@router.get(
    "/participants/{participant_id}/chain",
    response_model=schemas.ChainDetailPublic,
    summary="One participant's chain: every link, who acts next, the plan's follow-up "
    "(reviews, NAV, open actions), open alerts",
    description="In the participant's access log (categories `chain`, `alerts`).",
    responses={**schemas.ok(schemas.CHAIN_DETAIL_EXAMPLE), **PARTICIPANT_PROBLEMS},
)
async def get_chain(
    participant_id: UUID,
    record: ChainRead,
    uow: UowDep,
    catalogue: CatalogueDep,
    today: Today,
) -> schemas.ChainDetailPublic:
    async def read() -> schemas.ChainDetailPublic:
        row = await queries.chain(uow.session, participant_id)
        if row is None or row["municipality"] != record.municipality:
            raise NotFound.of("participant")  # the same whether unknown or another's
        await access.basis_for(uow, record, participant_id, access.CHAIN)
        return await _chain_detail(uow, row, catalogue, today)

    return await audited(uow, record, read)


async def _chain_detail(
    uow: ReportingUnitOfWork, row: dict[str, Any], catalogue: Catalogue, today: date
) -> schemas.ChainDetailPublic:
    participant_id = row["participant_id"]
    session = uow.session
    state = chain_rows.from_row(row)
    model = catalogue.for_municipality(state.municipality)
    step = state.next_step
    leave = state.on_leave(today)
    return schemas.ChainDetailPublic(
        **_chain_public(row).model_dump(),
        links=[
            schemas.LinkPublic(
                responsibility=link.responsibility.value,
                status=link.status.value,
                started_on=link.started_on,
                ended_on=link.ended_on,
                count=link.count,
                owner_unit=model.owner(link.responsibility) if model else None,
            )
            for link in links(state)
        ],
        next_step=schemas.NextStepPublic(
            responsibility=step.value, unit_id=model.owner(step) if model else None
        )
        if step
        else None,
        plan_last_reviewed_on=state.last_reviewed_on,
        plan_next_review_due=state.next_review_due,
        plan_reviews=len(state.reviews),
        nav_involved=state.involves_nav,
        nav_involved_since=state.nav_involved_since,
        open_actions=[_action_public(a, model, today) for a in state.open_actions],
        on_leave=schemas.LeavePublic(from_date=leave.from_date, to_date=leave.to_date)
        if leave
        else None,
        open_alerts=[
            alert_public(a) for a in await queries.open_alerts_of(session, participant_id)
        ],
    )
